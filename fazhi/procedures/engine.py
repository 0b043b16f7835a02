"""The one procedure engine: how a record type declares its procedure, and the registry of them.

A record that moves through steps set by law declares its procedure once, in its app's
`procedures.py` (imported automatically at start-up):

    from fazhi.core.access import Role
    from fazhi.procedures.engine import Gate, Limit, Procedure, Start, State, Transition, has_role, register

    @register
    class WidgetProcedure(Procedure):
        model = "procedures_testapp.Widget"        # the record model; it has a `state` CharField
        label = "测试流程"
        states = [State("draft", "起草"), State("review", "审核中"), State("done", "办结", final=True)]
        initial = "draft"
        limits = [Limit("widget.review", "审核期限", n=5, unit="working_day", basis="测试规则第三条")]
        transitions = [
            Transition("submit", "提交审核", source="draft", target="review",
                       permission=has_role(Role.LEGAL_OFFICER), required_fields=["title"],
                       gates=[Gate(lambda rec: rec.amount > 0, "金额必须大于零（测试规则第一条）")],
                       start=["widget.review"]),
            Transition("approve", "通过", source="review", target="done", stop=["widget.review"]),
        ]

This module only holds declarations and the checks they imply (`Procedure.refusals`); the writes
(state change, history, audit, deadlines, notifications) are `fazhi.procedures.services.transition`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext

from fazhi.calendar.service import TimeLimit
from fazhi.core.access import (
    ALL_WRITER_ROLES,
    CHANGE,
    READ_ONLY_ROLES,
    Role,
    grant_q,
    grants_of,
    is_unrestricted,
)
from fazhi.procedures import clock

# --------------------------------------------------------------------------------------------
# Permission predicates: callables (user, record) -> bool. A `Permission` also says in words what it
# requires, so a refused user is told why ("须由部门法制员办理").
# --------------------------------------------------------------------------------------------


class Permission:
    def __init__(self, test: Callable[[Any, Any], bool], describe: Callable[[], str] | None = None) -> None:
        self.test = test
        self._describe = describe

    def __call__(self, user: Any, record: Any) -> bool:
        return bool(self.test(user, record))

    def describe(self) -> str:
        return self._describe() if self._describe else ""

    def __and__(self, other: Callable) -> Permission:
        return all_of(self, other)

    def __or__(self, other: Callable) -> Permission:
        return any_of(self, other)


def describe(predicate: Callable) -> str:
    return predicate.describe() if isinstance(predicate, Permission) else ""


def _may_change(user: Any, record: models.Model, roles: frozenset[str] | None) -> bool:
    """Whether the user may change the record through the access layer, by a grant of one of `roles`.

    Only grants of the wanted roles count: a legal officer of county A who is also a coordinator of
    county B may not take a legal officer's step on a county-B record.
    """
    if is_unrestricted(user):
        return True
    model = record._meta.model
    writers = getattr(model, "writer_roles", ALL_WRITER_ROLES)
    grants = [g for g in grants_of(user)
              if g.role in writers and g.role not in READ_ONLY_ROLES and (roles is None or g.role in roles)]
    if not grants or record.pk is None:
        return False
    # One query per (user, roles) and record instance: a detail page asks for every transition.
    cache = record.__dict__.setdefault("_fazhi_may_change", {})
    key = (getattr(user, "pk", None), roles)
    if key not in cache:
        custom = getattr(model, "access_filter", None)
        q = Q(pk__in=[])
        for grant in grants:
            q |= custom(grant, CHANGE) if custom else grant_q(grant, model.access_anchor)
        cache[key] = model._base_manager.filter(q, pk=record.pk).exists()
    return cache[key]


def has_role(*roles: str) -> Permission:
    """The user holds one of `roles` and, through those roles, may change the record."""
    wanted = frozenset(str(r) for r in roles)

    def text() -> str:
        names = "、".join(str(Role(r).label) for r in roles)
        return gettext("须由%(roles)s办理，且记录在其职责范围内") % {"roles": names}

    return Permission(lambda user, record: _may_change(user, record, wanted), text)


can_change = Permission(lambda user, record: _may_change(user, record, None),
                        lambda: gettext("须有权修改该记录（只读角色不能办理）"))
can_change.__doc__ = "Any writer role that may change the record through the access layer."


def all_of(*predicates: Callable) -> Permission:
    def text() -> str:
        return "；".join(t for t in (describe(p) for p in predicates) if t)

    return Permission(lambda user, record: all(p(user, record) for p in predicates), text)


def any_of(*predicates: Callable) -> Permission:
    def text() -> str:
        return gettext("或").join(t for t in (describe(p) for p in predicates) if t)

    return Permission(lambda user, record: any(p(user, record) for p in predicates), text)


# --------------------------------------------------------------------------------------------
# Declarations.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    key: str
    label: str
    final: bool = False  # a closing state (办结, 撤销…): figures count records that reached one


@dataclass(frozen=True)
class Limit:
    """A time limit as the law states it, under a key unique across the platform ("penalty.decision").

    These are the national defaults; administrators override them per region (`TimeLimitRule`).
    """

    key: str
    label: str
    n: int
    unit: str  # fazhi.calendar.service.DayUnit
    basis: str

    def __post_init__(self) -> None:
        TimeLimit(self.n, self.unit, self.basis)  # validates n and unit at declaration time

    @property
    def time_limit(self) -> TimeLimit:
        return TimeLimit(self.n, self.unit, self.basis)


@dataclass(frozen=True)
class Gate:
    """A condition that must hold; `message` says what is missing and under which rule.

    `message` may be a callable (record) -> str, for gates whose rule is a time limit that an
    administrator can change per region: the refusal then states the limit in force for the record.
    """

    check: Callable[[Any], bool]
    message: Any

    def message_for(self, record: Any) -> str:
        return str(self.message(record) if callable(self.message) else self.message)


@dataclass(frozen=True)
class Required:
    """A model field that must be non-empty, with the rule that requires it (default: the step's basis)."""

    field: str
    basis: str = ""


@dataclass(frozen=True)
class AttachmentKind:
    """A kind of attachment a procedure knows (`Attachment.kind`), e.g. the legality review opinion."""

    key: str
    label: str
    basis: str = ""
    # False: made by the platform (a generated reminder letter), never offered for upload.
    uploaded: bool = True


@dataclass(frozen=True)
class Start:
    """Start limit `key`; `on(record, data)` gives the triggering date (default / None: today in China)."""

    key: str
    on: Callable[[Any, dict], datetime.date | None] | None = None


STEP_DATE_ATTR = "_fazhi_step_on"


def step_date(record: Any) -> datetime.date:
    """The date of the step being taken on `record` (entered for a dated step), else today in China."""
    return record.__dict__.get(STEP_DATE_ATTR) or clock.today()


def _tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str | Required | Start | Gate):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Transition:
    key: str
    label: str
    source: Sequence[str] = ()
    target: str = ""
    permission: Callable[[Any, Any], bool] = can_change
    required_fields: Sequence[str | Required] = ()
    required_attachments: Sequence[str] = ()  # AttachmentKind keys of the procedure
    gates: Sequence[Gate] = ()
    start: Sequence[str | Start] = ()
    stop: Sequence[str] = ()
    # Who is told (in-app notification): callable(record) -> users; None = the record unit's writers.
    notify: Callable[[Any], Iterable[Any]] | None = None
    # Runs inside the transaction after the state is set, before the record is saved: set fields
    # the step implies (e.g. a decision date from `data`). effect(record, actor=..., data=...); data
    # also carries the step's "comment" (办理意见, e.g. the findings of a review).
    effect: Callable[..., None] | None = None
    comment_required: bool = False
    basis: str = ""  # the rule behind the step; default rule of its required fields and attachments
    style: str = ""  # "secondary" for steps back (退回, 撤回): rendered as a secondary button
    # The user may enter the date the step really took place (办理日期, default today; never in the
    # future): paper work recorded afterwards. Gates read it with `step_date(record)`; deadlines stop
    # and start on it; effects find it in data["on"].
    dated: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", _tuple(self.source))
        object.__setattr__(self, "required_fields",
                           tuple(r if isinstance(r, Required) else Required(r) for r in _tuple(self.required_fields)))
        object.__setattr__(self, "required_attachments", _tuple(self.required_attachments))
        object.__setattr__(self, "gates", _tuple(self.gates))
        object.__setattr__(self, "start", tuple(s if isinstance(s, Start) else Start(s) for s in _tuple(self.start)))
        object.__setattr__(self, "stop", _tuple(self.stop))


