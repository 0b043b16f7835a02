"""Staff pages: indicator systems (editable in the browser), rounds, a unit's score sheet, the
ranking per category and the indicator-level view of where points were lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.assessment import national, scoring, services
from fazhi.assessment.filters import (
    DemonstrationFilter,
    RoundFilter,
    SheetFilter,
    SystemFilter,
    VillageFilter,
)
from fazhi.assessment.forms import (
    DemonstrationForm,
    EvidenceForm,
    IndicatorForm,
    ObjectionForm,
    ParticipantsForm,
    ReplyForm,
    RequestEvidenceForm,
    RoundForm,
    ScoreForm,
    SelfAssessForm,
    SystemForm,
    TemplateForm,
    VillageForm,
)
from fazhi.assessment.models import (
    AssessmentRound,
    Category,
    Demonstration,
    DemonstrationVillage,
    Evidence,
    Indicator,
    IndicatorSystem,
    Method,
    Objection,
    Participant,
    RoundState,
    ScoreEntry,
)
from fazhi.assessment.procedures import organises
from fazhi.core import pages
from fazhi.core.access import CHANGE, can_write, require_writer
from fazhi.core.listing import Column
from fazhi.procedures import clock

SYSTEM_COLUMNS = [
    Column(_("指标体系名称"), lambda s: s.title, "title"),
    Column(_("版本"), lambda s: s.version, "version"),
    Column(_("适用年度"), lambda s: s.year, "year"),
    Column(_("被考核单位类别"), lambda s: s.category_labels()),
    Column(_("总分"), lambda s: s.total_points, "total_points"),
    Column(_("指标数"), lambda s: s.indicator_count, "indicator_count"),
    Column(_("冻结日期"), lambda s: s.frozen_on, "frozen_on"),
    Column(_("制定单位"), lambda s: s.unit.name, "unit__name"),
]
ROUND_COLUMNS = [
    Column(_("考核名称"), lambda r: r.title, "title"),
    Column(_("考核年度"), lambda r: r.year, "year"),
    Column(_("状态"), lambda r: r.get_state_display(), "state"),
    Column(_("被考核单位数"), lambda r: r.participant_count, "participant_count"),
    Column(_("自评及材料提交截止日"), lambda r: r.evidence_due_on, "evidence_due_on"),
    Column(_("组织单位"), lambda r: r.unit.name, "unit__name"),
]
SHEET_COLUMNS = [
    Column(_("考核名称"), lambda p: p.round.title, "round__title"),
    Column(_("考核年度"), lambda p: p.round.year, "round__year"),
    Column(_("被考核单位"), lambda p: p.unit.name, "unit__name"),
    Column(_("类别"), lambda p: p.get_category_display(), "category"),
    Column(_("自评状态"), lambda p: p.get_state_display(), "state"),
    Column(_("总得分"), lambda p: p.total, "total"),
    Column(_("类别内名次"), lambda p: p.rank, "rank"),
]


def _edit(request: HttpRequest, record: Model, form_class: type, save: Callable[..., Any], title: str,
          saved: str, cancel: Any = None, **form_kwargs: Any) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(request.user, form.save(commit=False)),
                           title, saved, cancel=cancel, form_kwargs=form_kwargs)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# ---- indicator systems -------------------------------------------------------------------------


@login_required
@require_safe
def system_list(request: HttpRequest) -> HttpResponse:
    qs = IndicatorSystem.objects.visible_to(request.user).select_related("unit").annotate(
        indicator_count=Count("indicators"))
    return pages.list_page(request, qs, SystemFilter, SYSTEM_COLUMNS, "-year", gettext("考核指标体系"),
                 "assessment:system_create", lambda: services.writable_units(request.user).exists(),
                 extra={"extra_actions": [(reverse("assessment:system_template"), gettext("从示范创建模板新建"))]})


@login_required
@require_safe
def system_detail(request: HttpRequest, pk: int) -> HttpResponse:
    system = IndicatorSystem.objects.select_related("unit", "previous").get_visible_or_404(request.user, pk=pk)
    can_change = can_write(request.user) and IndicatorSystem.objects.visible_to(request.user, CHANGE).filter(
        pk=pk).exists()
    indicators = list(system.indicators.all())
    return render(request, "assessment/system_detail.html", {
        "system": system, "rows": scoring.tree(indicators), "problems": services.weight_problems(system),
        "can_change": can_change, "editable": can_change and not system.is_frozen,
        "versions": IndicatorSystem.objects.visible_to(request.user).filter(unit=system.unit, title=system.title)
        .order_by("version"),
        "rounds": system.rounds.all() if can_change else [],
        "methods": Method,
    })


@login_required
def system_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        system = IndicatorSystem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        system = IndicatorSystem()
    return _edit(request, system, SystemForm, lambda actor, obj: services.save_system(actor=actor, system=obj),
                 gettext("编辑考核指标体系") if pk else gettext("新建考核指标体系"), gettext("已保存指标体系“%(name)s”。"))


@login_required
def system_from_template(request: HttpRequest) -> HttpResponse:
    """新建 from the shipped demonstration self-assessment template (editable until frozen)."""
    require_writer(request.user)
    if not services.writable_units(request.user).exists():
        raise Http404
    form = TemplateForm(request.POST or None, user=request.user, initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            system = national.create(actor=request.user, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"])
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, gettext("已按示范创建自评模板新建指标体系，请对照申报指南修改后冻结。"))
            return redirect(system)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("从示范创建自评模板新建指标体系"), "cancel": None,
        "intro": national.SOURCE})


@login_required
@require_POST
def system_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    system = IndicatorSystem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    try:
        services.freeze_system(actor=request.user, system=system)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, gettext("指标体系已冻结，可用于考核。"))
    return redirect(system)


@login_required
@require_POST
def system_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    system = IndicatorSystem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    copy = services.new_version(actor=request.user, system=system)
    messages.success(request, gettext("已生成新版本“%(s)s”，可继续修改。") % {"s": copy})
    return redirect(copy)


@login_required
def indicator_edit(request: HttpRequest, system_pk: int, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    system = IndicatorSystem.objects.get_visible_or_404(request.user, CHANGE, pk=system_pk)
    if system.is_frozen:
        raise Http404
    indicator = system.indicators.get(pk=pk) if pk and system.indicators.filter(pk=pk).exists() else None
    if pk and indicator is None:
        raise Http404
    indicator = indicator or Indicator(system=system)
    parent = request.GET.get("parent", "")
    initial = {"parent": int(parent)} if parent.isdigit() else None
    form = IndicatorForm(request.POST or None, instance=indicator, user=request.user, system=system, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_indicator(actor=request.user, indicator=form.save(commit=False))
        except ValidationError as exc:
            pages.apply_errors(form, exc)
        else:
            messages.success(request, gettext("已保存指标“%(name)s”。") % {"name": indicator.name})
            return redirect(system)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("编辑指标") if pk else gettext("新增指标"), "cancel": system})


@login_required
@require_POST
def indicator_delete(request: HttpRequest, system_pk: int, pk: int) -> HttpResponse:
    require_writer(request.user)
    system = IndicatorSystem.objects.get_visible_or_404(request.user, CHANGE, pk=system_pk)
    indicator = system.indicators.filter(pk=pk).first()
    if indicator is None:
        raise Http404
    try:
        services.delete_indicator(actor=request.user, indicator=indicator)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(system)


# ---- rounds ------------------------------------------------------------------------------------


@login_required
@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    qs = AssessmentRound.objects.visible_to(request.user).select_related("unit").annotate(
        participant_count=Count("participants"))
    return pages.list_page(request, qs, RoundFilter, ROUND_COLUMNS, "-year", gettext("考核轮次"), "assessment:round_create",
                 lambda: services.writable_units(request.user).exists())


@login_required
@require_safe
def sheet_list(request: HttpRequest) -> HttpResponse:
    """The score sheets a unit can see: its own (self-assessment) — the office sees every one."""
    qs = Participant.objects.visible_to(request.user).select_related("round", "unit")
    return pages.list_page(request, qs, SheetFilter, SHEET_COLUMNS, "-round__year", gettext("考核自评"), "", lambda: False)


@login_required
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = AssessmentRound.objects.select_related("unit", "system").get_visible_or_404(request.user, pk=pk)
    can_change = can_write(request.user) and AssessmentRound.objects.visible_to(request.user, CHANGE).filter(
        pk=pk).exists()
    participants = list(round_.participants.select_related("unit").order_by("category", "unit__name"))
    return render(request, "assessment/round_detail.html", {
        "round": round_, "participants": participants, "can_change": can_change,
        "add_form": ParticipantsForm(round_=round_, user=request.user)
        if can_change and round_.state == RoundState.PREPARING else None,
    })


@login_required
def round_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        round_ = AssessmentRound.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if round_.is_closed:
            raise Http404
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        round_ = AssessmentRound()
    return _edit(request, round_, RoundForm, lambda actor, obj: services.save_round(actor=actor, round_=obj),
                 gettext("编辑考核轮次") if pk else gettext("新建考核轮次"), gettext("已保存考核“%(name)s”。"))


@login_required
@require_POST
def round_participants(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    round_ = AssessmentRound.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = ParticipantsForm(request.POST, round_=round_, user=request.user)
    if form.is_valid():
        try:
            services.add_participants(actor=request.user, round_=round_, units=list(form.cleaned_data["units"]))
        except ValidationError as exc:
            _refused(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(round_)


@login_required
@require_safe
def round_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = AssessmentRound.objects.select_related("unit", "system").get_visible_or_404(request.user, pk=pk)
    ranking = scoring.ranking(round_)
    return render(request, "assessment/ranking.html", {
        "round": round_, "previous": scoring.previous_round(round_),
        "categories": [(Category(c).label, rows) for c, rows in ranking.items()],
    })


@login_required
@require_safe
def round_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = AssessmentRound.objects.select_related("unit", "system").get_visible_or_404(request.user, pk=pk)
    return render(request, "assessment/indicators.html", {"round": round_, "losses": scoring.losses(round_)})


# ---- a unit's score sheet ----------------------------------------------------------------------


@login_required
@require_safe
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    participant = Participant.objects.select_related("round__system", "round__unit", "unit__region").get_visible_or_404(
        request.user, pk=pk)
    round_ = participant.round
    lines, total = scoring.sheet(participant)
    evidence: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.filter(entry__participant=participant).select_related("attachment"):
        evidence.setdefault(item.entry_id, []).append(item)
    for line in lines:
        if line.scored:
            line.evidence = evidence.get(line.scored.entry.pk, [])
            if line.indicator.method == Method.COMPUTED:
                line.drill = scoring.drill_url(participant, line.indicator.figure_key)
    writer = can_write(request.user)
    unit_may = writer and Participant.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    reviewer = writer and organises(request.user, round_) and AssessmentRound.objects.visible_to(
        request.user, CHANGE).filter(pk=round_.pk).exists()
    open_for_unit = not round_.is_closed and (
        round_.state == RoundState.SELF_ASSESSMENT and participant.state == "self_assessing")
    return render(request, "assessment/sheet.html", {
        "participant": participant, "round": round_, "lines": lines, "total": total,
        "unit_may": unit_may, "open_for_unit": open_for_unit,
        "supplement": unit_may and round_.state == RoundState.REVIEW and participant.state == "self_assessing",
        "reviewer": reviewer and round_.state in (RoundState.REVIEW, RoundState.OBJECTION),
        "may_request": reviewer and round_.state == RoundState.REVIEW,
        "objections": participant.objections.select_related("indicator"),
        "may_object": unit_may and round_.state == RoundState.OBJECTION,
        "objection_form": ObjectionForm(round_=round_), "reply_form": ReplyForm(),
        "may_reply": reviewer and not round_.is_closed,
        "round_visible": AssessmentRound.objects.visible_to(request.user).filter(pk=round_.pk).exists(),
        "methods": Method,
    })


def _entry(request: HttpRequest, pk: int) -> ScoreEntry:
    require_writer(request.user)
    return ScoreEntry.objects.select_related("participant").get_visible_or_404(request.user, pk=pk)


def _post(request: HttpRequest, form: Any, target: Model, action: Callable[[], Any], done: str) -> HttpResponse:
    if form.is_valid():
        try:
            action()
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, done)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(target)


@login_required
@require_POST
def entry_self(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = SelfAssessForm(request.POST)
    return _post(request, form, entry.participant, lambda: services.self_assess(
        actor=request.user, entry=entry, self_score=form.cleaned_data["self_score"],
        self_note=form.cleaned_data["self_note"]), gettext("已保存自评。"))


@login_required
@require_POST
def entry_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    return _post(request, form, entry.participant, lambda: services.upload_evidence(
        actor=request.user, entry=entry, file=form.cleaned_data["file"]), gettext("已上传佐证材料。"))


@login_required
@require_POST
def entry_score(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = ScoreForm(request.POST)
    return _post(request, form, entry.participant, lambda: services.score(
        actor=request.user, entry=entry, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"],
        deduction_items=form.cleaned_data["deduction_items"]), gettext("已保存评分。"))


@login_required
@require_POST
def entry_request(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    form = RequestEvidenceForm(request.POST)
    return _post(request, form, entry.participant, lambda: services.request_evidence(
        actor=request.user, entry=entry, comment=form.cleaned_data["comment"]), gettext("已要求补充材料。"))


@login_required
@require_POST
def sheet_submit(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    participant = Participant.objects.select_related("round").get_visible_or_404(request.user, pk=pk)
    try:
        services.submit(actor=request.user, participant=participant)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, gettext("已提交自评。"))
    return redirect(participant)


@login_required
@require_POST
def objection_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    participant = Participant.objects.select_related("round__system").get_visible_or_404(request.user, pk=pk)
    form = ObjectionForm(request.POST, round_=participant.round)
    return _post(request, form, participant, lambda: services.file_objection(
        actor=request.user, participant=participant, reason=form.cleaned_data["reason"],
        indicator=form.cleaned_data["indicator"]), gettext("已提出异议。"))


@login_required
@require_POST
def objection_reply(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    objection = Objection.objects.select_related("participant").get_visible_or_404(request.user, pk=pk)
    form = ReplyForm(request.POST)
    return _post(request, form, objection.participant, lambda: services.reply_objection(
        actor=request.user, objection=objection, reply=form.cleaned_data["reply"]), gettext("已答复异议。"))


# ---- demonstration creation --------------------------------------------------------------------

DEMONSTRATION_COLUMNS = [
    Column(_("示范名称"), lambda d: d.name, "name"),
    Column(_("类别"), lambda d: d.get_kind_display(), "kind"),
    Column(_("命名级别"), lambda d: d.get_level_display(), "level"),
    Column(_("命名年度"), lambda d: d.year, "year"),
    Column(_("创建单位"), lambda d: d.unit.name, "unit__name"),
    Column(_("所属区划"), lambda d: d.region.name, "region_id"),
    Column(_("命名文件"), lambda d: d.naming_document),
]
VILLAGE_COLUMNS = [
    Column(_("村（社区）"), lambda v: v.village.name, "village__name"),
    Column(_("区划代码"), lambda v: v.village_id, "village_id"),
    Column(_("命名级别"), lambda v: v.get_level_display(), "level"),
    Column(_("命名年度"), lambda v: v.year, "year"),
    Column(_("管理单位"), lambda v: v.unit.name, "unit__name"),
    Column(_("命名文件"), lambda v: v.naming_document),
]


@login_required
@require_safe
def demonstration_list(request: HttpRequest) -> HttpResponse:
    qs = Demonstration.objects.visible_to(request.user).select_related("unit", "region")
    return pages.list_page(request, qs, DemonstrationFilter, DEMONSTRATION_COLUMNS, "-year", gettext("示范创建"),
                 "assessment:demonstration_create", lambda: services.writable_units(request.user).exists())


@login_required
@require_safe
def village_list(request: HttpRequest) -> HttpResponse:
    qs = DemonstrationVillage.objects.visible_to(request.user).select_related("unit", "village")
    return pages.list_page(request, qs, VillageFilter, VILLAGE_COLUMNS, "-year", gettext("民主法治示范村（社区）"),
                 "assessment:village_create", lambda: services.writable_units(request.user).exists())


def _named_detail(request: HttpRequest, record: Model, columns: list[Column], edit_url: str) -> HttpResponse:
    can_change = can_write(request.user) and type(record).objects.visible_to(request.user, CHANGE).filter(
        pk=record.pk).exists()
    return render(request, "assessment/named_detail.html", {
        "record": record, "rows": [(c.label, c.value(record)) for c in columns],
        "edit_url": edit_url if can_change else ""})


@login_required
@require_safe
def demonstration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = Demonstration.objects.select_related("unit", "region").get_visible_or_404(request.user, pk=pk)
    return _named_detail(request, record, [*DEMONSTRATION_COLUMNS, Column(_("说明"), lambda d: d.notes)],
                         reverse("assessment:demonstration_edit", args=[pk]))


@login_required
@require_safe
def village_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = DemonstrationVillage.objects.select_related("unit", "village").get_visible_or_404(request.user, pk=pk)
    return _named_detail(request, record, VILLAGE_COLUMNS, reverse("assessment:village_edit", args=[pk]))


@login_required
def demonstration_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        record = Demonstration.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        record = Demonstration()
    return _edit(request, record, DemonstrationForm,
                 lambda actor, obj: services.save_demonstration(actor=actor, demonstration=obj),
                 gettext("编辑示范创建") if pk else gettext("登记示范创建"), gettext("已保存“%(name)s”。"))


@login_required
def village_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        record = DemonstrationVillage.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        record = DemonstrationVillage()
    return _edit(request, record, VillageForm, lambda actor, obj: services.save_village(actor=actor, village=obj),
                 gettext("编辑民主法治示范村（社区）") if pk else gettext("登记民主法治示范村（社区）"),
                 gettext("已保存“%(name)s”。"))


# ---- the portal ----------------------------------------------------------------------------------


@require_safe
def public_results(request: HttpRequest) -> HttpResponse:
    """Results the office chose to publish on the portal: the ranking per category as finalised."""
    rounds = list(scoring.public_rounds()[:5])
    return render(request, "assessment/public_results.html", {
        "rounds": [(r, [(Category(c).label, rows) for c, rows in scoring.ranking(r).items()]) for r in rounds]})
