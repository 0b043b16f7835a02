"""The one figure registry: every number the platform shows is declared here once.

A module declares its figures in `<app>/figures.py` (imported automatically when the project
starts):

    from django.db.models import Q
    from django.utils.translation import gettext_lazy as _
    from fazhi.figures.registry import Figure, Kind, register

    register(Figure(
        key="disputes.mediation.cases", label=_("调解案件数"), kind=Kind.COUNT,
        model="disputes.MediationCase", date_field="accepted_on",
        definition=_("统计期间内受理的人民调解案件。"), source=_("《中华人民共和国人民调解法》"),
    ))
    register(Figure(
        key="disputes.mediation.success_rate", label=_("调解成功率"), kind=Kind.RATE,
        model="disputes.MediationCase", date_field="closed_on",
        denominator=Q(status="closed"), numerator=Q(outcome="agreement"), ...))

The dashboard, assessments, annual report, API and `fazhi figures` call `compute`/`compute_many`
and `records` here; nothing else counts records for display. Every count starts from
`Model.objects.visible_to(user)`, then cuts by region subtree, unit subtree and period, and runs as
one SQL aggregate (figures on the same model share one query).
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from fazhi.core.models import Region, Unit


class Kind(models.TextChoices):
    COUNT = "count", _("计数")
    SUM = "sum", _("合计")
    AVERAGE = "average", _("平均值")
    RATE = "rate", _("比率")
    COVERAGE = "coverage", _("覆盖率")
    REDUCTION = "reduction", _("降幅")


RATE_KINDS = frozenset({Kind.RATE, Kind.COVERAGE})


class Part(models.TextChoices):
    NUMERATOR = "numerator", _("分子")
    DENOMINATOR = "denominator", _("分母")


# Default for region_field / unit_field: derive the path from the model's `access_anchor`.
AUTO = "<auto>"

KEY_RE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")

AggregateFn = Callable[[models.QuerySet], dict[str, Any]]


class UnknownFigure(KeyError):
    pass


def lazy_format(message: Any, **params: Any) -> str:
    """`_("单位数：%(type)s")` filled in lazily, so the label follows the request's language."""
    return _lazy_percent(message, params)


def _percent(message: Any, params: dict[str, Any]) -> str:
    return str(message) % {k: str(v) for k, v in params.items()}


_lazy_percent = lazy(_percent, str)


def _and(*parts: Q | None) -> Q | None:
    """AND of the given conditions; None when there is none (an aggregate without FILTER)."""
    out: Q | None = None
    for part in parts:
        if part is None or (isinstance(part, Q) and not part):
            continue
        out = part if out is None else out & part
    return out


def _walk(model: type[models.Model], path: str) -> list[models.Field]:
    """The fields along a `a__b__c` path (raises FieldDoesNotExist)."""
    fields = []
    for name in path.split("__"):
        field = model._meta.get_field(name)
        fields.append(field)
        if field.is_relation:
            model = field.related_model
    return fields


