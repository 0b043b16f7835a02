"""Writes on random inspections: keyword-only, typed, validated first, atomic and audited.

Missing and forbidden records raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field. A failed call changes nothing.

The draw in three acts (draw.py describes the algorithm):
1. `commit_draw`: freeze the published inputs (entities in scope by risk group, inspectors with a valid
   certificate, exclusions) and the SHA-256 of a fresh secret seed; publish both hashes with the time.
2. `perform_draw`: reveal the seed, compute the picks, create one result per drawn entity.
3. `verify_plan`: anyone recomputes the picks from the published inputs and the seed.
"""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.core.access import CHANGE
from fazhi.core.audit import acting_as
from fazhi.enforcement.models import EnforcementOfficer
from fazhi.enforcement.services import _require_keeper, _validate
from fazhi.procedures import clock
from fazhi.procedures import services as engine
from fazhi.procedures.models import Deadline
from fazhi.randominspections import draw as drawing
from fazhi.randominspections.draw import verify_published
from fazhi.randominspections.models import (
    RISK_ORDER,
    DeclaredRelation,
    InspectionEntity,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    PlanState,
    ResultState,
)
from fazhi.randominspections.procedures import PUBLICATION


def _save(actor: Any, record: Any, verified: tuple[str, ...] = ()) -> Any:
    _validate(record, verified)
    with acting_as(actor):
        record.save()
    return record


# ---- directories ------------------------------------------------------------------------------------


@transaction.atomic
def save_item(*, actor: Any, item: InspectionItem) -> InspectionItem:
    """Create or change an inspection item. An item already used by a plan keeps its body: a plan's items
    belong to the plan's body (its published plan lists them)."""
    if not item._state.adding:
        current = InspectionItem.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=item.pk)
        if current.body_id != item.body_id and current.plans.exists():
            raise ValidationError({"body": gettext(
                "该检查事项已列入抽查计划，不能改变执法主体：抽查计划的检查事项须属于计划的执法主体。")})
    _require_keeper(actor, item.body_id)
    item.name, item.code, item.legal_basis = (item.name or "").strip(), (item.code or "").strip(), \
        (item.legal_basis or "").strip()
    if not item.legal_basis:
        raise ValidationError({"legal_basis": gettext(
            "请填写检查依据：随机抽查事项须有法律、法规、规章的具体条款作依据（《优化营商环境条例》第五十四条）。")})
    return _save(actor, item, ("body",))


def create_item(*, actor: Any, **fields: Any) -> InspectionItem:
    return save_item(actor=actor, item=InspectionItem(**fields))


@transaction.atomic
def save_entity(*, actor: Any, entity: InspectionEntity) -> InspectionEntity:
    if not entity._state.adding:
        InspectionEntity.objects.get_visible_or_404(actor, CHANGE, pk=entity.pk)
    _require_keeper(actor, entity.body_id)
    entity.credit_code = (entity.credit_code or "").strip().upper()
    entity.name = (entity.name or "").strip()
    return _save(actor, entity, ("body",))


def create_entity(*, actor: Any, **fields: Any) -> InspectionEntity:
    return save_entity(actor=actor, entity=InspectionEntity(**fields))


def inspector_directory(*, body_id: int, on: datetime.date) -> QuerySet[EnforcementOfficer]:
    """The body's inspector directory (执法检查人员名录库) on a day: officers with a valid certificate."""
    return EnforcementOfficer.objects.with_valid_certificate(on).filter(body_id=body_id).select_related("body__unit")


def entities_in_scope(plan: InspectionPlan) -> QuerySet[InspectionEntity]:
    entities = InspectionEntity.objects.filter(body_id=plan.body_id, active=True)
    return entities.filter(industry=plan.scope_industry) if plan.scope_industry else entities


# ---- plans ------------------------------------------------------------------------------------------


