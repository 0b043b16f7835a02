"""Writes on enforcement cases: keyword-only, typed, validated, atomic and audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field, and nothing is changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from fazhi.cases import limits
from fazhi.cases.models import (
    DECIDED_STATES,
    INITIAL_STATE,
    WRITERS,
    ActType,
    CaseState,
    DiscretionBenchmark,
    EnforcementCase,
    Outcome,
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
               "publication_withdrawn_on", "executed_on", "closed_on", "approved_on", "imposed_on",
               "inspected_on", "follow_up_of_id")
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
    who = getattr(actor, "pk", actor)

    def check(kind: str, pk: int | None, ok: Callable[[], bool]) -> None:
        if not pk:
            return
        key = ("refs", who, kind, pk)
        if key not in cache:
            cache[key] = ok()
        if not cache[key]:
            raise Http404

    def body_ok() -> bool:
        body = EnforcementBody.objects.visible_to(actor).filter(pk=case.body_id).first()
        return body is not None and access.writable_units(actor, WRITERS).filter(pk=body.unit_id).exists()

    check("body", case.body_id or -1, body_ok)
    check("item", case.item_id, lambda: EnforcementItem.objects.visible_to(actor).filter(pk=case.item_id).exists())
    check("benchmark", case.benchmark_id,
          lambda: DiscretionBenchmark.objects.visible_to(actor).filter(pk=case.benchmark_id).exists())
    check("officer", case.reviewer_id,
          lambda: EnforcementOfficer.objects.visible_to(actor).filter(pk=case.reviewer_id).exists())


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
        if current.act_type != case.act_type:
            raise ValidationError({"act_type": gettext("案件的行为类别不能更改：各类行为的办理程序不同，请另行立案。")})
        if current.state not in (CaseState.REGISTERED, CaseState.INVESTIGATING):
            case.hearing_right = current.hearing_right  # fixed by the notice
        for name in STEP_FIELDS:
            setattr(case, name, getattr(current, name))
    _check_refs(actor, case)
    if adding:
        # Each act type has its own procedure in the one declaration: it starts in its own state.
        case.state = INITIAL_STATE.get(case.act_type, CaseState.REGISTERED)
    if case.state in (CaseState.REGISTERED, CaseState.INVESTIGATING):
        case.hearing_right = bool(case.hearing_grounds())  # 行政处罚法第六十三条, until the notice fixes it
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
    decision_limit = limits.DECISION_LIMITS.get(case.act_type)
    if adding and decision_limit is not None and case.act_type != ActType.COERCION:
        # A penalty is due 90 days after registration (行政处罚法第六十条), a licence 20 working days after
        # acceptance (行政许可法第四十二条): the home page shows it due soon / overdue. A compulsory
        # measure's term starts when it is imposed (the engine step).
        procedure_services.start_deadline(actor=actor, record=case, key=decision_limit.key, on=case.registered_on,
                                          by="register")
    return case


# The state a recorded history implies, per act type: the last step that has a date.
_STATE_BY_DATE = {
    ActType.PENALTY: (("publication_withdrawn_on", CaseState.WITHDRAWN), ("closed_on", CaseState.CLOSED),
                      ("executed_on", CaseState.EXECUTED), ("published_on", CaseState.PUBLISHED),
                      ("served_on", CaseState.SERVED), ("decided_on", CaseState.DECIDED),
                      ("discussed_on", CaseState.DISCUSSED), ("hearing_held_on", CaseState.HEARD),
                      ("notified_on", CaseState.NOTIFIED)),
    ActType.LICENSING: (("closed_on", CaseState.CLOSED), ("published_on", CaseState.LICENCE_PUBLISHED),
                        ("decided_on", CaseState.LICENCE_DECIDED), ("hearing_held_on", CaseState.LICENCE_HEARD)),
    ActType.COERCION: (("closed_on", CaseState.CLOSED), ("published_on", CaseState.COERCION_PUBLISHED),
                       ("decided_on", CaseState.COERCION_DECIDED), ("imposed_on", CaseState.COERCION_IN_FORCE),
                       ("approved_on", CaseState.COERCION_APPROVED)),
    ActType.INSPECTION: (("closed_on", CaseState.CLOSED), ("published_on", CaseState.INSPECTION_PUBLISHED),
                         ("decided_on", CaseState.INSPECTION_CONCLUDED), ("inspected_on", CaseState.INSPECTION_INSPECTED)),
}


def state_from_dates(case: EnforcementCase) -> str:
    """The state a recorded history implies (an imported ledger row): the last step that has a date."""
    for field, state in _STATE_BY_DATE.get(case.act_type, _STATE_BY_DATE[ActType.PENALTY]):
        if getattr(case, field):
            if state == CaseState.COERCION_IN_FORCE and not case.approved_on:
                return CaseState.COERCION_EMERGENCY  # imposed on the spot, approval not yet recorded
            return state
    if case.act_type == ActType.PENALTY:
        # A ledger has no date for starting the investigation: a registered case is being investigated.
        return CaseState.INVESTIGATING
    return INITIAL_STATE[case.act_type]


def _prepare_imported(actor: Any, case: EnforcementCase, officers: list[EnforcementOfficer], cache: dict | None,
                      *, bulk: bool = False) -> None:
    """Every check of a ledger row, and the stored values the procedure would have computed; writes
    nothing. `bulk`: the caller checked references (`_check_refs`, cached) and checks the unique
    numbers for the whole batch, so the per-row queries of those checks are skipped."""
    if not case._state.adding:
        raise ValueError("imports create cases")
    _check_refs(actor, case, cache)
    case.state = state_from_dates(case)
    if case.act_type == ActType.PENALTY and case.hearing_grounds(cache):
        case.hearing_right = True  # 行政处罚法第六十三条: the ledger may say so itself
    case.decision_due_on = case.compute_decision_due_on(cache) if case.registered_on else None
    case.publicity_due_on = case.compute_publicity_due_on(cache) if case.registered_on else None
    if bulk:
        case.full_clean(exclude=["officers", "body", "item", "benchmark", "reviewer", "follow_up_of"],
                        validate_unique=False, validate_constraints=False)
    else:
        case.full_clean(exclude=["officers"])
    _check_officers(case, officers)
    if case.reviewer_id and case.reviewer_id in {o.pk for o in officers}:
        raise ValidationError({"reviewer": gettext(
            "法制审核人员不得是本案的承办执法人员（行政处罚法第五十八条；国办发〔2018〕118号）。")})


def running_duty(case: EnforcementCase) -> tuple[str, datetime.date, datetime.date | None] | None:
    """The duty of a recorded case still running (key, start, assigned due date or None), if any."""
    if case.state == CaseState.CLOSED or case.state in (CaseState.REVOKED, CaseState.WITHDRAWN):
        return None
    decision_limit = limits.DECISION_LIMITS.get(case.act_type)
    if case.decided_on is None:
        if decision_limit is None or case.decision_due_on is None:
            return None
        start = case.imposed_on if case.act_type == ActType.COERCION else case.registered_on
        return decision_limit.key, start, case.decision_due_on
    if case.publicity_due_on and not case.published_on:
        return limits.PUBLICITY_LIMITS[case.act_type].key, case.decided_on, None
    return None


def _start_running_duty(actor: Any, case: EnforcementCase) -> None:
    """Running duties appear on the home page like those of cases handled on the platform."""
    duty = running_duty(case)
    if duty is None:
        return
    key, on, due_on = duty
    if due_on is not None:  # the stored due date (with its recorded extension) is the deadline
        limit = limits.DECISION_LIMITS[case.act_type]
        procedure_services.start_deadline(actor=actor, record=case, key=key, on=on, due_on=due_on,
                                          label=str(limit.label), basis=limit.basis, by="import")
    else:
        procedure_services.start_deadline(actor=actor, record=case, key=key, on=on, by="import")


@transaction.atomic
def save_imported_case(*, actor: Any, case: EnforcementCase, officers: list[EnforcementOfficer],
                       cache: dict | None = None) -> EnforcementCase:
    """Record a case from an existing ledger (import, demo): its dated history as it happened, not the
    procedure again. The same rules as a registered case (body, officers with valid certificates, dates
    in order), and the same stored due dates as the procedure computes, so the figures agree.

    A major decision recorded without a passed legal review is accepted: it happened, and is what the
    法制审核率 counts. `cache`: a dict a bulk caller keeps across rows (lookups and limits done once)."""
    _prepare_imported(actor, case, officers, cache)
    with audit.acting_as(actor):
        case.save()
    case.officers.set(officers)
    _start_running_duty(actor, case)
    return case


BULK_BATCH = 2000


@transaction.atomic
def bulk_save_imported_cases(*, actor: Any, rows: list[tuple[EnforcementCase, list[EnforcementOfficer]]],
                             source: str, cache: dict | None = None) -> list[EnforcementCase]:
    """Record many ledger cases at once (the demo's year, a large ledger): every row checked by the
    same rules as `save_imported_case` first — any bad row raises a ValidationError naming the row (from
    1) and the field, and nothing is written — then the cases and their officers inserted in batches,
    the running duties started on the engine, and ONE audit event for the batch (see `_audit_batch`)."""
    cache = {} if cache is None else cache
    _prime_refs(actor, [case for case, _officers in rows], cache)
    seen: dict[tuple[int, str], int] = {}
    for n, (case, officers) in enumerate(rows, start=1):
        try:
            _prepare_imported(actor, case, officers, cache, bulk=True)
            first = seen.setdefault((case.body_id, case.number), n)
            if first != n:
                raise ValidationError({"number": gettext("案件编号“%(number)s”与第%(row)d行重复：同一执法主体的案件编号不得重复。")
                                       % {"number": case.number, "row": first}})
        except ValidationError as exc:
            raise _row_error(n, exc) from None
    bodies = {body for body, _n in seen}
    numbers = {number for _b, number in seen}
    for body_id, number in EnforcementCase.objects.filter(body_id__in=bodies, number__in=numbers).values_list(
            "body_id", "number"):
        if (body_id, number) in seen:
            raise _row_error(seen[(body_id, number)], ValidationError({"number": gettext(
                "该执法主体已有相同案件编号的案件：案件编号不得重复。")}))
    cases = [case for case, _officers in rows]
    created = EnforcementCase.objects.bulk_create(cases, batch_size=BULK_BATCH)
    through = EnforcementCase.officers.through
    links = [through(enforcementcase_id=case.pk, enforcementofficer_id=o.pk)
             for case, officers in rows for o in {o.pk: o for o in officers}.values()]
    through.objects.bulk_create(links, batch_size=BULK_BATCH * 2)
    for case in created:
        case._state.adding = False
        _start_running_duty(actor, case)
    _audit_batch(actor, created, source)
    return created


def _prime_refs(actor: Any, cases: list[EnforcementCase], cache: dict) -> None:
    """Fill `_check_refs`'s cache for a batch with one query per kind of reference instead of one per value."""
    who = getattr(actor, "pk", actor)
    for kind, model, attr in (("item", EnforcementItem, "item_id"), ("benchmark", DiscretionBenchmark, "benchmark_id"),
                              ("officer", EnforcementOfficer, "reviewer_id")):
        ids = {getattr(c, attr) for c in cases} - {None}
        ids = {i for i in ids if ("refs", who, kind, i) not in cache}
        if ids:
            visible = set(model.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
            cache.update({("refs", who, kind, i): i in visible for i in ids})


def _row_error(n: int, exc: ValidationError) -> ValidationError:
    prefix = gettext("第%(row)d行：") % {"row": n}
    if hasattr(exc, "error_dict"):
        return ValidationError({field: [prefix + m for m in messages]
                                for field, messages in exc.message_dict.items()})
    return ValidationError([prefix + m for m in exc.messages])


def _audit_batch(actor: Any, cases: list[EnforcementCase], source: str) -> None:
    """One event for a bulk insert instead of one per case. What an auditor needs from it: who, when,
    from what (`source`), how many of each type, which rows (the id range), and a SHA-256 over the
    inserted rows' stored values (the same snapshot a per-row event would hold), so that a later
    change of any of them can be detected by recomputing the digest (`batch_digest`)."""
    if not cases:
        return
    from collections import Counter

    by_type = Counter(c.act_type for c in cases)
    pks = [c.pk for c in cases]
    audit.record(action="bulk_create", object_type=EnforcementCase._meta.label_lower,
                 object_id=f"{min(pks)}-{max(pks)}", actor=actor,
                 object_repr=gettext("%(source)s：批量登记%(n)d件行政执法案件") % {"source": source, "n": len(cases)},
                 after={"count": len(cases), "first_id": min(pks), "last_id": max(pks), "source": source,
                        "by_act_type": dict(sorted(by_type.items())), "rows_sha256": batch_digest(pks)})


def batch_digest(pks: Iterable[int]) -> str:
    """SHA-256 over the stored values of the cases `pks` as read from the database, in id order: per row
    one JSON array of its columns in model order (dates ISO, decimals and times as text), one per line.
    Recomputed later from the same ids, a different digest shows a row changed or went missing."""
    import hashlib
    import json

    wanted = set(pks)
    columns = [f.attname for f in EnforcementCase._meta.concrete_fields]
    digest = hashlib.sha256()
    if not wanted:
        return digest.hexdigest()
    rows = (EnforcementCase.objects.filter(pk__gte=min(wanted), pk__lte=max(wanted)).order_by("pk")
            .values_list(*columns))
    for row in rows.iterator(chunk_size=5000):
        if row[0] in wanted:
            digest.update(json.dumps(row, ensure_ascii=False, default=str, separators=(",", ":")).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def register_case(*, actor: Any, officers: Iterable[EnforcementOfficer], **fields: Any) -> EnforcementCase:
    return save_case(actor=actor, case=EnforcementCase(**fields), officers=officers)


@transaction.atomic
def open_penalty_case(*, actor: Any, inspection: EnforcementCase, number: str,
                      registered_on: datetime.date) -> EnforcementCase:
    """Register a penalty case for the violation an inspection found, linked to it: same body, party,
    item and officers; the facts start from the inspection's. Only from a concluded inspection that
    found a problem."""
    current = EnforcementCase.objects.get_visible_or_404(actor, CHANGE, pk=inspection.pk)
    if current.act_type != ActType.INSPECTION or current.outcome != Outcome.PROBLEM_FOUND:
        raise ValidationError(gettext("只有发现违法问题的行政检查才能据以立案查处。"))
    if registered_on and current.decided_on and registered_on < current.decided_on:
        raise ValidationError({"registered_on": gettext("立案日期不得早于检查结论日期（%(on)s）。") % {
            "on": current.decided_on.isoformat()}})
    case = EnforcementCase(
        body=current.body, number=number, item=None, act_type=ActType.PENALTY, party_kind=current.party_kind,
        party_name=current.party_name, party_id_number=current.party_id_number,
        party_credit_code=current.party_credit_code, cause=current.cause, facts=current.facts,
        registered_on=registered_on)
    case.follow_up_of = current
    return save_case(actor=actor, case=case, officers=list(current.officers.all()))


@transaction.atomic
def extend_decision_limit(*, actor: Any, case: EnforcementCase, days: int, basis: str,
                          on: datetime.date | None = None) -> EnforcementCase:
    """Record an extension of the case's limit with its basis: a penalty's 90 days (行政处罚法第六十条：法律、
    法规、规章另有规定的), a licence's 20 working days by at most 10 (行政许可法第四十二条), a seizure's or
    freezing's 30 days by at most 30 (行政强制法第二十五条、第三十二条), each with the head's approval."""
    current = EnforcementCase.objects.get_visible_or_404(actor, CHANGE, pk=case.pk)
    basis = (basis or "").strip()
    errors: dict[str, list[str]] = {}
    limit = limits.DECISION_LIMITS.get(current.act_type)
    cap = limits.EXTENSION_CAPS.get(current.act_type)
    if limit is None:
        errors["days"] = [gettext("%(type)s没有法定的决定期限，无须延长。") % {"type": current.get_act_type_display()}]
    elif current.state in LOCKED_STATES:
        errors["days"] = [gettext("已作出决定的案件不能再延长决定期限。")]
    elif current.act_type == ActType.COERCION and current.state != CaseState.COERCION_IN_FORCE:
        errors["days"] = [gettext("只能延长正在实施的查封、扣押、冻结的期限（行政强制法第二十五条）。")]
    if not isinstance(days, int) or days <= 0:
        errors.setdefault("days", []).append(gettext("延长天数须为正整数。"))
    elif cap is not None and limit is not None:
        most = limits.resolved(current, cap).time_limit.n
        if current.extension_days + days > most:
            errors.setdefault("days", []).append(gettext(
                "延长期限合计不得超过%(n)d日（%(basis)s），已延长%(done)d日。") % {
                "n": most, "basis": cap.basis, "done": current.extension_days})
    if not basis:
        errors["basis"] = [gettext("请填写延长决定期限的依据（批准文件或法律、法规、规章条款）。")]
    if errors:
        raise ValidationError(errors)
    current.extension_days += days
    current.extension_basis = basis[:200]
    current.decision_due_on = current.compute_decision_due_on()
    audit.save_validated(actor, current, exclude=["officers"])
    due = current.decision_due_on
    start = current.imposed_on if current.act_type == ActType.COERCION else current.registered_on
    procedure_services.start_deadline(
        actor=actor, record=current, key=limit.key, on=start, due_on=due,
        label=gettext("%(limit)s（已延长）") % {"limit": limit.label}, basis=f"{limit.basis}；{basis}"[:300],
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
