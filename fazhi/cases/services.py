"""Writes on enforcement cases: keyword-only, typed, validated, atomic and audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field, and nothing is changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from fazhi.cases import limits
from fazhi.cases.models import (
    DECIDED_STATES,
    WRITERS,
    ActType,
    CaseState,
    DiscretionBenchmark,
    EnforcementCase,
)
from fazhi.cases.procedures import MIN_OFFICERS
from fazhi.core import access, audit
from fazhi.core.access import CHANGE
from fazhi.enforcement.models import EnforcementBody, EnforcementItem, EnforcementOfficer
from fazhi.procedures import services as procedure_services
from fazhi.procedures.models import TransitionLog

# Fields the procedure owns: an edit never sets them.
STEP_FIELDS = ("state", "decision_due_on", "publicity_due_on", "audio_video_recorded", "notified_on",
               "hearing_requested_on", "hearing_held_on", "review_conclusion", "reviewed_on",
               "discussed_on", "extension_days", "extension_basis", "decided_on", "served_on", "published_on",
               "publication_withdrawn_on", "executed_on", "closed_on")
# After the decision the facts of the case are fixed: corrections are new decisions (变更、撤销).
LOCKED_STATES = DECIDED_STATES


def _check_officers(case: EnforcementCase, officers: list[EnforcementOfficer]) -> None:
    """At least two officers of the case's body, each with a certificate valid on the registration date."""
    on = case.registered_on
    errors = []
    for officer in officers:
        if officer.body_id != case.body_id:
            errors.append(gettext("执法人员“%(name)s”不属于执法主体“%(body)s”。") % {
                "name": officer.name, "body": case.body.name})
        elif not officer.certificate_valid_on(on):
            errors.append(gettext(
                "执法人员“%(name)s”在立案日期（%(on)s）没有有效执法证（有效期至%(exp)s，状态：%(status)s），"
                "不能承办案件（行政处罚法第四十二条）。") % {
                "name": officer.name, "on": on.isoformat(), "exp": officer.expires_on.isoformat(),
                "status": officer.get_status_display()})
    if len({o.pk for o in officers}) < MIN_OFFICERS:
        errors.append(gettext("承办执法人员不得少于两人（行政处罚法第四十二条）。"))
    if errors:
        raise ValidationError({"officers": errors})


def _check_refs(actor: Any, case: EnforcementCase, cache: dict | None = None) -> None:
    """The body (written in its unit's name by the case writers), item and benchmark exist and are the
    actor's to use; Http404 otherwise. `cache` (a bulk caller's dict) remembers what was checked."""
    cache = {} if cache is None else cache
    key = ("refs", getattr(actor, "pk", actor), case.body_id, case.item_id, case.benchmark_id)
    if cache.get(key):
        return
    body = EnforcementBody.objects.visible_to(actor).filter(pk=case.body_id).first()
    if body is None or not access.writable_units(actor, WRITERS).filter(pk=body.unit_id).exists():
        raise Http404
    if case.item_id and not EnforcementItem.objects.visible_to(actor).filter(pk=case.item_id).exists():
        raise Http404
    if case.benchmark_id and not DiscretionBenchmark.objects.visible_to(actor).filter(pk=case.benchmark_id).exists():
        raise Http404
    cache[key] = True


@transaction.atomic
def save_case(*, actor: Any, case: EnforcementCase,
              officers: Iterable[EnforcementOfficer] | None = None) -> EnforcementCase:
    """Register a case (立案) or update one not yet decided. `officers` replaces the case's officers."""
    adding = case._state.adding
    if not adding:
        current = EnforcementCase.objects.get_visible_or_404(actor, CHANGE, pk=case.pk)
        if current.state in LOCKED_STATES:
            raise ValidationError(gettext("已作出决定的案件不能再修改：变更须依法另行作出决定。"))
        if current.body_id != case.body_id:
            raise ValidationError({"body": gettext("案件的执法主体不能更改。")})
        for name in STEP_FIELDS:
            setattr(case, name, getattr(current, name))
    _check_refs(actor, case)
    if case.act_type != ActType.PENALTY:
        # Licences, compulsory measures and inspections follow shorter procedures not yet built here;
        # their records arrive through the ledger import (20 working days publicity) meanwhile.
        raise ValidationError({"act_type": gettext(
            "平台目前只办理行政处罚案件的程序；行政许可、行政强制、行政检查决定请通过执法案件台账导入登记。")})
    case.full_clean(exclude=["officers"])  # model rules before any write
    officer_list = list(officers) if officers is not None else (None if adding else list(case.officers.all()))
    if officer_list is None:
        officer_list = []
    if officer_list and not EnforcementOfficer.objects.visible_to(actor).filter(
            pk__in=[o.pk for o in officer_list]).count() == len({o.pk for o in officer_list}):
        raise Http404
    _check_officers(case, officer_list)
    if case.reviewer_id and case.reviewer_id in {o.pk for o in officer_list}:
        raise ValidationError({"reviewer": gettext(
            "法制审核人员不得是本案的承办执法人员（行政处罚法第五十八条；国办发〔2018〕118号）。")})
    case.decision_due_on = case.compute_decision_due_on()
    audit.save_validated(actor, case, exclude=["officers"])
    if officers is not None:
        case.officers.set(officer_list)
    if adding:
        # 行政处罚法第六十条: the decision is due 90 days after registration (home page: due soon / overdue).
        procedure_services.start_deadline(actor=actor, record=case, key=limits.DECISION.key, on=case.registered_on,
                                          by="register")
    return case


