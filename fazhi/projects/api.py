"""API of practical projects (/api/v1/projects/): projects with milestones; creation, milestones,
progress notes, publication. Steps (启动实施, 办结, 撤销) go through POST /api/v1/procedures/transitions."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.models import Unit
from fazhi.projects import services
from fazhi.projects.filters import ProjectFilter
from fazhi.projects.models import Milestone, ProgressNote, Project

router = Router(tags=["projects"])


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: datetime.date
    done_on: datetime.date | None


class NoteOut(Schema):
    id: int
    noted_on: datetime.date
    text: str


class ProjectOut(Schema):
    id: int
    unit_id: int
    year: int
    title: str
    description: str
    responsible_unit_id: int
    responsible_unit: str
    target: str
    state: str
    state_label: str
    completed_on: datetime.date | None
    published_on: datetime.date | None
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_responsible_unit(obj: Project) -> str:
        return obj.responsible_unit.name

    @staticmethod
    def resolve_state_label(obj: Project) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_milestones(obj: Project) -> list:
        return list(obj.milestones.all())


class ProjectIn(Schema):
    unit_id: int
    year: int
    title: str
    responsible_unit_id: int
    description: str = ""
    target: str = ""


class MilestoneIn(Schema):
    title: str
    due_on: datetime.date


class DoneIn(Schema):
    done_on: datetime.date


class NoteIn(Schema):
    text: str
    noted_on: datetime.date | None = None


class PublishIn(Schema):
    publish: bool = True


def _projects(user):
    return Project.objects.visible_to(user).select_related("responsible_unit").prefetch_related("milestones")


@router.get("/projects", response=list[ProjectOut], summary="可见的法治为民办实事项目")
@paginate(PageNumberPagination, page_size=50)
def projects_list_projects(request, q: str | None = None, year: int | None = None, state: str | None = None,
                  published: bool | None = None, responsible_unit: int | None = None):
    data = {"q": q, "year": year, "state": state, "responsible_unit": responsible_unit,
            "published": None if published is None else str(published).lower()}
    filterset = ProjectFilter({k: v for k, v in data.items() if v is not None}, _projects(request.auth),
                              user=request.auth)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs.order_by("-year", "pk")


@router.get("/projects/{practical_project_id}", response=ProjectOut, summary="项目详情")
def projects_get_project(request, practical_project_id: int):
    return _projects(request.auth).get_visible_or_404(request.auth, pk=practical_project_id)


@router.get("/projects/{practical_project_id}/notes", response=list[NoteOut], summary="项目进展情况")
def projects_list_notes(request, practical_project_id: int):
    project = Project.objects.get_visible_or_404(request.auth, pk=practical_project_id)
    return list(ProgressNote.objects.visible_to(request.auth).filter(project=project))


@router.post("/projects", response={201: ProjectOut}, summary="新建法治为民办实事项目")
def projects_create_project(request, payload: ProjectIn):
    require_writer(request.auth)
    unit = services.writable_units(request.auth).filter(pk=payload.unit_id).first()
    responsible = Unit.objects.visible_to(request.auth).filter(pk=payload.responsible_unit_id).first()
    if unit is None or responsible is None:
        raise Http404
    project = services.create_project(actor=request.auth, unit=unit, year=payload.year, title=payload.title,
                                      responsible_unit=responsible, description=payload.description,
                                      target=payload.target)
    return Status(201, _projects(request.auth).get(pk=project.pk))


@router.post("/projects/{practical_project_id}/milestones", response={201: MilestoneOut}, summary="添加节点")
def projects_add_milestone(request, practical_project_id: int, payload: MilestoneIn):
    require_writer(request.auth)
    project = Project.objects.get_visible_or_404(request.auth, CHANGE, pk=practical_project_id)
    return Status(201, services.add_milestone(actor=request.auth, project=project, title=payload.title,
                                              due_on=payload.due_on))


@router.post("/milestones/{milestone_id}/done", response=MilestoneOut, summary="登记节点完成")
def projects_milestone_done(request, milestone_id: int, payload: DoneIn):
    require_writer(request.auth)
    milestone = Milestone.objects.get_visible_or_404(request.auth, CHANGE, pk=milestone_id)
    return services.mark_milestone_done(actor=request.auth, milestone=milestone, done_on=payload.done_on)


@router.post("/projects/{practical_project_id}/notes", response={201: NoteOut}, summary="填报进展")
def projects_add_note(request, practical_project_id: int, payload: NoteIn):
    require_writer(request.auth)
    project = Project.objects.get_visible_or_404(request.auth, pk=practical_project_id)
    return Status(201, services.add_note(actor=request.auth, project=project, text=payload.text,
                                         noted_on=payload.noted_on))


@router.post("/projects/{practical_project_id}/publish", response=ProjectOut, summary="在公众门户公开或撤回")
def projects_publish(request, practical_project_id: int, payload: PublishIn):
    require_writer(request.auth)
    project = Project.objects.get_visible_or_404(request.auth, CHANGE, pk=practical_project_id)
    services.publish_project(actor=request.auth, project=project, publish=payload.publish)
    return _projects(request.auth).get(pk=project.pk)
