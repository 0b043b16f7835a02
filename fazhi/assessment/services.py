"""Writes of the assessment module: keyword-only, typed, atomic; every check before the first write,
so a refused operation changes nothing."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.assessment.models import (
    CATEGORY_UNIT_TYPES,
    MANAGERS,
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
    ParticipantState,
    RoundState,
    ScoreEntry,
)
from fazhi.assessment.procedures import EVIDENCE_DUE, OBJECTION_DUE, organises
from fazhi.calendar import service as calendar
from fazhi.calendar.service import DayUnit, NoHolidayData
from fazhi.core import access
from fazhi.core.access import CHANGE, VIEW
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit
from fazhi.procedures import clock
from fazhi.procedures import services as engine
from fazhi.procedures.engine import step_date


def writable_units(user: Any) -> QuerySet[Unit]:
    """Units in whose name the user may draw up systems and organise rounds (the office's own)."""
    return access.writable_units(user, MANAGERS)


# ---- guards ------------------------------------------------------------------------------------


def _may_change(actor: Any, record: Any) -> None:
    if record.pk is not None and not type(record).objects.visible_to(actor, CHANGE).filter(pk=record.pk).exists():
        raise Http404


def _system_editable(system: IndicatorSystem) -> None:
    if system.is_frozen:
        raise ValidationError(gettext(
            "指标体系“%(s)s”已于%(d)s冻结（已有考核按此版本进行），不能修改；请生成新版本后修改。") % {
            "s": system, "d": system.frozen_on.isoformat()})


def _round_not_closed(round_: AssessmentRound) -> None:
    if round_.is_closed:
        raise ValidationError(gettext("考核“%(r)s”已定档，不能再修改。") % {"r": round_.title})


def _organiser(actor: Any, round_: AssessmentRound) -> None:
    # The unit sees its own sheet but not the round: a refusal, not a "missing" 404.
    if not organises(actor, round_) or not AssessmentRound.objects.visible_to(actor, CHANGE).filter(
            pk=round_.pk).exists():
        raise ValidationError(gettext("只有考核组织单位的协调员或审核人员才能评分。"))


def _points(value: Decimal | None, limit: Decimal, label: str, field: str) -> None:
    if value is not None and not Decimal(0) <= value <= limit:
        raise ValidationError({field: gettext("%(label)s应在0至%(max)s分之间。") % {"label": label, "max": _fmt(limit)}})


# ---- indicator systems -------------------------------------------------------------------------


def weight_problems(system: IndicatorSystem) -> list[str]:
    """Why the points do not add up (empty when they do): level 1 to the total, children to their parent."""
    indicators = list(system.indicators.all())
    children: dict[int | None, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        children[indicator.parent_id].append(indicator)
    problems = []
    top = sum((i.points for i in children[None]), Decimal(0))
    if top != system.total_points:
        problems.append(gettext("一级指标分值合计%(sum)s分，与总分%(total)s分不符。") % {
            "sum": _fmt(top), "total": _fmt(system.total_points)})
    for indicator in indicators:
        kids = children.get(indicator.pk, [])
        if kids:
            got = sum((k.points for k in kids), Decimal(0))
            if got != indicator.points:
                problems.append(gettext("指标“%(name)s”分值%(points)s分，其下级指标分值合计%(sum)s分，两者不符。") % {
                    "name": indicator.name, "points": _fmt(indicator.points), "sum": _fmt(got)})
        elif not indicator.method:
            problems.append(gettext("指标“%(name)s”没有下级指标，须选择评分方式。") % {"name": indicator.name})
    return problems


def _fmt(value: Decimal) -> str:
    """100.00 → "100", 2.50 → "2.5"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@transaction.atomic
def save_system(*, actor: Any, system: IndicatorSystem) -> IndicatorSystem:
    _may_change(actor, system)
    if system.pk:
        _system_editable(IndicatorSystem.objects.get(pk=system.pk))
    if not Unit.objects.visible_to(actor, CHANGE).filter(pk=system.unit_id).exists():
        raise ValidationError({"unit": gettext("您无权以该单位名义制定指标体系。")})
    system.full_clean()
    with acting_as(actor):
        system.save()
    return system


def create_system(*, actor: Any, **fields: Any) -> IndicatorSystem:
    return save_system(actor=actor, system=IndicatorSystem(**fields))


@transaction.atomic
def save_indicator(*, actor: Any, indicator: Indicator) -> Indicator:
    system = IndicatorSystem.objects.visible_to(actor, CHANGE).filter(pk=indicator.system_id).first()
    if system is None:
        raise Http404
    _system_editable(system)
    indicator.system = system
    indicator.full_clean()
    with acting_as(actor):
        indicator.save()
    return indicator


def add_indicator(*, actor: Any, system: IndicatorSystem, **fields: Any) -> Indicator:
    return save_indicator(actor=actor, indicator=Indicator(system=system, **fields))


@transaction.atomic
def delete_indicator(*, actor: Any, indicator: Indicator) -> None:
    system = IndicatorSystem.objects.visible_to(actor, CHANGE).filter(pk=indicator.system_id).first()
    if system is None:
        raise Http404
    _system_editable(system)
    with acting_as(actor):
        for child in list(indicator.children.all()):
            delete_indicator(actor=actor, indicator=child)
        indicator.delete()


@transaction.atomic
def freeze_system(*, actor: Any, system: IndicatorSystem, on: datetime.date | None = None) -> IndicatorSystem:
    """Freeze a version once its points add up; a round runs only against a frozen version."""
    _may_change(actor, system)
    if system.is_frozen:
        return system
    problems = weight_problems(system)
    if problems:
        raise ValidationError(problems)
    system.frozen_on = on or clock.today()
    with acting_as(actor):
        system.save()
    return system


@transaction.atomic
def new_version(*, actor: Any, system: IndicatorSystem) -> IndicatorSystem:
    """A draft copy of a system (indicators and rules), version + 1, editable again."""
    _may_change(actor, system)
    latest = (IndicatorSystem.objects.filter(unit=system.unit, title=system.title).order_by("-version")
              .values_list("version", flat=True).first())
    copy = IndicatorSystem(unit=system.unit, title=system.title, year=system.year, version=latest + 1,
                           previous=system, categories=list(system.categories), total_points=system.total_points,
                           description=system.description)
    with acting_as(actor):
        copy.save()
        mapping: dict[int, Indicator] = {}
        for old in system.indicators.order_by("level", "position", "pk"):
            new = Indicator(system=copy, parent=mapping.get(old.parent_id), level=old.level, position=old.position,
                            name=old.name, points=old.points, method=old.method, figure_key=old.figure_key,
                            rule=old.rule, standard=old.standard)
            new.save()
            mapping[old.pk] = new
    return copy


# ---- rounds ------------------------------------------------------------------------------------


@transaction.atomic
def save_round(*, actor: Any, round_: AssessmentRound) -> AssessmentRound:
    _may_change(actor, round_)
    if round_.pk:
        current = AssessmentRound.objects.get(pk=round_.pk)
        _round_not_closed(current)
        if current.state != RoundState.PREPARING and current.system_id != round_.system_id:
            raise ValidationError({"system": gettext("考核已启动，不能更换指标体系。")})
    if not Unit.objects.visible_to(actor, CHANGE).filter(pk=round_.unit_id).exists():
        raise ValidationError({"unit": gettext("您无权以该单位名义组织考核。")})
    if not IndicatorSystem.objects.visible_to(actor, VIEW).filter(pk=round_.system_id).exists():
        raise ValidationError({"system": gettext("找不到该指标体系，或您无权使用。")})
    round_.full_clean()
    with acting_as(actor):
        round_.save()
    if round_.state == RoundState.SELF_ASSESSMENT:
        # The office moved the due date: the running deadlines follow (same key replaces them).
        for participant in round_.participants.filter(state=ParticipantState.SELF_ASSESSING):
            _start_evidence_deadline(actor, round_, participant)
    return round_


def create_round(*, actor: Any, **fields: Any) -> AssessmentRound:
    return save_round(actor=actor, round_=AssessmentRound(**fields))


def category_for(system: IndicatorSystem, unit: Unit) -> str | None:
    for category in system.categories:
        if unit.unit_type in CATEGORY_UNIT_TYPES.get(Category(category), ()):
            return category
    return None


@transaction.atomic
def add_participants(*, actor: Any, round_: AssessmentRound, units: list[Unit] | QuerySet) -> list[Participant]:
    _may_change(actor, round_)
    if round_.state != RoundState.PREPARING:
        raise ValidationError(gettext("考核已启动，不能再增加被考核单位。"))
    visible = set(Unit.objects.visible_to(actor).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    existing = set(round_.participants.values_list("unit_id", flat=True))
    errors, rows = [], []
    for unit in units:
        category = category_for(round_.system, unit)
        if unit.pk not in visible:
            errors.append(gettext("找不到单位“%(u)s”，或您无权管理该单位。") % {"u": unit.name})
        elif category is None:
            errors.append(gettext("单位“%(u)s”（%(t)s）不属于指标体系的被考核单位类别（%(c)s）。") % {
                "u": unit.name, "t": unit.get_unit_type_display(), "c": round_.system.category_labels()})
        elif unit.pk in existing:
            errors.append(gettext("单位“%(u)s”已在本轮考核中。") % {"u": unit.name})
        else:
            rows.append(Participant(round=round_, unit=unit, category=category))
            existing.add(unit.pk)
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        for participant in rows:
            participant.save()
    return rows


def take_step(*, actor: Any, round_: AssessmentRound, name: str, comment: str = "",
              on: datetime.date | None = None) -> AssessmentRound:
    """A step of the round; `on` is the date it really took place (a notice sent earlier)."""
    engine.transition(actor=actor, record=round_, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)
    round_.refresh_from_db()
    return round_


def _start_evidence_deadline(actor: Any, round_: AssessmentRound, participant: Participant) -> None:
    engine.start_deadline(actor=actor, record=participant, key=EVIDENCE_DUE, on=round_.opened_on or clock.today(),
                          due_on=round_.evidence_due_on, label=gettext("考核自评及材料提交截止"),
                          basis=round_.title, by="open")


def on_open(round_: AssessmentRound, *, actor: Any, data: dict) -> None:
    """Effect of "open": freeze the system, create every unit's score sheet, start their deadlines."""
    today = step_date(round_)
    if round_.evidence_due_on < today:
        raise ValidationError({"evidence_due_on": gettext(
            "自评及材料提交截止日（%(d)s）已过，请先修改截止日。") % {"d": round_.evidence_due_on.isoformat()}})
    round_.opened_on = today
    system = round_.system
    if not system.is_frozen:
        system.frozen_on = today
        with acting_as(actor):
            system.save()
    leaves = list(system.indicators.exclude(method=""))
    with acting_as(actor):
        for participant in round_.participants.select_related("unit"):
            for indicator in leaves:
                ScoreEntry(participant=participant, indicator=indicator).save()
            _start_evidence_deadline(actor, round_, participant)


def on_start_review(round_: AssessmentRound, *, actor: Any, data: dict) -> None:
    for participant in round_.participants.all():
        engine.stop_deadline(actor=actor, record=participant, key=EVIDENCE_DUE, on=step_date(round_),
                             by="start_review")


def on_notify(round_: AssessmentRound, *, actor: Any, data: dict) -> None:
    today = step_date(round_)
    try:
        due = calendar.add(today, round_.objection_days, DayUnit.WORKING_DAY)
    except NoHolidayData as exc:
        raise ValidationError(gettext("无法计算异议期届满日：%(why)s") % {"why": exc.message}) from None
    round_.notified_on, round_.objection_due_on = today, due
    engine.start_deadline(actor=actor, record=round_, key=OBJECTION_DUE, on=today, due_on=due,
                          label=gettext("考核结果异议期"), by="notify_results",
                          basis=gettext("%(t)s（结果告知后%(n)d个工作日）") % {"t": round_.title, "n": round_.objection_days})


def on_finalise(round_: AssessmentRound, *, actor: Any, data: dict) -> None:
    """Freeze: store every computed value, final score, total and rank as they stand today."""
    from fazhi.assessment import scoring

    round_.finalised_on = step_date(round_)
    scored = scoring.score_round(round_, live=True)  # the state already says finalised
    participants = list(round_.participants.select_related("unit"))
    totals: dict[str, list[tuple[Participant, Decimal]]] = defaultdict(list)
    with acting_as(actor):
        for participant in participants:
            rows = scored.get(participant.pk, {})
            for s in rows.values():
                entry = s.entry
                entry.computed_score, entry.computed_display, entry.final_score = s.computed, s.display[:100], s.final
                entry.save()
            totals[participant.category].append((participant, scoring.total_of(rows)))
        for items in totals.values():
            for participant, total, place in scoring.rank(items):
                participant.total, participant.rank = total, place
                participant.save()
    engine.stop_deadline(actor=actor, record=round_, key=OBJECTION_DUE, on=round_.finalised_on, by="finalise")


def on_submit(participant: Participant, *, actor: Any, data: dict) -> None:
    participant.submitted_on = step_date(participant)
    with acting_as(actor):
        for entry in participant.entries.filter(evidence_requested=True):
            entry.evidence_requested = False
            entry.save()
    engine.stop_deadline(actor=actor, record=participant, key=EVIDENCE_DUE, on=participant.submitted_on, by="submit")


# ---- the unit's self-assessment ------------------------------------------------------------------


def _self_assessment_open(entry: ScoreEntry) -> None:
    participant, round_ = entry.participant, entry.participant.round
    _round_not_closed(round_)
    today = clock.today()
    if round_.state == RoundState.SELF_ASSESSMENT:
        if today > round_.evidence_due_on:
            raise ValidationError(gettext("自评及材料提交已于%(d)s截止，不能再提交或上传佐证材料。") % {
                "d": round_.evidence_due_on.isoformat()})
        if participant.state != ParticipantState.SELF_ASSESSING:
            raise ValidationError(gettext("本单位已提交自评，不能再修改。"))
        return
    if round_.state == RoundState.REVIEW and entry.evidence_requested \
            and participant.state == ParticipantState.SELF_ASSESSING:
        return  # the reviewers asked for more on this indicator
    raise ValidationError(gettext("考核当前为“%(s)s”阶段，不能自评或上传佐证材料。") % {
        "s": round_.get_state_display()})


def _entry_for_change(actor: Any, entry: ScoreEntry) -> ScoreEntry:
    locked = ScoreEntry.objects.visible_to(actor, CHANGE).select_related(
        "indicator", "participant__round", "participant__unit").filter(pk=entry.pk).first()
    if locked is None:
        raise Http404
    return locked


@transaction.atomic
def self_assess(*, actor: Any, entry: ScoreEntry, self_score: Decimal | None, self_note: str = "") -> ScoreEntry:
    entry = _entry_for_change(actor, entry)
    _self_assessment_open(entry)
    _points(self_score, entry.indicator.points, gettext("自评得分"), "self_score")
    entry.self_score, entry.self_note = self_score, self_note.strip()
    with acting_as(actor):
        entry.save()
    return entry


@transaction.atomic
def upload_evidence(*, actor: Any, entry: ScoreEntry, file: UploadedFile, name: str = "") -> Evidence:
    entry = _entry_for_change(actor, entry)
    _self_assessment_open(entry)
    if entry.indicator.method == Method.COMPUTED:
        raise ValidationError(gettext("“数据自动”指标由系统按数据计算，无须上传佐证材料。"))
    attachment = engine.add_attachment(actor=actor, record=entry.participant, kind="evidence", file=file,
                                       name=name or f"{entry.indicator.name}：{file.name}")
    evidence = Evidence(entry=entry, attachment=attachment, uploaded_on=clock.today())
    with acting_as(actor):
        evidence.save()
    return evidence


def submit(*, actor: Any, participant: Participant, on: datetime.date | None = None) -> Participant:
    _round_not_closed(participant.round)
    engine.transition(actor=actor, record=participant, name="submit", data={"on": on.isoformat()} if on else None)
    participant.refresh_from_db()
    return participant


# ---- reviewers ---------------------------------------------------------------------------------


@transaction.atomic
def score(*, actor: Any, entry: ScoreEntry, score: Decimal | None, comment: str = "",
          deduction_items: int | None = None) -> ScoreEntry:
    """A reviewer's score (and for a deduction indicator, the number of items found)."""
    locked = ScoreEntry.objects.select_related("indicator", "participant__round").filter(pk=entry.pk).first()
    if locked is None or not ScoreEntry.objects.visible_to(actor).filter(pk=entry.pk).exists():
        raise Http404
    round_ = locked.participant.round
    _round_not_closed(round_)
    _organiser(actor, round_)
    if round_.state not in (RoundState.REVIEW, RoundState.OBJECTION):
        raise ValidationError(gettext("考核当前为“%(s)s”阶段，评审阶段开始后才能评分。") % {
            "s": round_.get_state_display()})
    _points(score, locked.indicator.points, gettext("评审得分"), "score")
    if deduction_items is not None and locked.indicator.method != Method.DEDUCTION:
        raise ValidationError({"deduction_items": gettext("只有“扣分”指标才填写扣分项数。")})
    if locked.indicator.method == Method.EVIDENCE and score is None:
        raise ValidationError({"score": gettext("“材料评分”指标须填写评审得分。")})
    locked.score, locked.comment, locked.deduction_items = score, comment.strip(), deduction_items
    locked.reviewed_at = timezone.now()
    with acting_as(actor):
        locked.save()
    return locked


@transaction.atomic
def request_evidence(*, actor: Any, entry: ScoreEntry, comment: str) -> ScoreEntry:
    locked = ScoreEntry.objects.select_related("indicator", "participant__round").filter(pk=entry.pk).first()
    if locked is None or not ScoreEntry.objects.visible_to(actor).filter(pk=entry.pk).exists():
        raise Http404
    round_ = locked.participant.round
    _round_not_closed(round_)
    _organiser(actor, round_)
    if round_.state != RoundState.REVIEW:
        raise ValidationError(gettext("只有评审阶段才能要求补充材料。"))
    if not comment.strip():
        raise ValidationError({"comment": gettext("请写明需要补充的材料。")})
    locked.evidence_requested, locked.comment = True, comment.strip()
    with acting_as(actor):
        locked.save()
    participant = locked.participant
    if participant.state == ParticipantState.SUBMITTED:
        engine.transition(actor=actor, record=participant, name="request_evidence",
                          comment=gettext("“%(i)s”：%(c)s") % {"i": locked.indicator.name, "c": comment.strip()})
    return locked


# ---- objections --------------------------------------------------------------------------------


@transaction.atomic
def file_objection(*, actor: Any, participant: Participant, reason: str,
                   indicator: Indicator | None = None) -> Objection:
    participant = Participant.objects.visible_to(actor, CHANGE).select_related("round").filter(
        pk=participant.pk).first()
    if participant is None:
        raise Http404
    round_ = participant.round
    _round_not_closed(round_)
    if round_.state != RoundState.OBJECTION:
        raise ValidationError(gettext("考核结果尚未告知，不能提出异议。"))
    today = clock.today()
    if today > round_.objection_due_on:
        raise ValidationError(gettext("异议期已于%(d)s届满（结果告知后%(n)d个工作日），不能再提出异议。") % {
            "d": round_.objection_due_on.isoformat(), "n": round_.objection_days})
    if not reason.strip():
        raise ValidationError({"reason": gettext("请填写异议理由。")})
    if indicator is not None and indicator.system_id != round_.system_id:
        raise ValidationError({"indicator": gettext("该指标不属于本轮考核的指标体系。")})
    objection = Objection(participant=participant, indicator=indicator, reason=reason.strip(), filed_on=today)
    with acting_as(actor):
        objection.save()
    return objection


@transaction.atomic
def reply_objection(*, actor: Any, objection: Objection, reply: str) -> Objection:
    locked = Objection.objects.select_related("participant__round").filter(pk=objection.pk).first()
    if locked is None or not Objection.objects.visible_to(actor).filter(pk=objection.pk).exists():
        raise Http404
    round_ = locked.participant.round
    _round_not_closed(round_)
    _organiser(actor, round_)
    if not reply.strip():
        raise ValidationError({"reply": gettext("请填写答复意见。")})
    locked.reply, locked.replied_on = reply.strip(), clock.today()
    with acting_as(actor):
        locked.save()
    return locked


# ---- demonstration creation --------------------------------------------------------------------


def _save_named(actor: Any, record: Any) -> Any:
    _may_change(actor, record)
    if not writable_units(actor).filter(pk=record.unit_id).exists():
        raise ValidationError({"unit": gettext("您无权以该单位名义登记示范创建。")})
    record.full_clean()
    with acting_as(actor):
        record.save()
    return record


@transaction.atomic
def save_demonstration(*, actor: Any, demonstration: Demonstration) -> Demonstration:
    return _save_named(actor, demonstration)


@transaction.atomic
def save_village(*, actor: Any, village: DemonstrationVillage) -> DemonstrationVillage:
    return _save_named(actor, village)