@dataclass(frozen=True, eq=False)
class Figure:
    """One named number. See the module docstring and docs in the report for every field."""

    key: str                      # "module.thing.detail": lower case, dot-separated, unique
    label: str                    # Chinese label (gettext_lazy)
    definition: str               # what is counted, in words (口径)
    kind: Kind
    model: str | type[models.Model]  # "app_label.ModelName"; its manager must have visible_to()
    source: str = ""              # legal source of the definition (法律依据 / 文件)
    module: str = ""              # app label used to group figures; default: the model's app
    measure: str = ""             # unit of measure shown with the value: 个、人、件、元
    # which records are counted at all (count/sum; base of rates). A callable () -> Q is evaluated at
    # each computation: for conditions relative to today ("expiring in the next 6 months").
    filter: Q | Callable[[], Q] | Callable[[Cut], Q] | None = None
    numerator: Q | None = None    # rate/coverage: condition of the numerator (within the denominator)
    denominator: Q | None = None  # rate/coverage: condition of the denominator (within `filter`)
    expression: Any = None        # sum: field name or expression, e.g. "amount" or F("a") + F("b")
    before: Any = None            # reduction: aggregate of the "before" value, e.g. Sum("statutory_days")
    after: Any = None             # reduction: aggregate of the "after" value, e.g. Sum("actual_days")
    count_field: str = "pk"       # count what: "pk" (the records) or a FK path ("user": distinct users)
    distinct: bool = False        # COUNT(DISTINCT count_field): needed when counting a FK, or filters join
    region_field: str | None = AUTO  # path to core.Region ("" = the record is a Region; None = no region cut)
    unit_field: str | None = AUTO    # path to core.Unit ("" = the record is a Unit; None = no unit cut)
    date_field: str | None = None    # DateField/DateTimeField cut by the period; None = point in time
    period_note: str = ""         # how the period applies; default text is derived from date_field
    compute: AggregateFn | None = None  # custom: compute(qs) -> aggregate dict (must aggregate in SQL)
    order: int = 0                # sort order within the module (then registration order)

    # -- resolution (lazy: models may not be loaded when the declaration is built) --

    @cached_property
    def model_class(self) -> type[models.Model]:
        if isinstance(self.model, str):
            return apps.get_model(self.model)
        return self.model

    @property
    def model_label(self) -> str:
        return self.model_class._meta.label

    @cached_property
    def module_label(self) -> str:
        return self.module or self.model_class._meta.app_label

    @cached_property
    def region_path(self) -> str | None:
        if self.region_field != AUTO:
            return self.region_field
        model = self.model_class
        if model._meta.label == "core.Region":
            return ""
        anchor = getattr(model, "access_anchor", None)
        if anchor is None:
            return None
        return f"{anchor}__region" if anchor else "region"

    @cached_property
    def unit_path(self) -> str | None:
        if self.unit_field != AUTO:
            return self.unit_field
        return getattr(self.model_class, "access_anchor", None)

    @cached_property
    def date_is_datetime(self) -> bool:
        return bool(self.date_field) and isinstance(_walk(self.model_class, self.date_field)[-1],
                                                    models.DateTimeField)

    @property
    def dimensions(self) -> tuple[str, ...]:
        dims = []
        if self.region_path is not None:
            dims.append("region")
        if self.unit_path is not None:
            dims.append("unit")
        if self.date_field:
            dims.append("period")
        return tuple(dims)

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def is_rate(self) -> bool:
        return self.kind in RATE_KINDS

    @property
    def point_in_time(self) -> bool:
        return not self.date_field

    @property
    def varies_with_period(self) -> bool:
        """Whether the period changes the value: a date field, or a stock "as of the period's end"
        (a filter taking the cut). Comparing periods or drawing a trend makes sense only then."""
        return bool(self.date_field) or (callable(self.filter) and _takes_cut(self.filter))

    @property
    def period_text(self) -> str:
        if self.period_note:
            return str(self.period_note)
        if not self.date_field:
            return gettext("时点数：统计当前状态，不受统计期间限制。")
        field = _walk(self.model_class, self.date_field)[-1]
        if self.date_is_datetime:
            return gettext("按“%(field)s”（北京时间日期）落在统计期间内（含起止日）统计。") % {
                "field": field.verbose_name}
        return gettext("按“%(field)s”落在统计期间内（含起止日）统计。") % {"field": field.verbose_name}

    @cached_property
    def records_model(self) -> type[models.Model]:
        """What the drill-down lists: the records, or the FK target when counting a FK (count_field)."""
        if self.count_field == "pk":
            return self.model_class
        return _walk(self.model_class, self.count_field)[-1].related_model

    # -- checks --

    def validate(self) -> None:
        """Raise ImproperlyConfigured when the declaration cannot be computed."""

        def fail(msg: str) -> None:
            raise ImproperlyConfigured(f"figure {self.key!r}: {msg}")

        if not KEY_RE.fullmatch(self.key or ""):
            fail("key must look like 'module.thing' (lower case, digits, _ and dots)")
        if not str(self.label) or not str(self.definition):
            fail("label and definition are required")
        try:
            Kind(self.kind)
        except ValueError:
            fail(f"unknown kind {self.kind!r}")
        try:
            model = self.model_class
        except (LookupError, ValueError) as exc:
            fail(f"unknown model {self.model!r} ({exc})")
        if not hasattr(model._default_manager, "visible_to"):
            fail(f"{model._meta.label} has no visible_to(): use AccessQuerySet.as_manager()")
        if self.compute is None:
            if self.kind in (Kind.SUM, Kind.AVERAGE) and self.expression is None:
                fail(f"a {self.kind} needs expression=")
            if self.is_rate and self.numerator is None:
                fail("a rate or coverage needs numerator= (denominator= defaults to all counted records)")
            if self.kind == Kind.REDUCTION and (self.before is None or self.after is None):
                fail("a reduction needs before= and after= aggregates")
        elif not callable(self.compute):
            fail("compute must be a callable taking a queryset")
        paths = {"region_field": (self.region_path, "core.Region"), "unit_field": (self.unit_path, "core.Unit")}
        for name, (path, target) in paths.items():
            if path is None:
                continue
            if path == "":
                if model._meta.label != target:
                    fail(f"{name}='' means the record is a {target}, but the model is {model._meta.label}")
                continue
            try:
                last = _walk(model, path)[-1]
            except FieldDoesNotExist as exc:
                fail(f"{name}={path!r}: {exc}")
            if not last.is_relation or last.related_model._meta.label != target:
                fail(f"{name}={path!r} must lead to {target}")
        if self.date_field:
            try:
                last = _walk(model, self.date_field)[-1]
            except FieldDoesNotExist as exc:
                fail(f"date_field={self.date_field!r}: {exc}")
            if not isinstance(last, models.DateField):
                fail(f"date_field={self.date_field!r} must be a DateField or DateTimeField")
        if self.count_field != "pk":
            try:
                last = _walk(model, self.count_field)[-1]
            except FieldDoesNotExist as exc:
                fail(f"count_field={self.count_field!r}: {exc}")
            if not (last.many_to_one or last.one_to_one):
                fail(f"count_field={self.count_field!r} must be a foreign key path")


