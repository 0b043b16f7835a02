"""Reads shared by views, API and services: what the public may see, and what a user may pick."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from fazhi.core import regions
from fazhi.core.access import SYSTEM, grants_of
from fazhi.legislation.models import (
    OPINION_STATUSES,
    ContactPoint,
    LegislativePlan,
    LegislativeProject,
    PointKind,
    ProjectStatus,
)

# ---- the public portal ----------------------------------------------------------------------------
# Public material is read as SYSTEM and then narrowed to what is published: an approved plan (with its
# projects and their statuses) and active contact points. Opinions never appear in public.


def public_plans() -> QuerySet[LegislativePlan]:
    return LegislativePlan.objects.visible_to(SYSTEM).filter(approved_on__isnull=False)


def public_years() -> list[int]:
    return list(public_plans().order_by("-year").values_list("year", flat=True).distinct())


def public_plans_of(year: int) -> QuerySet[LegislativePlan]:
    projects = (LegislativeProject.objects.visible_to(SYSTEM).select_related("responsible_unit")
                .order_by("category", "pk"))
    return (public_plans().filter(year=year).select_related("unit", "region")
            .prefetch_related(Prefetch("projects", queryset=projects)).order_by("kind", "pk"))


def public_projects() -> QuerySet[LegislativeProject]:
    """Projects of approved (published) plans: their titles and statuses are public."""
    return LegislativeProject.objects.visible_to(SYSTEM).filter(plan__approved_on__isnull=False)


def public_contact_points() -> QuerySet[ContactPoint]:
    """Active contact points with their active collection points and the number of opinions each gathered."""
    points = ContactPoint.objects.visible_to(SYSTEM).filter(active=True)
    children = (points.filter(kind=PointKind.COLLECTION).select_related("host_unit", "region")
                .annotate(opinion_count=Count("opinions", distinct=True)).order_by("region_id", "name"))
    return (points.filter(kind=PointKind.CONTACT).select_related("host_unit", "region")
            .annotate(opinion_count=Count("opinions", distinct=True))
            .prefetch_related(Prefetch("collection_points", queryset=children, to_attr="active_children"))
            .order_by("region_id", "name"))


def public_loose_collection_points() -> QuerySet[ContactPoint]:
    """Active collection points that belong to no active contact point."""
    return (ContactPoint.objects.visible_to(SYSTEM)
            .filter(active=True, kind=PointKind.COLLECTION)
            .filter(Q(parent__isnull=True) | Q(parent__active=False))
            .select_related("host_unit", "region").annotate(opinion_count=Count("opinions", distinct=True))
            .order_by("region_id", "name"))


# ---- choices for staff ------------------------------------------------------------------------------


def _serving_and_above(user: Any) -> set[str]:
    """Codes of the regions the user's grants lie in, and of every region above them."""
    codes: set[str] = set()
    for grant in grants_of(user):
        prefix = grant.region_prefix
        codes.add(prefix.ljust(6, "0"))  # a province's or city's prefix is its code without the zeros
        codes.update(regions.ancestor_codes(prefix))
    return codes


def known_projects(user: Any) -> QuerySet[LegislativeProject]:
    """Projects a user can see, and the projects of published plans of the regions above them (a
    county's contact point gathers opinions on the city's drafts; an evaluation names a published
    regulation of the city)."""
    return LegislativeProject.objects.visible_to(user) | public_projects().filter(
        plan__region_id__in=_serving_and_above(user))


def opinion_projects(user: Any, *, include_pk: int | None = None) -> QuerySet[LegislativeProject]:
    """Drafts a user may record opinions on now (`include_pk`: the opinion's current project)."""
    qs = known_projects(user)
    open_now = Q(status__in=OPINION_STATUSES)
    if include_pk is not None:
        open_now |= Q(pk=include_pk)
    return qs.filter(open_now).select_related("plan").order_by("-plan__year", "title", "pk")


def evaluation_projects(user: Any, *, include_pk: int | None = None) -> QuerySet[LegislativeProject]:
    """Published regulations and rules a user may name in an evaluation (`include_pk`: its current one)."""
    published = Q(status=ProjectStatus.PUBLISHED)
    if include_pk is not None:
        published |= Q(pk=include_pk)
    return known_projects(user).filter(published).order_by("-published_on", "pk")