def state_from_dates(case: EnforcementCase) -> str:
    """The state a recorded history implies (an imported ledger row): the last step that has a date."""
    for field, state in (("publication_withdrawn_on", CaseState.WITHDRAWN), ("closed_on", CaseState.CLOSED),
                         ("executed_on", CaseState.EXECUTED), ("published_on", CaseState.PUBLISHED),
                         ("served_on", CaseState.SERVED), ("decided_on", CaseState.DECIDED),
                         ("discussed_on", CaseState.DISCUSSED), ("hearing_held_on", CaseState.HEARD),
                         ("notified_on", CaseState.NOTIFIED)):
        if getattr(case, field):
            return state
    # A ledger has no date for starting the investigation: a registered case is being investigated.
    return CaseState.INVESTIGATING


@transaction.atomic
def save_imported_case(*, actor: Any, case: EnforcementCase, officers: list[EnforcementOfficer],
                       cache: dict | None = None) -> EnforcementCase:
    """Record a case from an existing ledger (import, demo): its dated history as it happened, not the
    procedure again. The same rules as a registered case (body, officers with valid certificates, dates
    in order), and the same stored due dates as the procedure computes, so the figures agree.

    A major decision recorded without a passed legal review is accepted: it happened, and is what the
    法制审核率 counts. `cache`: a dict a bulk caller keeps across rows (lookups and limits done once)."""
    if not case._state.adding:
        raise ValueError("imports create cases")
    _check_refs(actor, case, cache)
    case.state = state_from_dates(case)
    case.decision_due_on = case.compute_decision_due_on(cache) if case.registered_on else None
    case.publicity_due_on = case.compute_publicity_due_on(cache) if case.registered_on else None
    case.full_clean(exclude=["officers"])
    _check_officers(case, officers)
    if case.reviewer_id and case.reviewer_id in {o.pk for o in officers}:
        raise ValidationError({"reviewer": gettext(
            "法制审核人员不得是本案的承办执法人员（行政处罚法第五十八条；国办发〔2018〕118号）。")})
    with audit.acting_as(actor):
        case.save()
    case.officers.set(officers)
    # Running duties appear on the home page like those of cases handled on the platform.
    if case.decided_on is None:
        procedure_services.start_deadline(actor=actor, record=case, key=limits.DECISION.key, on=case.registered_on,
                                          due_on=case.decision_due_on, label=str(limits.DECISION.label),
                                          basis=limits.DECISION.basis, by="import")
    elif case.publicity_due_on and not case.published_on:
        procedure_services.start_deadline(actor=actor, record=case, key=limits.PUBLICITY.key, on=case.decided_on,
                                          by="import")
    return case


def register_case(*, actor: Any, officers: Iterable[EnforcementOfficer], **fields: Any) -> EnforcementCase:
    return save_case(actor=actor, case=EnforcementCase(**fields), officers=officers)


@transaction.atomic
def extend_decision_limit(*, actor: Any, case: EnforcementCase, days: int, basis: str,
                          on: datetime.date | None = None) -> EnforcementCase:
    """Record an extension of the decision limit with its basis (行政处罚法第六十条：法律、法规、规章另有规定的)."""
    current = EnforcementCase.objects.get_visible_or_404(actor, CHANGE, pk=case.pk)
    basis = (basis or "").strip()
    errors: dict[str, list[str]] = {}
    if current.state in LOCKED_STATES:
        errors["days"] = [gettext("已作出决定的案件不能再延长决定期限。")]
    if not isinstance(days, int) or days <= 0:
        errors.setdefault("days", []).append(gettext("延长天数须为正整数。"))
    if not basis:
        errors["basis"] = [gettext("请填写延长决定期限的依据（批准文件或法律、法规、规章条款）。")]
    if errors:
        raise ValidationError(errors)
    current.extension_days += days
    current.extension_basis = basis[:200]
    current.decision_due_on = current.compute_decision_due_on()
    audit.save_validated(actor, current, exclude=["officers"])
    due = current.decision_due_on
    procedure_services.start_deadline(
        actor=actor, record=current, key=limits.DECISION.key, on=current.registered_on, due_on=due,
        label=gettext("作出行政处罚决定期限（已延长）"), basis=f"{limits.DECISION.basis}；{basis}"[:300],
        by="extend")
    case.extension_days, case.extension_basis = current.extension_days, current.extension_basis
    return current


def take_step(*, actor: Any, case: EnforcementCase, name: str, comment: str = "",
              on: datetime.date | None = None) -> TransitionLog:
    """A procedure step through the engine (permissions, gates, dates and deadlines)."""
    return procedure_services.transition(actor=actor, record=case, name=name, comment=comment,
                                         data={"on": on.isoformat()} if on else None)


@transaction.atomic
def save_benchmark(*, actor: Any, benchmark: DiscretionBenchmark) -> DiscretionBenchmark:
    if not benchmark._state.adding:
        DiscretionBenchmark.objects.get_visible_or_404(actor, CHANGE, pk=benchmark.pk)
    if not EnforcementItem.objects.visible_to(actor, CHANGE).filter(pk=benchmark.item_id).exists():
        raise Http404
    return audit.save_validated(actor, benchmark)


def create_benchmark(*, actor: Any, **fields: Any) -> DiscretionBenchmark:
    return save_benchmark(actor=actor, benchmark=DiscretionBenchmark(**fields))


def states_open() -> tuple[str, ...]:
    return tuple(s for s in CaseState.values if s not in DECIDED_STATES)