# -- the registry --

_FIGURES: dict[str, Figure] = {}
_MODULES: dict[str, tuple[str, int]] = {}


def register(figure: Figure) -> Figure:
    """Add a figure. Keys are unique; a bad declaration fails at start-up, not at the first report."""
    if figure.key in _FIGURES:
        raise ImproperlyConfigured(f"figure {figure.key!r} is registered twice")
    if apps.models_ready:
        figure.validate()
    _FIGURES[figure.key] = figure
    return figure


def unregister(key: str) -> None:
    """Remove a figure (tests that declare temporary figures)."""
    _FIGURES.pop(key, None)


def validate_all() -> None:
    for figure in _FIGURES.values():
        figure.validate()


def register_module(label: str, title: str, order: int = 100) -> None:
    """The heading under which a module's figures are grouped (label = app label or `Figure.module`)."""
    _MODULES[label] = (title, order)


def module_title(label: str) -> str:
    if label in _MODULES:
        return str(_MODULES[label][0])
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


def get(key: str | Figure) -> Figure:
    if isinstance(key, Figure):
        return key
    try:
        return _FIGURES[key]
    except KeyError:
        raise UnknownFigure(key) from None


def figures(prefix: str | None = None, module: str | None = None) -> list[Figure]:
    """Registered figures in display order: by module, then `order`, then registration order."""
    index = {key: i for i, key in enumerate(_FIGURES)}
    found = [f for f in _FIGURES.values()
             if (not prefix or f.key.startswith(prefix)) and (not module or f.module_label == module)]
    return sorted(found, key=lambda f: (_MODULES.get(f.module_label, ("", 100))[1], f.module_label,
                                        f.order, index[f.key]))


def grouped(values: Iterable[FigureValue]) -> list[tuple[str, list[FigureValue]]]:
    """Values grouped by module heading, keeping order."""
    groups: dict[str, list[FigureValue]] = {}
    for value in values:
        groups.setdefault(value.figure.module_label, []).append(value)
    return [(module_title(label), items) for label, items in groups.items()]


# -- a cut: region subtree, unit subtree, period --

@dataclass(frozen=True)
class Cut:
    region: Region | None = None
    unit: Unit | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(gettext("开始日期不能晚于结束日期。"))


def _unsupported(figure: Figure, cut: Cut) -> str:
    if cut.region is not None and figure.region_path is None:
        return gettext("该指标不能按区划统计")
    if cut.unit is not None and figure.unit_path is None:
        return gettext("该指标不能按单位统计")
    return ""


def _where(figure: Figure, cut: Cut) -> Q | None:
    """Region and unit subtree conditions (shared by every figure on the same model and paths)."""
    conds = []
    if cut.region is not None:
        path = figure.region_path
        lookup = f"{path}__code__startswith" if path else "code__startswith"
        conds.append(Q(**{lookup: cut.region.prefix}))
    if cut.unit is not None:
        path = figure.unit_path
        lookup = f"{path}__path__startswith" if path else "path__startswith"
        conds.append(Q(**{lookup: cut.unit.path}))
    return _and(*conds)