@dataclass
class Option:
    """A transition as offered to one user on one record: allowed, or the reasons why not."""

    transition: Transition
    allowed: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.transition.key

    @property
    def label(self) -> str:
        return self.transition.label


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, FieldFile):
        return not value.name
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, bytes | list | tuple | dict | set):
        return len(value) == 0
    return False


class Procedure:
    """Subclass, fill in the class attributes, decorate with `@register`."""

    model: ClassVar[str] = ""  # "app_label.ModelName"
    label: ClassVar[str] = ""
    basis: ClassVar[str] = ""  # the law the whole procedure follows
    state_field: ClassVar[str] = "state"
    states: ClassVar[Sequence[State]] = ()
    initial: ClassVar[str] = ""
    limits: ClassVar[Sequence[Limit]] = ()
    transitions: ClassVar[Sequence[Transition]] = ()
    attachment_kinds: ClassVar[Sequence[AttachmentKind]] = ()

    def __init__(self) -> None:
        self.state_map = {s.key: s for s in self.states}
        self.transition_map = {t.key: t for t in self.transitions}
        self.limit_map = {lim.key: lim for lim in self.limits}
        self.attachment_map = {k.key: k for k in self.attachment_kinds}

    def __repr__(self) -> str:
        return f"<Procedure {type(self).__name__} for {self.model}>"

    # ---- declarations -------------------------------------------------------------------------

    @property
    def model_label(self) -> str:
        return self.model.lower()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def state_label(self, key: str) -> str:
        state = self.state_map.get(key)
        return str(state.label) if state else key

    def state_of(self, record: Any) -> str:
        return getattr(record, self.state_field)

    def state_choices(self) -> list[tuple[str, str]]:
        return [(s.key, s.label) for s in self.states]

    def get_transition(self, key: str) -> Transition | None:
        return self.transition_map.get(key)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.source]

    def attachment_refusal(self, record: Any, kind: str) -> str:
        """Why a file of `kind` may not be attached to the record now ("" = it may): override for
        evidence that closes with a state or a date. Checked by `services.add_attachment`, whatever
        the route a file arrives by."""
        return ""

    def validate(self) -> None:
        """Refuse an inconsistent declaration at start-up rather than at the first transition."""
        name = type(self).__name__
        problems = []
        if not self.model or "." not in self.model:
            problems.append("model must be 'app_label.ModelName'")
        if self.initial not in self.state_map:
            problems.append(f"initial state {self.initial!r} is not declared")
        if len(self.state_map) != len(self.states) or len(self.transition_map) != len(self.transitions):
            problems.append("duplicate state or transition keys")
        if len(self.limit_map) != len(self.limits):
            problems.append("duplicate limit keys")
        for t in self.transitions:
            if not t.source:
                problems.append(f"transition {t.key!r} has no source state")
            for s in (*t.source, t.target):
                if s not in self.state_map:
                    problems.append(f"transition {t.key!r} names undeclared state {s!r}")
            for key in (*(s.key for s in t.start), *t.stop):
                if key not in self.limit_map:
                    problems.append(f"transition {t.key!r} names undeclared limit {key!r}")
            for key in t.required_attachments:
                if key not in self.attachment_map:
                    problems.append(f"transition {t.key!r} names undeclared attachment kind {key!r}")
            if not callable(t.permission):
                problems.append(f"transition {t.key!r}: permission must be callable (user, record) -> bool")
        if problems:
            raise ImproperlyConfigured(f"procedure {name}: " + "; ".join(problems))

    # ---- checks -------------------------------------------------------------------------------

    def _basis(self, specific: str, transition: Transition) -> str:
        return specific or transition.basis or self.basis or gettext("“%(step)s”的办理要求") % {
            "step": transition.label}

    def missing(self, record: Any, transition: Transition) -> list[str]:
        """Every missing field, attachment and failing gate of the step, each naming its rule."""
        reasons = []
        opts = record._meta
        for req in transition.required_fields:
            f = opts.get_field(req.field)
            empty = (not getattr(record, req.field).exists()) if f.many_to_many else _is_empty(
                getattr(record, f.attname))
            if empty:
                reasons.append(gettext("缺少“%(field)s”（%(basis)s）") % {
                    "field": f.verbose_name, "basis": self._basis(req.basis, transition)})
        if transition.required_attachments:
            from fazhi.procedures.selectors import attachment_kinds_present

            present = attachment_kinds_present(record)
            for key in transition.required_attachments:
                if key not in present:
                    kind = self.attachment_map[key]
                    reasons.append(gettext("缺少附件“%(kind)s”（%(basis)s）") % {
                        "kind": kind.label, "basis": self._basis(kind.basis, transition)})
        for gate in transition.gates:
            if not gate.check(record):
                reasons.append(gate.message_for(record))
        return reasons

    def refusals(self, user: Any, record: Any, transition: Transition, *, comment: str | None = None) -> list[str]:
        """Why `user` may not take `transition` on `record` now ([] = allowed, deadlines aside).

        A wrong state or a missing permission is the only reason given (what is missing for the step
        is irrelevant to someone who may not take it); otherwise every missing item is listed.
        `comment=None` skips the comment check (an offer on a detail page, before the user typed).
        """
        state = self.state_of(record)
        if state not in transition.source:
            return [gettext("当前状态为“%(state)s”，不能执行“%(step)s”（仅限%(sources)s状态）") % {
                "state": self.state_label(state), "step": transition.label,
                "sources": "、".join(f"“{self.state_label(s)}”" for s in transition.source)}]
        if not transition.permission(user, record):
            text = describe(transition.permission)
            if text:
                return [gettext("您无权执行“%(step)s”：%(why)s") % {"step": transition.label, "why": text}]
            return [gettext("您无权执行“%(step)s”") % {"step": transition.label}]
        reasons = self.missing(record, transition)
        if transition.comment_required and comment is not None and not comment.strip():
            reasons.append(gettext("请填写办理意见：“%(step)s”须说明理由") % {"step": transition.label})
        return reasons


