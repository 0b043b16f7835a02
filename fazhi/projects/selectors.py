"""Reads of practical projects: what the portal shows (projects the office published, with milestones)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from fazhi.core.access import SYSTEM
from fazhi.projects.models import Milestone, Project, ProjectState


def public_projects() -> QuerySet[Project]:
    return (Project.objects.visible_to(SYSTEM).filter(published_on__isnull=False)
            .exclude(state=ProjectState.CANCELLED))


def public_years() -> list[int]:
    return list(public_projects().order_by("-year").values_list("year", flat=True).distinct())


def public_projects_of(year: int) -> QuerySet[Project]:
    return (public_projects().filter(year=year).select_related("responsible_unit", "unit")
            .annotate(milestone_count=Count("milestones"),
                      milestone_done=Count("milestones", filter=Q(milestones__done_on__isnull=False)))
            .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")))
            .order_by("unit_id", "pk"))