def _check_plan(plan: InspectionPlan, items: list[InspectionItem]) -> None:
    errors: dict[str, list[str]] = {}
    if not (plan.title or "").strip():
        errors["title"] = [gettext("请填写计划名称。")]
    for level in RISK_ORDER:
        if plan.ratio_bp(level) > 10000:
            errors[f"ratio_{level}_bp"] = [gettext("抽查比例不得超过100%。")]
    if plan.inspectors_per_entity < 1:
        errors["inspectors_per_entity"] = [gettext("每个检查对象至少选派1名检查人员。")]
    if not items:
        errors["items"] = [gettext("请至少选择一个检查事项：抽查须依照随机抽查事项清单进行（《优化营商环境条例》第五十四条）。")]
    elif any(item.body_id != plan.body_id for item in items):
        errors["items"] = [gettext("检查事项须属于本计划的执法主体。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_plan(*, actor: Any, items: list[InspectionItem], **fields: Any) -> InspectionPlan:
    plan = InspectionPlan(**fields)
    _require_keeper(actor, plan.body_id)
    _check_plan(plan, items)
    plan.title = plan.title.strip()
    _save(actor, plan, ("body",))
    plan.items.set(items)
    return plan


# What a draft plan's edit may change (the state, the commitment and the draw are the steps').
PLAN_EDITABLE = ("body_id", "title", "year", "scope_industry", "ratio_low_bp", "ratio_medium_bp", "ratio_high_bp",
                 "inspectors_per_entity")


def plan_frozen_message(plan: InspectionPlan) -> str:
    return gettext(
        "该计划的抽取输入和随机种子哈希已于%(at)s公布，不能再修改：公布后抽取输入不得变更，以便公众验证抽取结果。") % {
        "at": timezone.localtime(plan.committed_at).strftime("%Y-%m-%d %H:%M") if plan.committed_at else "—"}


@transaction.atomic
def save_plan(*, actor: Any, plan: InspectionPlan, items: list[InspectionItem]) -> InspectionPlan:
    """Change a draft plan: `plan` carries the new values (e.g. a bound form's instance). Only while it is a
    draft: once committed, the published inputs and seed hash are frozen so anyone can verify the draw."""
    current = InspectionPlan.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=plan.pk)
    if current.state != PlanState.DRAFT:
        raise ValidationError(plan_frozen_message(current))
    _require_keeper(actor, plan.body_id)
    if plan.body_id != current.body_id and current.relations.exists():
        raise ValidationError({"body": gettext(
            "该计划已登记回避关系，不能改变执法主体：回避关系的人员和检查对象属于原执法主体。")})
    for name in PLAN_EDITABLE:
        setattr(current, name, getattr(plan, name))
    _check_plan(current, items)
    current.title = current.title.strip()
    _save(actor, current, ("body",))
    current.items.set(items)
    return current


@transaction.atomic
def declare_relation(*, actor: Any, plan: InspectionPlan, officer: EnforcementOfficer,
                     entity: InspectionEntity, reason: str) -> DeclaredRelation:
    plan = InspectionPlan.objects.get_visible_or_404(actor, CHANGE, pk=plan.pk)
    if plan.state != PlanState.DRAFT:
        raise ValidationError({"officer": gettext("抽取输入已公布，不能再登记回避关系。")})
    if officer.body_id != plan.body_id or entity.body_id != plan.body_id:
        raise Http404
    if not (reason or "").strip():
        raise ValidationError({"reason": gettext("请说明回避关系（如亲属、曾任职等）。")})
    relation = DeclaredRelation(plan=plan, officer=officer, entity=entity, reason=reason.strip())
    return _save(actor, relation, ("plan", "officer", "entity"))


def build_inputs(plan: InspectionPlan, on: datetime.date) -> dict[str, Any]:
    """The published inputs of the plan's draw on `on` (see draw.py for their form)."""
    entities = list(entities_in_scope(plan).values_list("credit_code", "risk_level"))
    inspectors = list(inspector_directory(body_id=plan.body_id, on=on))
    groups = [{"key": str(level), "ratio_bp": plan.ratio_bp(level),
               "entities": sorted(code for code, risk in entities if risk == level)} for level in RISK_ORDER]
    codes = {code for code, _risk in entities}
    exclusions = {(officer.certificate_number, code) for officer_id, code in
                  DeclaredRelation.objects.filter(plan=plan).values_list("officer_id", "entity__credit_code")
                  for officer in inspectors if officer.pk == officer_id}
    # Same unit: an inspector never inspects the unit they work for.
    for officer in inspectors:
        own = officer.body.unit.credit_code
        if own and own in codes:
            exclusions.add((officer.certificate_number, own))
    return {"entity_groups": groups, "inspectors": sorted(o.certificate_number for o in inspectors),
            "inspectors_per_entity": plan.inspectors_per_entity,
            "exclusions": sorted([list(pair) for pair in exclusions])}


def _act_date(on: datetime.date | None, field: str, label: str) -> datetime.date:
    """The day an act took place: today, or an earlier day for paper work recorded afterwards (like the
    engine's dated steps). The timestamps (committed_at, drawn_at) always record when it was entered."""
    today = clock.today()
    if on is not None and on > today:
        raise ValidationError({field: gettext("%(label)s不得晚于今天（%(today)s）。") % {
            "label": label, "today": today.isoformat()}})
    return on or today


@transaction.atomic
def commit_draw(*, actor: Any, plan: InspectionPlan, on: datetime.date | None = None) -> InspectionPlan:
    """Publish the draw's inputs and the hash of a fresh secret seed (before the draw). The inspector
    directory is taken on `on` (certificates valid that day)."""
    on = _act_date(on, "committed_on", gettext("公布日期"))
    plan = InspectionPlan.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=plan.pk)
    if plan.state != PlanState.DRAFT:
        raise ValidationError(gettext("该计划的抽取输入已于%(at)s公布，不能重复公布。") % {
            "at": timezone.localtime(plan.committed_at).strftime("%Y-%m-%d %H:%M")})
    inputs = build_inputs(plan, on)
    try:
        drawing.check_inputs(inputs)
    except drawing.DrawError as exc:
        raise ValidationError(str(exc)) from None
    seed = secrets.token_hex(32)
    hashes = drawing.commitment(inputs, seed)
    plan.inputs_json = drawing.canonical(inputs).decode("utf-8")
    plan.inputs_hash, plan.seed_hash, plan.seed = hashes["inputs_hash"], hashes["seed_hash"], seed
    plan.committed_at, plan.committed_on, plan.state = timezone.now(), on, PlanState.COMMITTED
    with acting_as(actor):
        plan.save()
    return plan


