"""Staff pages of practical projects (list, detail, forms) and the public portal page."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.core import listing, pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.procedures import clock
from fazhi.projects import selectors, services
from fazhi.projects.filters import ProjectFilter
from fazhi.projects.forms import DoneForm, MilestoneForm, NoteForm, ProjectForm
from fazhi.projects.models import Milestone, ProgressNote, Project

COLUMNS = [
    Column(_("项目名称"), lambda p: p.title, "title"),
    Column(_("项目年度"), lambda p: p.year, "year"),
    Column(_("责任单位"), lambda p: p.responsible_unit.name, "responsible_unit__name"),
    Column(_("状态"), lambda p: p.get_state_display(), "state"),
    Column(_("节点"), lambda p: f"{p.milestone_done}/{p.milestone_count}", "milestone_count"),
    Column(_("公开日期"), lambda p: p.published_on, "published_on"),
]


def _errors(form: Any) -> str:
    return "；".join(f"{form.fields[f].label}：{e}" if f in form.fields else str(e)
                    for f, errors in form.errors.items() for e in errors)


def _projects(user: Any) -> QuerySet[Project]:
    return (Project.objects.visible_to(user).select_related("responsible_unit")
            .annotate(milestone_count=Count("milestones"),
                      milestone_done=Count("milestones", filter=Q(milestones__done_on__isnull=False))))


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    title = gettext("法治为民办实事")
    ctx = listing.build(request, _projects(request.user), functools.partial(ProjectFilter, user=request.user),
                        COLUMNS, "-year")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], COLUMNS, title)
    ctx.update(title=title, create_url="projects:project_create",
               can_create=services.writable_units(request.user).exists())
    return render(request, "fazhi/list.html", ctx)


@login_required
@require_safe
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _projects(request.user).select_related("unit").get_visible_or_404(request.user, pk=pk)
    can_change = Project.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    may_report = services.may_report(request.user, project)
    milestones = list(Milestone.objects.visible_to(request.user).filter(project=project).order_by("due_on", "pk"))
    return render(request, "projects/project_detail.html", {
        "project": project, "can_change": can_change, "may_report": may_report, "milestones": milestones,
        "notes": list(ProgressNote.objects.visible_to(request.user).filter(project=project).select_related("author")),
        "done_form": DoneForm(auto_id="id_done_%s", initial={"done_on": clock.today()}) if may_report else None,
        "today": clock.today()})


@login_required
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        project = Project.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        project = Project()
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    return pages.form_page(request, form,
                      lambda: services.save_project(actor=request.user, project=form.save(commit=False)),
                      gettext("编辑项目") if pk else gettext("新建法治为民办实事项目"), gettext("已保存项目。"),
                      project if pk else None)


@login_required
@require_POST
def project_publish(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    project = Project.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    publish = request.POST.get("publish") != "0"
    try:
        services.publish_project(actor=request.user, project=project, publish=publish)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("已在公众门户公开。") if publish else gettext("已撤回公开。"))
    return redirect(project)


@login_required
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    project = Project.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = MilestoneForm(request.POST or None)

    def save() -> Milestone:
        return services.add_milestone(actor=request.user, project=project, title=form.cleaned_data["title"],
                                      due_on=form.cleaned_data["due_on"])

    return pages.form_page(request, form, save, gettext("添加节点：%(p)s") % {"p": project.title}, gettext("已添加节点。"),
                      project)


@login_required
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    milestone = Milestone.objects.select_related("project").get_visible_or_404(request.user, pk=pk)
    if not Project.objects.visible_to(request.user, CHANGE).filter(pk=milestone.project_id).exists():
        raise Http404
    form = MilestoneForm(request.POST or None, instance=milestone)
    return pages.form_page(request, form,
                      lambda: services.save_milestone(actor=request.user, milestone=form.save(commit=False)),
                      gettext("编辑节点"), gettext("已保存节点。"), milestone.project)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    milestone = Milestone.objects.select_related("project").get_visible_or_404(request.user, CHANGE, pk=pk)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(milestone.project)
    try:
        services.mark_milestone_done(actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("已登记节点完成。"))
    return redirect(milestone.project)


@login_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    project = Project.objects.get_visible_or_404(request.user, pk=pk)
    if not services.may_report(request.user, project):
        raise Http404
    form = NoteForm(request.POST or None, initial={"noted_on": clock.today()})

    def save() -> Project:
        services.add_note(actor=request.user, project=project, text=form.cleaned_data["text"],
                          noted_on=form.cleaned_data["noted_on"])
        return project

    return pages.form_page(request, form, save, gettext("填报进展：%(p)s") % {"p": project.title}, gettext("已填报进展。"),
                      project)


@require_safe
def public_projects(request: HttpRequest) -> HttpResponse:
    years = selectors.public_years()
    year = years[0] if years else None
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        year = int(asked)
    projects = list(selectors.public_projects_of(year)) if year else []
    return render(request, "projects/public_projects.html", {"years": years, "year": year, "projects": projects})
