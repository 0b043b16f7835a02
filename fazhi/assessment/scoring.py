"""Scores of a round: computed live from the figure registry while the round is open, read from the
stored values once it is finalised.

Computed indicators are computed as the system (`SYSTEM`), not as the viewer: a unit's score must
not depend on who looks at it. The drill-down (`drill_url`) goes through the figure pages, which
show the viewer only the records they may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from fazhi.assessment import rules
from fazhi.assessment.models import (
    AssessmentRound,
    Category,
    Indicator,
    Method,
    Participant,
    ScoreEntry,
)
from fazhi.core.access import SYSTEM
from fazhi.figures import registry

ZERO = Decimal("0")


def cut_of(participant: Participant) -> dict[str, Any]:
    """A county (or a region assessing itself) is assessed on its region; a department on its unit subtree."""
    start, end = participant.round.period
    if participant.category in (Category.COUNTY, Category.SELF):
        return {"region": participant.unit.region, "start": start, "end": end}
    return {"unit": participant.unit, "start": start, "end": end}


def drill_url(participant: Participant, figure_key: str) -> str:
    cut = cut_of(participant)
    query = {"start": cut["start"].isoformat(), "end": cut["end"].isoformat()}
    if "region" in cut:
        query["region"] = cut["region"].code
    else:
        query["unit"] = cut["unit"].pk
    return reverse("figures:records", args=[figure_key]) + "?" + urlencode(query)


def figure_values(participant: Participant, indicators: list[Indicator]) -> dict[str, registry.FigureValue]:
    keys = sorted({i.figure_key for i in indicators if i.method == Method.COMPUTED and i.figure_key})
    if not keys:
        return {}
    return {v.key: v for v in registry.compute_many(keys, user=SYSTEM, **cut_of(participant))}


@dataclass
class Scored:
    """One leaf's scores for one participant."""

    entry: ScoreEntry
    computed: Decimal | None = None   # from the figure (computed) or the deduction list
    display: str = ""                 # the figure's value as shown ("95.00%（19/20）")
    final: Decimal | None = None

    @property
    def lost(self) -> Decimal | None:
        return None if self.final is None else self.entry.indicator.points - self.final


def score_entry(entry: ScoreEntry, values: dict[str, registry.FigureValue], closed: bool) -> Scored:
    indicator = entry.indicator
    out = Scored(entry)
    if closed:
        out.computed, out.display, out.final = entry.computed_score, entry.computed_display, entry.final_score
        return out
    if indicator.method == Method.COMPUTED:
        value = values.get(indicator.figure_key)
        if value is not None:
            out.display = value.display
            number = rules.figure_number(value)
            if number is not None:
                out.computed = rules.parse(indicator.rule).score(indicator.points, number)
    elif indicator.method == Method.DEDUCTION and entry.deduction_items is not None:
        out.computed = rules.parse(indicator.rule).score(indicator.points, Decimal(entry.deduction_items))
    # A reviewer's score prevails (an evidence indicator has only that; a computed one without data
    # needs it); otherwise the computed score.
    out.final = entry.score if entry.score is not None else out.computed
    return out


def _entries(qs) -> Any:
    return qs.select_related("indicator", "participant__unit__region", "participant__round")


def score_participant(participant: Participant) -> dict[int, Scored]:
    """indicator id → Scored for one participant."""
    entries = list(_entries(participant.entries.all()))
    closed = participant.round.is_closed
    values = {} if closed else figure_values(participant, [e.indicator for e in entries])
    return {e.indicator_id: score_entry(e, values, closed) for e in entries}


def total_of(scored: dict[int, Scored]) -> Decimal:
    return sum((s.final for s in scored.values() if s.final is not None), ZERO)


def score_round(round_: AssessmentRound, *, live: bool = False) -> dict[int, dict[int, Scored]]:
    """participant id → indicator id → Scored, for every participant of the round (`live`: compute
    even if the round is closed — the finalisation that stores the scores).

    The computed indicators of all participants come from ONE registry grid (a cut per participant):
    the cost grows with the models the figures count, not with the number of assessed units."""
    entries = list(_entries(ScoreEntry.objects.filter(participant__round=round_)))
    by_participant: dict[int, list[ScoreEntry]] = defaultdict(list)
    for entry in entries:
        by_participant[entry.participant_id].append(entry)
    closed = round_.is_closed and not live
    participants = []
    for items in by_participant.values():
        items[0].participant.round = round_
        participants.append(items[0].participant)
    keys = sorted({e.indicator.figure_key for e in entries
                   if e.indicator.method == Method.COMPUTED and e.indicator.figure_key})
    values: list[dict[str, registry.FigureValue]] = [{} for _ in participants]
    if keys and not closed:
        grid = registry.compute_grid(keys, user=SYSTEM, cuts=[registry.Cut(**cut_of(p)) for p in participants])
        values = [{v.key: v for v in row} for row in grid]
    return {p.pk: {e.indicator_id: score_entry(e, vals, closed) for e in by_participant[p.pk]}
            for p, vals in zip(participants, values, strict=True)}