@transaction.atomic
def perform_draw(*, actor: Any, plan: InspectionPlan, on: datetime.date | None = None) -> InspectionPlan:
    """Reveal the seed, draw, and create one result (待检查) per drawn entity with its inspectors."""
    on = _act_date(on, "drawn_on", gettext("抽取日期"))
    plan = InspectionPlan.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=plan.pk)
    if plan.state == PlanState.DRAFT:
        raise ValidationError(gettext("尚未公布抽取输入和随机种子哈希，不能抽取：须先公布，再抽取，以便公众验证。"))
    if plan.state == PlanState.DRAWN:
        raise ValidationError(gettext("该计划已于%(at)s抽取，不能再次抽取。") % {
            "at": timezone.localtime(plan.drawn_at).strftime("%Y-%m-%d %H:%M")})
    if on < plan.committed_on:
        raise ValidationError({"drawn_on": gettext("抽取日期不得早于抽取输入的公布日期（%(date)s）。") % {
            "date": plan.committed_on.isoformat()}})
    try:
        picks = drawing.draw(plan.inputs, plan.seed)
    except drawing.DrawError as exc:
        raise ValidationError(str(exc)) from None
    entities = {e.credit_code: e for e in InspectionEntity.objects.filter(
        body_id=plan.body_id, credit_code__in=[p["entity"] for p in picks])}
    officers = {o.certificate_number: o for o in EnforcementOfficer.objects.filter(
        certificate_number__in={c for p in picks for c in p["inspectors"]})}
    plan.picks_json = json.dumps(picks, ensure_ascii=False)
    plan.drawn_at, plan.drawn_on, plan.state = timezone.now(), on, PlanState.DRAWN
    with acting_as(actor):
        plan.save()
        for pick in picks:
            result = InspectionResult.objects.create(plan=plan, entity=entities[pick["entity"]])
            result.inspectors.set([officers[c] for c in pick["inspectors"]])
    return plan


def verify_plan(plan: InspectionPlan) -> list[str]:
    """Recompute the draw from what is published ([] = agrees)."""
    published = plan.published_draw()
    return verify_published(published)


# ---- results ----------------------------------------------------------------------------------------


@transaction.atomic
def enter_result(*, actor: Any, result: InspectionResult, inspected_on: datetime.date, outcome: str,
                 problems: str = "", handling: str = "") -> InspectionResult:
    """Record the inspection of a drawn entity; the 20-working-day publication limit starts that day."""
    result = InspectionResult.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=result.pk)
    errors: dict[str, list[str]] = {}
    if result.state == ResultState.PUBLISHED:
        raise ValidationError(gettext("抽查结果已公示，不能修改。"))
    if inspected_on is None:
        errors["inspected_on"] = [gettext("请填写检查日期。")]
    elif inspected_on > clock.today():
        errors["inspected_on"] = [gettext("检查日期不得晚于今天（%(today)s）。") % {"today": clock.today().isoformat()}]
    elif result.plan.drawn_on and inspected_on < result.plan.drawn_on:
        errors["inspected_on"] = [gettext("检查日期不得早于抽取日期（%(date)s）。") % {
            "date": result.plan.drawn_on.isoformat()}]
    result.outcome, result.problems, result.handling = outcome, (problems or "").strip(), (handling or "").strip()
    if result.problems_found and not result.problems:
        errors["problems"] = [gettext("检查结果为发现问题的，请填写发现的问题。")]
    if result.problems_found and not result.handling:
        errors["handling"] = [gettext("检查结果为发现问题的，请填写处理情况。")]
    if errors:
        raise ValidationError(errors)
    result.inspected_on, result.state = inspected_on, ResultState.INSPECTED
    _save(actor, result, ("plan", "entity"))
    deadline: Deadline = engine.start_deadline(actor=actor, record=result, key=PUBLICATION, on=inspected_on,
                                               by="enter_result")
    result.publication_due_on = deadline.due_on
    with acting_as(actor):
        result.save(update_fields=["publication_due_on"])
    return result


def publish_result(*, actor: Any, result: InspectionResult, on: datetime.date | None = None) -> InspectionResult:
    """Publish a result (一公开); a date after the limit is kept and flagged as late."""
    engine.transition(actor=actor, record=result, name="publish", data={"on": on} if on else {})
    result.refresh_from_db()
    return result
