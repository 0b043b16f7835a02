"""Staff pages of case-file review (score sheets, plans and their draw, file reviews, findings, reminder
letters, wrong-case accountability) and the portal's page of drawn plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from fazhi.casereviews import services
from fazhi.casereviews.filters import (
    AccountabilityFilter,
    FindingFilter,
    LetterFilter,
    PlanFilter,
    ReviewFilter,
    SheetFilter,
)
from fazhi.casereviews.forms import (
    AccountabilityForm,
    FindingForm,
    LetterForm,
    PlanForm,
    ScoreForm,
    SheetForm,
    SheetItemForm,
)
from fazhi.casereviews.models import (
    FileReview,
    FindingState,
    PlanState,
    ReminderLetter,
    ReviewFinding,
    ReviewPlan,
    ScoreSheet,
    ScoreSheetItem,
    WrongCaseAccountability,
    points_text,
)
from fazhi.core import listing, pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.enforcement.models import EnforcementBody
from fazhi.procedures import clock

SHEET_COLUMNS = [
    Column(_("评分表名称"), lambda s: s.name, "name"),
    Column(_("版本"), lambda s: s.version, "version"),
    Column(_("制定单位"), lambda s: s.unit.name, "unit__name"),
    Column(_("施行日期"), lambda s: s.valid_from, "valid_from"),
    Column(_("评查标准数"), lambda s: s.item_count, "item_count"),
    Column(_("已使用"), lambda s: s.frozen, "frozen"),
]
PLAN_COLUMNS = [
    Column(_("计划名称"), lambda p: p.title, "title"),
    Column(_("组织单位"), lambda p: p.office.name, "office__name"),
    Column(_("评查周期"), lambda p: p.get_period_kind_display(), "period_kind"),
    Column(_("评查期间"), lambda p: p.period_label, "start_on"),
    Column(_("状态"), lambda p: p.get_state_display(), "state"),
    Column(_("抽取案卷数"), lambda p: p.review_count, "review_count"),
    Column(_("已评分"), lambda p: p.scored_count, "scored_count"),
]
PUBLIC_PLAN_COLUMNS = PLAN_COLUMNS[:5]
REVIEW_COLUMNS = [
    Column(_("案件编号"), lambda r: r.case.number, "case__number"),
    Column(_("执法主体"), lambda r: r.body.unit.name, "body__unit__name"),
    Column(_("评查计划"), lambda r: r.plan.title, "plan__title"),
    Column(_("评查人员"), lambda r: r.reviewer.full_name or r.reviewer.username, "reviewer__username"),
    Column(_("总分"), lambda r: points_text(r.total) if r.total is not None else "", "total"),
    Column(_("等次"), lambda r: r.get_grade_display() if r.grade else "", "grade"),
    Column(_("评查日期"), lambda r: r.scored_on, "scored_on"),
]
FINDING_COLUMNS = [
    Column(_("存在问题"), lambda f: pages.excerpt(f.text)),
    Column(_("执法主体"), lambda f: f.body.unit.name, "body__unit__name"),
    Column(_("案件编号"), lambda f: f.review.case.number, "review__case__number"),
    Column(_("问题类别"), lambda f: f.get_category_display(), "category"),
    Column(_("反馈日期"), lambda f: f.returned_on, "returned_on"),
    Column(_("整改时限"), lambda f: f.due_on, "due_on"),
    Column(_("状态"), lambda f: f.get_state_display(), "state"),
]
LETTER_COLUMNS = [
    Column(_("文号"), lambda x: x.number, "number"),
    Column(_("执法主体"), lambda x: x.body.unit.name, "body__unit__name"),
    Column(_("发函单位"), lambda x: x.office.name, "office__name"),
    Column(_("发函日期"), lambda x: x.issued_on, "issued_on"),
    Column(_("问题数"), lambda x: x.finding_count, "finding_count"),
]
ACCOUNTABILITY_COLUMNS = [
    Column(_("案件编号"), lambda a: a.case_number, "case_number"),
    Column(_("执法主体"), lambda a: a.body.unit.name, "body__unit__name"),
    Column(_("错误类型"), lambda a: a.get_error_kind_display(), "error_kind"),
    Column(_("发现途径"), lambda a: a.get_found_by_display(), "found_by"),
    Column(_("问责方式"), lambda a: a.get_decision_display(), "decision"),
    Column(_("问责日期"), lambda a: a.decided_on, "decided_on"),
    Column(_("问责机关"), lambda a: a.decided_by, "decided_by"),
]


def _edit(request: HttpRequest, record: Any, form_class: type, save: Callable[..., Any], title: str,
          saved: str) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(request.user, form), title, saved)


def _can_change(model: type[Model], user: Any, pk: int) -> bool:
    return model.objects.visible_to(user, CHANGE).filter(pk=pk).exists()


def _manages(user: Any) -> bool:
    return services.writable_units(user).exists()


def _errors_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# ---- score sheets -----------------------------------------------------------------------------------


@login_required
@require_safe
def sheet_list(request: HttpRequest) -> HttpResponse:
    qs = ScoreSheet.objects.visible_to(request.user).select_related("unit").annotate(item_count=Count("items"))
    return pages.list_page(request, qs, SheetFilter, SHEET_COLUMNS, "-valid_from", gettext("评查评分表"),
                 "casereviews:sheet_create", lambda: _manages(request.user))


@login_required
@require_safe
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = ScoreSheet.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
    can_change = _can_change(ScoreSheet, request.user, pk) and not sheet.frozen
    items = list(sheet.items.order_by("order", "pk"))
    return render(request, "casereviews/sheet_detail.html", {
        "sheet": sheet, "items": items, "total": points_text(services.sheet_total(sheet)),
        "can_change": can_change, "item_form": SheetItemForm() if can_change else None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sheet_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        sheet = ScoreSheet.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not _manages(request.user):
            raise Http404
        sheet = ScoreSheet(valid_from=clock.today())
    return _edit(request, sheet, SheetForm,
                 lambda actor, form: services.save_sheet(actor=actor, sheet=form.save(commit=False)),
                 gettext("编辑评分表") if pk else gettext("新建评分表"), gettext("已保存评分表“%(name)s”。"))


@login_required
@require_POST
def sheet_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    sheet = ScoreSheet.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = SheetItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_sheet_item(actor=request.user, sheet=sheet, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors_text(exc))
        else:
            messages.success(request, gettext("已添加评查标准。"))
    else:
        messages.error(request, "；".join(f"{form.fields[f].label}：{e}" if f in form.fields else e
                                         for f, errors in form.errors.items() for e in errors))
    return redirect(sheet)


@login_required
@require_POST
def sheet_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    item = ScoreSheetItem.objects.select_related("sheet").get_visible_or_404(request.user, CHANGE, pk=pk)
    try:
        services.remove_sheet_item(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, _errors_text(exc))
    else:
        messages.success(request, gettext("已删除评查标准。"))
    return redirect(item.sheet)


# ---- plans ------------------------------------------------------------------------------------------


def _plans(user: Any) -> QuerySet[ReviewPlan]:
    return (ReviewPlan.objects.visible_to(user).select_related("office")
            .annotate(review_count=Count("reviews"),
                      scored_count=Count("reviews", filter=Q(reviews__scored_on__isnull=False))))


@login_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    return pages.list_page(request, _plans(request.user), PlanFilter, PLAN_COLUMNS, "-start_on", gettext("案卷评查计划"),
                 "casereviews:plan_create", lambda: _manages(request.user))


def _body_names(plan: ReviewPlan) -> dict[str, str]:
    keys = [int(g["key"]) for g in plan.inputs.get("entity_groups", [])]
    return {str(b.pk): b.unit.name for b in EnforcementBody.objects.filter(pk__in=keys).select_related("unit")}


@login_required
@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = ReviewPlan.objects.select_related("office", "sheet").get_visible_or_404(request.user, pk=pk)
    reviews = (FileReview.objects.visible_to(request.user).filter(plan=plan)
               .select_related("case", "body__unit", "reviewer").order_by("body_id", "case__number"))
    grades = {row["grade"]: row["n"] for row in reviews.exclude(grade="").values("grade").annotate(n=Count("pk"))}
    return render(request, "casereviews/plan_detail.html", {
        "plan": plan, "reviews": reviews, "grades": grades, "published": plan.published_draw(),
        "body_names": _body_names(plan), "bodies": plan.bodies.select_related("unit"),
        "reviewers": plan.reviewers.order_by("username"),
        "can_edit": plan.state == PlanState.DRAFT and _can_change(ReviewPlan, request.user, pk)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        plan = ReviewPlan.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if plan.state != PlanState.DRAFT:
            raise Http404
    else:
        if not _manages(request.user):
            raise Http404
        plan = ReviewPlan(year=clock.today().year)

    def save(actor: Any, form: Any) -> ReviewPlan:
        return services.save_plan(actor=actor, plan=form.save(commit=False), bodies=form.cleaned_data["bodies"],
                                  reviewers=form.cleaned_data["reviewers"])

    return _edit(request, plan, PlanForm, save, gettext("编辑评查计划") if pk else gettext("新建评查计划"),
                 gettext("已保存评查计划“%(name)s”。"))


# ---- file reviews -----------------------------------------------------------------------------------


def _reviews(user: Any) -> QuerySet[FileReview]:
    return FileReview.objects.visible_to(user).select_related("case", "body__unit", "plan", "reviewer")


@login_required
@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    return pages.list_page(request, _reviews(request.user), ReviewFilter, REVIEW_COLUMNS, "case__number",
                 gettext("评查案卷"), "", lambda: False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _reviews(request.user).select_related("plan__sheet").get_visible_or_404(request.user, pk=pk)
    if request.method == "POST":
        require_writer(request.user)
    plan = review.plan
    items = list(plan.sheet.items.order_by("order", "pk"))
    scores = {s.item_id: s for s in review.scores.all()}
    may_score = plan.state == PlanState.REVIEWING and services.may_score(request.user, review)
    office = _can_change(ReviewPlan, request.user, plan.pk)
    score_form = ScoreForm(request.POST if request.POST.get("action") == "score" else None, items=items,
                           scores=scores, initial={"comments": review.comments})
    finding_form = FindingForm(request.POST if request.POST.get("action") == "finding" else None,
                               initial={"returned_on": clock.today()})
    if request.method == "POST" and request.POST.get("action") == "score" and score_form.is_valid():
        try:
            services.score_file(actor=request.user, review=review, points=score_form.points(),
                                notes=score_form.notes(), comments=score_form.cleaned_data["comments"])
        except ValidationError as exc:
            pages.apply_errors(score_form, exc)
        else:
            messages.success(request, gettext("已保存评分。"))
            return redirect(review)
    if request.method == "POST" and request.POST.get("action") == "finding" and finding_form.is_valid():
        try:
            services.return_finding(actor=request.user, review=review, **finding_form.cleaned_data)
        except ValidationError as exc:
            pages.apply_errors(finding_form, exc)
        else:
            messages.success(request, gettext("已反馈问题，整改时限已开始计算。"))
            return redirect(review)
    findings = ReviewFinding.objects.visible_to(request.user).filter(review=review).order_by("pk")
    return render(request, "casereviews/review_detail.html", {
        "review": review, "plan": plan, "rows": [(item, scores.get(item.pk)) for item in items],
        "score_form": score_form if may_score else None,
        "finding_form": finding_form if office and review.scored and plan.state != PlanState.CLOSED else None,
        "findings": findings, "plan_visible": ReviewPlan.objects.visible_to(request.user).filter(pk=plan.pk).exists()})


# ---- findings ---------------------------------------------------------------------------------------


def _findings(user: Any) -> QuerySet[ReviewFinding]:
    return ReviewFinding.objects.visible_to(user).select_related("body__unit", "review__case")


@login_required
@require_safe
def finding_list(request: HttpRequest) -> HttpResponse:
    return pages.list_page(request, _findings(request.user), FindingFilter, FINDING_COLUMNS, "due_on",
                 gettext("评查发现问题"), "", lambda: False)


@login_required
@require_safe
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _findings(request.user).select_related("review__plan").get_visible_or_404(request.user, pk=pk)
    today = clock.today()
    return render(request, "casereviews/finding_detail.html", {
        "finding": finding, "overdue": finding.is_overdue(today),
        "review_visible": FileReview.objects.visible_to(request.user).filter(pk=finding.review_id).exists(),
        "letters": finding.letters.visible_to(request.user).order_by("issued_on")})


# ---- reminder letters -------------------------------------------------------------------------------


def _letters(user: Any) -> QuerySet[ReminderLetter]:
    return ReminderLetter.objects.visible_to(user).select_related("body__unit", "office")


@login_required
@require_safe
def letter_list(request: HttpRequest) -> HttpResponse:
    qs = _letters(request.user).annotate(finding_count=Count("findings"))
    return pages.list_page(request, qs, LetterFilter, LETTER_COLUMNS, "-issued_on", gettext("评查督办函"),
                 "casereviews:letter_create", lambda: _manages(request.user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    if not _manages(request.user):
        raise Http404
    open_findings = (ReviewFinding.objects.visible_to(request.user, CHANGE)
                     .filter(body__unit__in=services.writable_units(request.user))
                     .exclude(state=FindingState.ACCEPTED).select_related("body__unit", "review__case")
                     .order_by("body_id", "due_on"))
    body = request.GET.get("body", "")
    if body.isdigit():
        open_findings = open_findings.filter(body_id=int(body))
    form = LetterForm(request.POST or None, findings=open_findings)
    form.fields["findings"].label_from_instance = lambda f: f"{f.body.unit.name} · {f.review.case.number} · {f}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.issue_letter(actor=request.user, findings=data["findings"], number=data["number"],
                                           issued_on=data["issued_on"], text=data["text"])
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, gettext("已生成督办函“%(n)s”。") % {"n": letter.number})
            return redirect(letter)
    return render(request, "fazhi/form.html", {"form": form, "title": gettext("发出督办函"), "cancel": None})


@login_required
@require_safe
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letters(request.user).get_visible_or_404(request.user, pk=pk)
    return render(request, "casereviews/letter_detail.html", {
        "letter": letter, "findings": letter.findings.select_related("review__case").order_by("due_on", "pk")})


@login_required
@require_safe
def letter_download(request: HttpRequest, pk: int) -> FileResponse:
    letter = ReminderLetter.objects.get_visible_or_404(request.user, pk=pk)
    if not letter.file:
        raise Http404
    return FileResponse(letter.file.open("rb"), as_attachment=True,
                        filename=gettext("督办函-%(body)s-%(date)s.docx") % {
                            "body": letter.body.name, "date": letter.issued_on.isoformat()})


# ---- wrong-case accountability ----------------------------------------------------------------------


@login_required
@require_safe
def accountability_list(request: HttpRequest) -> HttpResponse:
    qs = WrongCaseAccountability.objects.visible_to(request.user).select_related("body__unit")
    return pages.list_page(request, qs, AccountabilityFilter, ACCOUNTABILITY_COLUMNS, "-decided_on", gettext("行政错案问责"),
                 "casereviews:accountability_create", lambda: _manages(request.user))


@login_required
@require_safe
def accountability_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = (WrongCaseAccountability.objects.select_related("body__unit", "case")
              .get_visible_or_404(request.user, pk=pk))
    return render(request, "casereviews/accountability_detail.html", {
        "record": record, "officers": record.officers.order_by("name"),
        "can_change": _can_change(WrongCaseAccountability, request.user, pk)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def accountability_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        record = WrongCaseAccountability.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not _manages(request.user):
            raise Http404
        record = WrongCaseAccountability(decided_on=clock.today())

    def save(actor: Any, form: Any) -> WrongCaseAccountability:
        return services.save_accountability(actor=actor, record=form.save(commit=False),
                                            officers=form.cleaned_data["officers"])

    return _edit(request, record, AccountabilityForm, save,
                 gettext("编辑行政错案问责记录") if pk else gettext("登记行政错案问责"), gettext("已保存问责记录“%(name)s”。"))


# ---- portal -----------------------------------------------------------------------------------------


def _public_plans() -> QuerySet[ReviewPlan]:
    """Plans whose inputs are published (committed or later); the seed and picks once drawn."""
    return ReviewPlan.objects.exclude(state=PlanState.DRAFT).select_related("office")


@require_safe
def public_plan_list(request: HttpRequest) -> HttpResponse:
    ctx = listing.build(request, _public_plans(), PlanFilter, PUBLIC_PLAN_COLUMNS, "-start_on")
    ctx.update(title=gettext("行政执法案卷评查抽取公示"))
    return render(request, "casereviews/public_list.html", ctx)


@require_safe
def public_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _public_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404
    return render(request, "casereviews/public_detail.html", {
        "plan": plan, "published": plan.published_draw(), "body_names": _body_names(plan)})


@require_safe
def public_plan_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The published draw as JSON: `fazhi casereviews verify-draw ID --file` (or anyone) recomputes it."""
    plan = _public_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404
    response = JsonResponse(plan.published_draw(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="case-review-draw-{plan.pk}.json"'
    return response