def unscored_entries(round_: AssessmentRound) -> list[ScoreEntry]:
    return [s.entry for scored in score_round(round_).values() for s in scored.values() if s.final is None]


@dataclass
class Standing:
    participant: Participant
    total: Decimal
    rank: int
    last_rank: int | None = None
    last_total: Decimal | None = None

    @property
    def change(self) -> int | None:
        """Places gained since last year (positive: moved up)."""
        return None if self.last_rank is None else self.last_rank - self.rank


def rank(totals: list[tuple[Participant, Decimal]]) -> list[tuple[Participant, Decimal, int]]:
    """Competition ranking (1, 2, 2, 4) by total, highest first; ties share a rank."""
    ordered = sorted(totals, key=lambda pt: (-pt[1], pt[0].unit.name))
    out, last_total, last_rank = [], None, 0
    for i, (participant, total) in enumerate(ordered, start=1):
        if total != last_total:
            last_rank, last_total = i, total
        out.append((participant, total, last_rank))
    return out


def previous_round(round_: AssessmentRound) -> AssessmentRound | None:
    return (AssessmentRound.objects.filter(unit=round_.unit, year=round_.year - 1, state__in=("finalised", "published"))
            .order_by("-pk").first())


def ranking(round_: AssessmentRound) -> dict[str, list[Standing]]:
    """Category → standings, with last year's rank of the same unit in the same category."""
    participants = {p.pk: p for p in round_.participants.select_related("unit__region")}
    if round_.is_closed:
        totals = [(p, p.total or ZERO) for p in participants.values()]
    else:
        scored = score_round(round_)
        totals = [(p, total_of(scored.get(pid, {}))) for pid, p in participants.items()]
    last: dict[tuple[int, str], Participant] = {}
    prev = previous_round(round_)
    if prev is not None:
        last = {(p.unit_id, p.category): p for p in prev.participants.all()}
    by_category: dict[str, list[tuple[Participant, Decimal]]] = defaultdict(list)
    for participant, total in totals:
        by_category[participant.category].append((participant, total))
    out: dict[str, list[Standing]] = {}
    for category in Category:
        if category.value not in by_category:
            continue
        rows = []
        for participant, total, place in rank(by_category[category.value]):
            before = last.get((participant.unit_id, participant.category))
            rows.append(Standing(participant, total, place, before.rank if before else None,
                                 before.total if before else None))
        out[category.value] = rows
    return out


@dataclass
class Line:
    """One row of a score sheet: an indicator (group or leaf) with its scores."""

    indicator: Indicator
    depth: int
    scored: Scored | None = None
    subtotal: Decimal | None = None
    evidence: list = field(default_factory=list)


def tree(indicators: list[Indicator]) -> list[tuple[Indicator, int]]:
    """Indicators in tree order (depth first, by position)."""
    children: dict[int | None, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        children[indicator.parent_id].append(indicator)
    out: list[tuple[Indicator, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for child in sorted(children.get(parent, []), key=lambda i: (i.position, i.pk)):
            out.append((child, depth))
            walk(child.pk, depth + 1)

    walk(None, 1)
    return out


def sheet(participant: Participant) -> tuple[list[Line], Decimal]:
    """The score sheet: every indicator in tree order with scores and group subtotals, and the total."""
    indicators = list(participant.round.system.indicators.all())
    scored = score_participant(participant)
    lines = [Line(i, depth, scored.get(i.pk)) for i, depth in tree(indicators)]
    # Group subtotals: the sum of their leaves' final scores (None while a leaf is unscored).
    by_id = {line.indicator.pk: line for line in lines}
    for line in reversed(lines):
        value = line.scored.final if line.scored else line.subtotal
        parent = by_id.get(line.indicator.parent_id)
        if parent is not None:
            parent.subtotal = (parent.subtotal or ZERO) + (value or ZERO)
    return lines, total_of(scored)


@dataclass
class IndicatorLoss:
    indicator: Indicator
    assessed: int = 0
    losing: int = 0
    points_lost: Decimal = ZERO
    rows: list = field(default_factory=list)  # (participant, Scored)


def losses(round_: AssessmentRound) -> list[IndicatorLoss]:
    """Per leaf indicator: how many units lost points on it and how many points, most lost first."""
    participants = {p.pk: p for p in round_.participants.select_related("unit")}
    out: dict[int, IndicatorLoss] = {}
    for pid, scored in score_round(round_).items():
        for indicator_id, s in scored.items():
            row = out.setdefault(indicator_id, IndicatorLoss(s.entry.indicator))
            row.assessed += 1
            row.rows.append((participants[pid], s))
            if s.lost:
                row.losing += 1
                row.points_lost += s.lost
    return sorted(out.values(), key=lambda r: (-r.points_lost, -r.losing, r.indicator.position))


def public_rounds() -> Any:
    """Rounds whose results the office published on the portal: their stored ranking is public."""
    from fazhi.assessment.models import RoundState

    return (AssessmentRound.objects.visible_to(SYSTEM).filter(state=RoundState.PUBLISHED, on_portal=True)
            .order_by("-year", "-pk"))