# --------------------------------------------------------------------------------------------
# The registry.
# --------------------------------------------------------------------------------------------

_registry: dict[str, Procedure] = {}
_limits: dict[str, tuple[Limit, str]] = {}  # key -> (limit, declaring procedure's model label)


def register(cls: type[Procedure]) -> type[Procedure]:
    """Class decorator: validate the declaration and list it in the registry."""
    procedure = cls()
    procedure.validate()
    label = procedure.model_label
    existing = _registry.get(label)
    if existing is not None and type(existing).__qualname__ != cls.__qualname__:
        raise ImproperlyConfigured(f"{label} already has a procedure: {type(existing).__name__}")
    for limit in procedure.limits:
        other = _limits.get(limit.key)
        if other is not None and other[1] != label and other[0] != limit:
            raise ImproperlyConfigured(
                f"time limit key {limit.key!r} is declared differently by {other[1]} and {label}")
    for limit in procedure.limits:
        _limits[limit.key] = (limit, label)
    _registry[label] = procedure
    return cls


def unregister(cls: type[Procedure]) -> None:
    """For tests that declare throwaway procedures."""
    label = cls.model.lower()
    if label in _registry and type(_registry[label]) is cls:
        del _registry[label]
        for limit in cls.limits:
            if _limits.get(limit.key, (None, ""))[1] == label:
                del _limits[limit.key]


