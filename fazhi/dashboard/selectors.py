"""What the dashboard shows, read from the figure registry and the deadlines — nothing counted here.

Every number comes from `registry.compute_grid`, so the dashboard, `fazhi figures`, the annual
report and the API agree, and a whole panel costs one aggregate query per model whatever the number
of months, counties or departments. Nothing is cached: the figures are read from the records each
time (measured in docs/benchmarks.md), so no invalidation can go wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext

from fazhi.core.models import Region, Unit, UnitType
from fazhi.dashboard.periods import Period, months
from fazhi.figures import registry
from fazhi.figures.registry import Cut, FigureValue
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline, DeadlineStatus, due_soon_until, status_q

# The key figures of the first panel, in this order (those of modules not installed are skipped).
KEY_FIGURES = (
    "tasks.tasks.on_time_rate", "tasks.tasks.overdue",
    "meetings.topics.rule_of_law",
    "rulemaking.documents.published", "rulemaking.filing.rate", "rulemaking.filing.on_time_rate",
    "cases.registered", "cases.fines", "cases.legal_review_rate", "cases.publicity_on_time_rate",
    "randominspections.entities.coverage",
    "inspections.findings.total", "inspections.items.overdue",
    "reports.annual.on_time_rate",
)
TREND_DEFAULT = "cases.registered"
COMPARE_DEFAULT = "cases.legal_review_rate"


def key_figures() -> list[registry.Figure]:
    known = {f.key for f in registry.figures()}
    return [registry.get(k) for k in KEY_FIGURES if k in known]


def trend_choices() -> list[registry.Figure]:
    """Figures whose value depends on the period (a monthly trend of a stock count means nothing)."""
    return [f for f in registry.figures() if f.varies_with_period]


def compare_choices() -> list[registry.Figure]:
    return [f for f in registry.figures() if f.region_path is not None and f.unit_path is not None]


# -- links to the records a number counts --

def records_url(key: str, cut: Cut, part: str | None = None) -> str:
    query: dict[str, Any] = {"start": cut.start.isoformat() if cut.start else "",
                             "end": cut.end.isoformat() if cut.end else ""}
    query["region"] = cut.region.code if cut.region is not None else ""
    if cut.unit is not None:
        query["unit"] = cut.unit.pk
    if part:
        query["part"] = part
    return f"{reverse('figures:records', args=[key])}?{urlencode(query)}"


def definition_url(key: str) -> str:
    return f"{reverse('figures:definitions')}#{key}"


# -- panel 1: key figures with the change from the previous period --

@dataclass
class KeyFigure:
    current: FigureValue
    previous: FigureValue
    url: str

    @property
    def figure(self) -> registry.Figure:
        return self.current.figure

    @property
    def delta(self) -> Decimal | None:
        """Rates: percentage points; counts and sums: the difference. None when not comparable."""
        cur, prev = self.current, self.previous
        if not self.figure.varies_with_period or cur.value is None or prev.value is None:
            return None
        if cur.percent is not None and prev.percent is not None:
            return cur.percent - prev.percent
        return Decimal(str(cur.value)) - Decimal(str(prev.value))

    @property
    def direction(self) -> str:
        d = self.delta
        return "" if d is None else ("up" if d > 0 else "down" if d < 0 else "flat")

    @property
    def change_text(self) -> str:
        if not self.figure.varies_with_period:
            return gettext("时点数，不与上期比较")
        if self.current.value is None or self.previous.value is None:
            return gettext("上期无数值，不能比较")
        d = self.delta
        if d == 0:
            return gettext("与上期持平")
        sign = "+" if d > 0 else ""
        if self.current.percent is not None:
            return gettext("较上期%(d)s个百分点") % {"d": f"{sign}{d.quantize(Decimal('0.01'))}"}
        text = gettext("较上期%(d)s") % {"d": f"{sign}{_number(d)}"}
        before = Decimal(str(self.previous.value))
        if before:
            text += f"（{sign}{(d * 100 / before).quantize(Decimal('0.01'))}%）"
        return text


def _number(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.quantize(Decimal("0.01")))


def key_panel(user: Any, region: Region | None, period: Period) -> list[KeyFigure]:
    figures = key_figures()
    cut = Cut(region=region, start=period.start, end=period.end)
    before = period.previous()
    current, previous = registry.compute_grid(
        figures, user=user, cuts=[cut, Cut(region=region, start=before.start, end=before.end)])
    return [KeyFigure(c, p, records_url(c.key, cut)) for c, p in zip(current, previous, strict=True)]


# -- panel 2: a figure month by month --

@dataclass
class Point:
    label: str
    value: FigureValue
    url: str


def trend(user: Any, region: Region | None, year: int, key: str) -> list[Point]:
    cuts = [Cut(region=region, start=m.start, end=m.end) for m in months(year)]
    row = [values[0] for values in registry.compute_grid([key], user=user, cuts=cuts)]
    return [Point(gettext("%(n)d月") % {"n": i + 1}, v, records_url(key, cut))
            for i, (v, cut) in enumerate(zip(row, cuts, strict=True))]


# -- panel 3: counties and departments side by side --

@dataclass
class Row:
    name: str
    kind: str          # "region" or "unit"
    value: FigureValue
    url: str

    @property
    def number(self) -> float | None:
        """What the bar shows and the table sorts by: rates in percent."""
        if self.value.value is None:
            return None
        if self.value.percent is not None:
            return float(self.value.percent)
        return float(self.value.value)


def comparison_members(user: Any, region: Region) -> list[tuple[str, str, Cut]]:
    """The region's child regions (counties of a city, townships of a county) and its departments,
    as far as the user may see them."""
    members: list[tuple[str, str, Cut]] = []
    for child in Region.objects.visible_to(user).filter(parent=region).order_by("code"):
        members.append((child.name, "region", Cut(region=child)))
    departments = (Unit.objects.visible_to(user)
                   .filter(region=region, unit_type=UnitType.DEPARTMENT, is_active=True).order_by("name"))
    for unit in departments:
        members.append((unit.name, "unit", Cut(unit=unit)))
    return members


SORTS = {"": "name", "name": "name", "value": "value", "-value": "-value"}


def comparison(user: Any, region: Region, period: Period, key: str, sort: str = "") -> list[Row]:
    members = comparison_members(user, region)
    cuts = [Cut(region=c.region, unit=c.unit, start=period.start, end=period.end) for _n, _k, c in members]
    values = [row[0] for row in registry.compute_grid([key], user=user, cuts=cuts)] if cuts else []
    rows = [Row(name, kind, v, records_url(key, cut))
            for (name, kind, _c), v, cut in zip(members, values, cuts, strict=True)]
    order = SORTS.get(sort, "name")
    if order != "name":
        # Numbers first (highest or lowest), rows without a value last.
        with_value = sorted((r for r in rows if r.number is not None), key=lambda r: r.number,
                            reverse=order == "-value")
        rows = with_value + [r for r in rows if r.number is None]
    return rows


# -- panel 4: alerts from the running deadlines --

@dataclass
class Alert:
    label: str
    overdue: int
    due_soon: int
    overdue_url: str
    due_soon_url: str


def alerts(user: Any, region: Region | None, today: dt.date | None = None) -> tuple[list[Alert], str]:
    """Running deadlines of the region by name: overdue and due soon (one query). Also the warning
    when "due soon" had to be estimated (no holiday data)."""
    today = today or clock.today()
    soon, warning = due_soon_until(today)
    qs = Deadline.objects.visible_to(user).filter(stopped_on__isnull=True)
    if region is not None:
        qs = qs.filter(unit__region__code__startswith=region.prefix)
    rows = (qs.values("label")
            .annotate(overdue=Count("pk", filter=status_q(DeadlineStatus.OVERDUE, today, soon)),
                      due_soon=Count("pk", filter=status_q(DeadlineStatus.DUE_SOON, today, soon)))
            .order_by("-overdue", "-due_soon", "label"))
    base = reverse("procedures:deadlines")

    def url(label: str, status: str) -> str:
        query = {"status": status, "label": label}
        if region is not None:
            query["region"] = region.code
        return f"{base}?{urlencode(query)}"

    out = [Alert(r["label"], r["overdue"], r["due_soon"], url(r["label"], DeadlineStatus.OVERDUE),
                 url(r["label"], DeadlineStatus.DUE_SOON))
           for r in rows if r["overdue"] or r["due_soon"]]
    return out, warning