def _period(figure: Figure, cut: Cut) -> Q | None:
    if not figure.date_field or not (cut.start or cut.end):
        return None
    field = figure.date_field
    if not figure.date_is_datetime:
        q = Q()
        if cut.start:
            q &= Q(**{f"{field}__gte": cut.start})
        if cut.end:
            q &= Q(**{f"{field}__lte": cut.end})
        return q
    # A datetime belongs to the day it is in Beijing time: [start 00:00, end+1 00:00) in Asia/Shanghai.
    # Comparing with aware bounds keeps the index usable and behaves the same on SQLite and PostgreSQL.
    tz = timezone.get_default_timezone()
    q = Q()
    if cut.start:
        q &= Q(**{f"{field}__gte": dt.datetime.combine(cut.start, dt.time.min, tzinfo=tz)})
    if cut.end:
        q &= Q(**{f"{field}__lt": dt.datetime.combine(cut.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)})
    return q


def _base(figure: Figure, user: Any, cut: Cut) -> models.QuerySet:
    """visible_to(user) — always — then the region and unit subtree."""
    qs = figure.model_class._default_manager.visible_to(user)
    where = _where(figure, cut)
    return qs.filter(where) if where is not None else qs


@functools.cache
def _takes_cut(fn: Callable) -> bool:
    """Whether a callable filter wants the cut: it has a parameter without a default."""
    return any(p.default is inspect.Parameter.empty for p in inspect.signature(fn).parameters.values())


def _counted(figure: Figure, cut: Cut) -> Q | None:
    condition = figure.filter
    if callable(condition):
        # filter() for "relative to today", filter(cut) for "as of the period's end" (cut.end).
        condition = condition(cut) if _takes_cut(condition) else condition()
    return _and(condition, _period(figure, cut))


# -- values --