def get_procedure(record_or_model: Any) -> Procedure:
    """The procedure of a record (or model class, or "app_label.model" string); LookupError if none."""
    label = record_or_model.lower() if isinstance(record_or_model, str) else record_or_model._meta.label_lower
    try:
        return _registry[label]
    except KeyError:
        raise LookupError(f"no procedure is declared for {label}") from None


def has_procedure(record_or_model: Any) -> bool:
    try:
        get_procedure(record_or_model)
    except LookupError:
        return False
    return True


def all_procedures() -> list[Procedure]:
    return list(_registry.values())


def declared_limits() -> dict[str, Limit]:
    """Every declared time limit by key (the defaults `TimeLimitRule` rows are synced from)."""
    return {key: limit for key, (limit, _label) in _limits.items()}


def check_declarations(**_kwargs: Any) -> list:
    """System check (`manage.py check`): declarations must match their models."""
    from django.core.checks import Error, Warning

    errors = []
    for procedure in all_procedures():
        try:
            model = procedure.model_class
        except LookupError:
            errors.append(Error(f"{procedure!r}: model {procedure.model} is not installed", id="procedures.E001"))
            continue
        try:
            state_field = model._meta.get_field(procedure.state_field)
        except FieldDoesNotExist:
            errors.append(Error(f"{procedure!r}: {procedure.model} has no field {procedure.state_field!r}",
                                id="procedures.E002"))
        else:
            if state_field.get_default() != procedure.initial:
                errors.append(Warning(f"{procedure!r}: the default of {procedure.model}.{procedure.state_field} "
                                      f"should be the initial state {procedure.initial!r}", id="procedures.W001"))
        if not hasattr(model.objects, "visible_to") or not hasattr(model, "access_anchor"):
            errors.append(Error(f"{procedure!r}: {procedure.model} must use AccessQuerySet and declare "
                                f"access_anchor", id="procedures.E003"))
        for t in procedure.transitions:
            for req in t.required_fields:
                try:
                    model._meta.get_field(req.field)
                except FieldDoesNotExist:
                    errors.append(Error(f"{procedure!r}: transition {t.key!r} requires unknown field "
                                        f"{req.field!r}", id="procedures.E004"))
    return errors


def anchor_unit(record: Any) -> Any:
    """The core.Unit that owns the record (the end of its model's `access_anchor` path)."""
    path = record._meta.model.access_anchor
    obj = record
    for part in path.split("__") if path else ():
        obj = getattr(obj, part)
    return obj
