"""Reads that are more than one queryset: study-rule breaches, exam results by unit.

Breaches are computed in the database: for each rule, ONE query over the units it applies to, with
one conditional count of sessions per period of the chosen window; a unit is in breach when any
ended period's count is below the rule's number. No query per unit.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext

from fazhi.core import regions
from fazhi.core.models import Unit
from fazhi.procedures import clock
from fazhi.study.models import Period, Sitting, SittingState, StudyKind, StudyRule


@dataclass
class PeriodSpan:
    label: str
    start: datetime.date
    end: datetime.date


def periods(period: str, start: datetime.date, end: datetime.date) -> list[PeriodSpan]:
    """The rule's periods (months, quarters or years) that overlap [start, end]."""
    spans: list[PeriodSpan] = []
    if period == Period.YEAR:
        for year in range(start.year, end.year + 1):
            spans.append(PeriodSpan(gettext("%(y)d年") % {"y": year}, datetime.date(year, 1, 1),
                                    datetime.date(year, 12, 31)))
        return spans
    step = 3 if period == Period.QUARTER else 1
    year, month = start.year, (start.month - 1) // step * step + 1
    while datetime.date(year, month, 1) <= end:
        last_month = month + step - 1
        span_end = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
        label = (gettext("%(y)d年第%(q)d季度") % {"y": year, "q": (month - 1) // 3 + 1} if step == 3
                 else gettext("%(y)d年%(m)d月") % {"y": year, "m": month})
        spans.append(PeriodSpan(label, datetime.date(year, month, 1), span_end))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return spans


def rule_region_prefix(rule: StudyRule) -> str:
    region_id = rule.unit.region_id
    return regions.prefix_of(region_id, regions.level_of(region_id))


@dataclass
class Breach:
    unit: Unit
    missed: list[tuple[str, int]] = field(default_factory=list)  # (period label, sessions held)


@dataclass
class RuleBreaches:
    rule: StudyRule
    periods: list[PeriodSpan]
    units_checked: int
    breaches: list[Breach]


def rule_breaches(rule: StudyRule, *, units: QuerySet[Unit], start: datetime.date, end: datetime.date,
                  today: datetime.date | None = None) -> RuleBreaches:
    """Units (of `units`, already cut by access and region) that did not meet `rule` in the ended periods
    of [start, end]. Two queries: the units in breach with their counts, and the count checked."""
    today = today or clock.today()
    spans = [p for p in periods(rule.period, start, end) if p.end < today]
    applicable = units.filter(is_active=True, unit_type__in=rule.unit_types,
                              region__code__startswith=rule_region_prefix(rule))
    if not spans:
        return RuleBreaches(rule, [], applicable.count(), [])
    annotations = {
        f"p{i}": Count("study_sessions", filter=Q(study_sessions__kind=rule.kind,
                                                 study_sessions__held_on__range=(span.start, span.end)))
        for i, span in enumerate(spans)}
    below = Q()
    for i in range(len(spans)):
        below |= Q(**{f"p{i}__lt": rule.required_count})
    rows = (applicable.annotate(**annotations).filter(below).select_related("region")
            .order_by("region_id", "name"))
    breaches = []
    for unit in rows:
        counts = [getattr(unit, f"p{i}") for i in range(len(spans))]
        breaches.append(Breach(unit, [(spans[i].label, n) for i, n in enumerate(counts)
                                      if n < rule.required_count]))
    return RuleBreaches(rule, spans, applicable.count(), breaches)


def units_in_breach_q(kind: str = StudyKind.UNIT_MONTHLY, period: str = Period.MONTH) -> Q:
    """Units that did not meet the active rules of `kind`/`period` in the last ended period (for figures)."""
    today = clock.today()
    span = [p for p in periods(period, today.replace(day=1) - datetime.timedelta(days=370), today)
            if p.end < today][-1]
    from fazhi.study.models import StudySession

    q = Q(pk__in=[])
    for rule in StudyRule.objects.filter(active=True, kind=kind, period=period).select_related("unit"):
        met = (StudySession.objects.filter(kind=kind, held_on__range=(span.start, span.end))
               .order_by().values("unit").annotate(n=Count("pk")).filter(n__gte=rule.required_count)
               .values("unit"))
        q |= (Q(is_active=True, unit_type__in=rule.unit_types, region__code__startswith=rule_region_prefix(rule))
              & ~Q(pk__in=met))
    return q


def results_by_unit(sittings: QuerySet[Sitting]) -> QuerySet:
    """Finished sittings per candidate unit: taken, passed, pass rate inputs, average score (one query)."""
    return (sittings.exclude(state=SittingState.IN_PROGRESS).order_by()
            .values("candidate_unit_id", "candidate_unit__name")
            .annotate(taken=Count("pk"), passed=Count("pk", filter=Q(passed=True)), average=Avg("score"))
            .order_by("candidate_unit__name"))


def pass_rate_text(passed: int, taken: int) -> str:
    return f"{passed * 100 / taken:.1f}%" if taken else "—"


def default_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or clock.today()
    return datetime.date(today.year, 1, 1), today

