"""The sample of case files, drawn with the verifiable draw of random inspections (`randominspections.draw`,
reused as it is: its description there lets anyone recompute a published draw).

Inputs of a review plan (published with the seed's SHA-256 before the draw):

    {"entity_groups": [{"key": "<body id>", "ratio_bp": r, "entities": ["<case number>", ...]}, ...],
     "inspectors": ["<reviewer username>", ...], "inspectors_per_entity": 1,
     "exclusions": [["<username>", "<case number>"], ...],
     "period": ["<start>", "<end>"], "closed_by": "<commitment day>"}

- one group per body in scope (ordered by body id), its entities the numbers of the body's cases closed
  within the plan's period and by the commitment day, sorted;
- `ratio_bp` per group: the plan's ratio, raised where needed so that the group yields the plan's
  minimum per body (draw.py knows only ratios, so the minimum is expressed as a ratio and published);
- exclusions (回避): a reviewer whose unit is the case's body unit (or below it) — which includes the
  officers on the case, who are officers of its body (users and officers are not linked records);
- "period" and "closed_by" are ignored by the draw but covered by the inputs hash: they say what the
  entities are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from fazhi.cases.models import EnforcementCase
from fazhi.core.models import User
from fazhi.enforcement.models import EnforcementBody
from fazhi.randominspections import draw as drawing
from fazhi.randominspections.draw import (
    DrawError,
    verify_published,  # noqa: F401 (part of this module's API)
)

REVIEWERS_PER_FILE = 1


def bodies_in_scope(plan: Any) -> QuerySet[EnforcementBody]:
    """The plan's bodies, or (none chosen) every active body in the office's region subtree."""
    chosen = plan.bodies.all() if plan.pk else EnforcementBody.objects.none()
    if plan.pk and chosen.exists():
        return chosen.select_related("unit").order_by("pk")
    return (EnforcementBody.objects.filter(active=True, region__code__startswith=plan.office.region_prefix)
            .select_related("unit").order_by("pk"))


def group_ratio(population: int, ratio_bp: int, minimum: int) -> int:
    """The smallest ratio ≥ the plan's that draws at least min(minimum, population) files."""
    wanted = min(minimum, population)
    if population == 0 or drawing.group_size(population, ratio_bp) >= wanted:
        return ratio_bp
    ratio = (wanted - 1) * 10000 // population + 1
    while drawing.group_size(population, ratio) < wanted:  # integer arithmetic: at most a step or two
        ratio += 1
    return ratio


def closed_cases(plan: Any, bodies: list[EnforcementBody], until: datetime.date) -> QuerySet[EnforcementCase]:
    return EnforcementCase.objects.filter(body__in=bodies, closed_on__gte=plan.start_on,
                                          closed_on__lte=min(plan.end_on, until))


def _conflicts(reviewers: list[User], cases: QuerySet[EnforcementCase]) -> set[tuple[str, str]]:
    """(username, case number) pairs a reviewer must not review: their unit is the case's body unit or below it.
    An officer on a case is an officer of its body (cases require it), so this covers them too."""
    pairs = set()
    for number, body_path in cases.values_list("number", "body__unit__path"):
        for reviewer in reviewers:
            if reviewer.unit is not None and reviewer.unit.path.startswith(body_path):
                pairs.add((reviewer.username, number))
    return pairs


def build_inputs(plan: Any, on: datetime.date) -> dict[str, Any]:
    """The published inputs of the plan's draw committed on `on`."""
    bodies = list(bodies_in_scope(plan))
    cases = closed_cases(plan, bodies, on)
    numbers: dict[int, list[str]] = defaultdict(list)
    for body_id, number in cases.values_list("body_id", "number"):
        numbers[body_id].append(number)
    reviewers = list(plan.reviewers.select_related("unit").order_by("username"))
    groups = []
    for body in bodies:
        entities = sorted(numbers[body.pk])
        groups.append({"key": str(body.pk), "ratio_bp": group_ratio(len(entities), plan.ratio_bp, plan.min_per_body),
                       "entities": entities})
    return {"entity_groups": groups, "inspectors": [r.username for r in reviewers],
            "inspectors_per_entity": REVIEWERS_PER_FILE,
            "exclusions": sorted([list(pair) for pair in _conflicts(reviewers, cases)]),
            "period": [plan.start_on.isoformat(), plan.end_on.isoformat()], "closed_by": on.isoformat()}


def check_drawable(inputs: dict[str, Any]) -> None:
    """Refuse inputs the draw cannot serve whatever the seed: draw.py's checks, and every case needs a
    reviewer without a conflict (the seed decides which cases are drawn, so all must be servable)."""
    drawing.check_inputs(inputs)
    excluded: dict[str, set[str]] = defaultdict(set)
    for username, number in inputs["exclusions"]:
        excluded[number].add(username)
    reviewers = set(inputs["inspectors"])
    for group in inputs["entity_groups"]:
        for number in group["entities"]:
            if len(reviewers - excluded[number]) < inputs["inspectors_per_entity"]:
                raise DrawError(gettext(
                    "案件%(number)s与全部评查人员存在回避关系（同一单位或承办人员）：请增加其他单位的评查人员。") % {
                    "number": number})