@dataclass
class FigureValue:
    figure: Figure
    cut: Cut
    value: int | float | Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    before: int | float | Decimal | None = None
    after: int | float | Decimal | None = None
    reason: str = ""  # why value is None ("分母为零", "该指标不能按单位统计"…)

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def label(self) -> str:
        return str(self.figure.label)

    @property
    def percent(self) -> Decimal | None:
        """Rates and reductions as a percentage rounded half-up to 2 places (exact for rates)."""
        if self.value is None or self.figure.kind not in RATE_KINDS | {Kind.REDUCTION}:
            return None
        if self.figure.is_rate and self.denominator:
            exact = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        else:
            exact = Decimal(str(self.value)) * 100
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def display(self) -> str:
        """"97.31%（57160/58740）" for rates, "9" for counts, "—（分母为零）" when there is no value."""
        kind = self.figure.kind
        if self.value is None:
            return f"—（{self.reason}）" if self.reason else "—"
        if self.figure.is_rate:
            return f"{self.percent}%（{self.numerator}/{self.denominator}）"
        if kind == Kind.REDUCTION:
            return f"{self.percent}%" + gettext("（前 %(before)s，后 %(after)s）") % {
                "before": _number_text(self.before), "after": _number_text(self.after)}
        return _number_text(self.value)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape shared by `fazhi figures --format json` and GET /api/v1/figures/."""
        f, cut = self.figure, self.cut
        return {
            "key": f.key,
            "label": str(f.label),
            "module": f.module_label,
            "kind": Kind(f.kind).value,
            "value": json_number(self.value),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "before": json_number(self.before),
            "after": json_number(self.after),
            "reason": self.reason or None,
            "display": self.display,
            "measure": str(f.measure),
            "definition": str(f.definition),
            "source": str(f.source),
            "period_note": f.period_text,
            "point_in_time": f.point_in_time,
            "dimensions": list(f.dimensions),
            "region": cut.region.code if cut.region is not None else None,
            "region_name": cut.region.name if cut.region is not None else None,
            "unit": cut.unit.pk if cut.unit is not None else None,
            "from": cut.start.isoformat() if cut.start else None,
            "to": cut.end.isoformat() if cut.end else None,
        }


def _number_text(value: Any) -> str:
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return str(value)


def json_number(value: Any) -> int | float | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _finish(figure: Figure, cut: Cut, row: dict[str, Any]) -> FigureValue:
    """Turn aggregate results into a value. `row` has value / numerator+denominator / before+after."""
    out = FigureValue(figure, cut)
    if figure.is_rate:
        out.numerator = int(row.get("numerator") or 0)
        out.denominator = int(row.get("denominator") or 0)
        if out.denominator:
            out.value = out.numerator / out.denominator
        else:
            out.reason = gettext("分母为零")
    elif figure.kind == Kind.REDUCTION:
        out.before, out.after = row.get("before"), row.get("after")
        if out.before is None or out.after is None:
            out.reason = gettext("无数据")
        elif not out.before:
            out.reason = gettext("基数为零")
        else:
            out.value = float((Decimal(str(out.before)) - Decimal(str(out.after))) / Decimal(str(out.before)))
    elif figure.kind == Kind.AVERAGE:
        # An average over no records is unknown, never 0.
        value = row.get("value")
        if value is None:
            out.reason = gettext("无数据")
        else:
            out.value = round(float(value), 2)
    else:
        value = row.get("value")
        # A sum over no records is 0, not "unknown".
        out.value = value if value is not None else 0
    return out


def _aggregates(figure: Figure, cut: Cut, prefix: str, where: Q | None = None) -> dict[str, Any]:
    """The aggregate(s) of one figure for one cut; `where` (the cut's region/unit condition) is added
    to the FILTER when several cuts share a query."""
    counted = _and(where, _counted(figure, cut))

    def count(cond: Q | None) -> Count:
        return Count(figure.count_field, distinct=figure.distinct, filter=cond)

    if figure.is_rate:
        denominator = _and(counted, figure.denominator)
        # The numerator is counted within the denominator: a rate never exceeds 100%.
        return {f"{prefix}d": count(denominator), f"{prefix}n": count(_and(denominator, figure.numerator))}
    if figure.kind == Kind.SUM:
        return {f"{prefix}v": Sum(figure.expression, filter=counted)}
    if figure.kind == Kind.AVERAGE:
        return {f"{prefix}v": Avg(figure.expression, filter=counted)}
    return {f"{prefix}v": count(counted)}


def _unpack(row: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {"value": row.get(f"{prefix}v"), "numerator": row.get(f"{prefix}n"),
            "denominator": row.get(f"{prefix}d")}


def _compute_alone(figure: Figure, user: Any, cut: Cut) -> FigureValue:
    """Reductions and custom figures: one aggregate query of their own."""
    qs = _base(figure, user, cut)
    counted = _counted(figure, cut)
    if counted is not None:
        qs = qs.filter(counted)
    if figure.compute is not None:
        row = figure.compute(qs)
    else:
        row = qs.aggregate(before=figure.before, after=figure.after)
    return _finish(figure, cut, row)


def compute_many(keys: Iterable[str | Figure] | None = None, *, user: Any, region: Region | None = None,
                 unit: Unit | None = None, start: dt.date | None = None,
                 end: dt.date | None = None) -> list[FigureValue]:
    """Compute figures (all registered ones when keys is None) for one cut, in the order given.

    Counts, sums and rates on the same model share ONE aggregate query (each figure's condition
    goes into its aggregate's FILTER); reductions and custom figures take one query each.
    `region` and `unit` must already be resolved for this user (see `resolve_region`): passing a
    region the user cannot see yields only what they can see in it (usually nothing).
    """
    cut = Cut(region=region, unit=unit, start=start, end=end)
    return compute_grid(keys, user=user, cuts=[cut])[0]


# Aggregates per SQL statement in a grid (SQLite allows 2000 result columns, PostgreSQL 1664).
GRID_CHUNK = 400


def compute_grid(keys: Iterable[str | Figure] | None = None, *, user: Any,
                 cuts: list[Cut]) -> list[list[FigureValue]]:
    """The same figures for several cuts at once: one row of values per cut, in the order given.

    This is what the dashboard's trends (one cut per month), comparisons (one cut per county or
    department) and assessment rankings (one cut per unit) use: figures on the same model still share
    one aggregate query for ALL the cuts — each (figure, cut) pair is an aggregate with its own FILTER
    — so the cost grows with the number of models, not with the number of cuts. Reductions and custom
    figures take one query per cut.
    """
    selected = figures() if keys is None else [get(k) for k in keys]
    results: list[dict[str, FigureValue]] = [{} for _ in cuts]
    groups: dict[tuple[str, str | None, str | None], list[Figure]] = {}
    for figure in selected:
        supported = False
        for j, cut in enumerate(cuts):
            reason = _unsupported(figure, cut)
            if reason:
                results[j][figure.key] = FigureValue(figure, cut, reason=reason)
            elif figure.compute is not None or figure.kind == Kind.REDUCTION:
                results[j][figure.key] = _compute_alone(figure, user, cut)
            else:
                supported = True
        if supported:
            groups.setdefault((figure.model_label, figure.region_path, figure.unit_path), []).append(figure)
    for group in groups.values():
        pairs = [(i, j) for i, figure in enumerate(group) for j, cut in enumerate(cuts)
                 if figure.key not in results[j]]
        wheres = [_where(group[0], cut) for cut in cuts]
        base = group[0].model_class._default_manager.visible_to(user)
        if len(cuts) == 1 and wheres[0] is not None:
            base = base.filter(wheres[0])  # a plain WHERE keeps the region/unit index usable
        elif all(w is not None for w in wheres):
            base = base.filter(functools.reduce(lambda a, b: a | b, wheres))
        for offset in range(0, len(pairs), GRID_CHUNK):
            chunk = pairs[offset:offset + GRID_CHUNK]
            aggregates: dict[str, Any] = {}
            for i, j in chunk:
                where = wheres[j] if len(cuts) > 1 else None
                aggregates.update(_aggregates(group[i], cuts[j], f"f{i}c{j}", where))
            row = base.aggregate(**aggregates)
            for i, j in chunk:
                results[j][group[i].key] = _finish(group[i], cuts[j], _unpack(row, f"f{i}c{j}"))
    return [[results[j][f.key] for f in selected] for j in range(len(cuts))]


def compute(figure: str | Figure, *, user: Any, region: Region | None = None, unit: Unit | None = None,
            start: dt.date | None = None, end: dt.date | None = None) -> FigureValue:
    """One figure for one cut (one aggregate query, plus the user's grants if not loaded yet)."""
    return compute_many([figure], user=user, region=region, unit=unit, start=start, end=end)[0]


def records(figure: str | Figure, *, user: Any, region: Region | None = None, unit: Unit | None = None,
            start: dt.date | None = None, end: dt.date | None = None,
            part: str | None = None) -> models.QuerySet:
    """The records a figure counted for this cut (drill-down), ordered.

    For rates: part="denominator" (default) or "numerator". When the figure counts a foreign key
    (count_field="user", distinct=True) the records are the distinct targets (the users), taken
    from the visible records only.
    """
    figure = get(figure)
    cut = Cut(region=region, unit=unit, start=start, end=end)
    if part and not figure.is_rate:
        raise ValueError(gettext("只有比率、覆盖率指标才区分分子和分母。"))
    if part and part not in Part.values:
        raise ValueError(gettext("part 应为 numerator（分子）或 denominator（分母）。"))
    if _unsupported(figure, cut):
        return figure.records_model._default_manager.none()
    qs = _base(figure, user, cut)
    cond = _counted(figure, cut)
    if figure.is_rate:
        cond = _and(cond, figure.denominator)
        if part == Part.NUMERATOR:
            cond = _and(cond, figure.numerator)
    if cond is not None:
        qs = qs.filter(cond)
    if figure.count_field != "pk":
        target = figure.records_model
        qs = target._default_manager.filter(pk__in=qs.values(figure.count_field))
    elif figure.distinct:
        qs = qs.distinct()
    if not qs.ordered:
        qs = qs.order_by("pk")
    return qs


def record_url(obj: models.Model) -> str:
    """The record's page, or "" when it has none (yet)."""
    from django.urls import NoReverseMatch

    method = getattr(obj, "get_absolute_url", None)
    if method is None:
        return ""
    try:
        return method()
    except NoReverseMatch:
        return ""


# -- resolving user input --

def resolve_region(user: Any, code: str | None) -> Region | None:
    """The region with this code if the user may see it; None for no code. Raises Region.DoesNotExist."""
    from fazhi.core.models import Region

    if not code:
        return None
    return Region.objects.visible_to(user).get(code=str(code).strip())


def resolve_unit(user: Any, pk: int | str | None) -> Unit | None:
    """The unit with this id if the user may see it; None for no id. Raises Unit.DoesNotExist."""
    from fazhi.core.models import Unit

    if pk in (None, ""):
        return None
    try:
        return Unit.objects.visible_to(user).get(pk=int(pk))
    except (TypeError, ValueError):
        raise Unit.DoesNotExist from None


def this_year(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The default period: the current calendar year (Beijing time)."""
    today = today or timezone.localdate()
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
