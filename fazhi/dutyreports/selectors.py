"""Reads of duty reports: the public results, and the leader's record (facts to check the report
against, from the inspections and tasks modules when they are installed)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Avg, Count, F, Q, QuerySet

from fazhi.core.access import SYSTEM
from fazhi.dutyreports.models import DutyReport, ReportState
from fazhi.procedures import clock

LIST_LIMIT = 50

# ---- the public portal ----------------------------------------------------------------------------
# Published: the leader's name, post and unit, the mode, the date and the grade (等次). Not published:
# the report text, the secretary's comment, each reviewer's score and comment, the exact average:
# those are internal evaluation material of the cadre assessment (the grade is what such assessments
# make public), and the comment is addressed to the leader for rectification.


def public_reports() -> QuerySet[DutyReport]:
    return (DutyReport.objects.visible_to(SYSTEM).filter(state=ReportState.PUBLISHED)
            .select_related("schedule__unit", "leader_unit"))


def public_years() -> list[int]:
    return list(public_reports().order_by("-schedule__year").values_list("schedule__year", flat=True).distinct())


def with_live_score(qs: QuerySet[DutyReport]) -> QuerySet[DutyReport]:
    """The average of the scores so far (before scoring closes the report keeps none of its own)."""
    return qs.annotate(live_score=Avg("scores__score"), score_count=Count("scores"))


# ---- the leader's record ----------------------------------------------------------------------------


@dataclass
class LeaderRecord:
    year: int
    unit: Any
    inspections_installed: bool = False
    tasks_installed: bool = False
    findings: list = field(default_factory=list)
    finding_count: int = 0
    findings_by_category: list = field(default_factory=list)
    overdue_tasks: list = field(default_factory=list)
    overdue_task_count: int = 0
    overdue_items: list = field(default_factory=list)
    overdue_item_count: int = 0


def _in_unit(prefix: str, unit: Any) -> Q:
    """The leader's unit and the units under it (a government's principal leader answers for its departments)."""
    return Q(**{f"{prefix}__path__startswith": unit.path})


def leader_record(user: Any, report: DutyReport, today: datetime.date | None = None) -> LeaderRecord:
    """For the report's year and the leader's unit (with the units under it), what the user may see of:
    inspection findings; tasks overdue (still open past their date, or done late); rectification items
    overdue (open past their deadline, or closed late)."""
    today = today or clock.today()
    year = report.schedule.year
    unit = report.leader_unit
    record = LeaderRecord(year=year, unit=unit)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if apps.is_installed("fazhi.inspections"):
        record.inspections_installed = True
        finding = apps.get_model("inspections", "Finding")
        item = apps.get_model("inspections", "RectificationItem")
        findings = (finding.objects.visible_to(user).filter(_in_unit("unit", unit), found_on__range=(start, end))
                    .select_related("unit"))
        record.finding_count = findings.count()
        record.findings = list(findings.order_by("found_on", "pk")[:LIST_LIMIT])
        record.findings_by_category = list(findings.order_by().values("category").annotate(n=Count("pk"))
                                           .order_by("-n", "category"))
        labels = dict(finding._meta.get_field("category").choices or [])
        for row in record.findings_by_category:
            row["label"] = labels.get(row["category"], row["category"])
        late_items = (Q(closed_on__isnull=True, due_on__lt=today)
                      | Q(closed_on__isnull=False, closed_on__gt=F("due_on")))
        items = (item.objects.visible_to(user).filter(_in_unit("responsible_unit", unit), late_items,
                                                      due_on__range=(start, end))
                 .select_related("responsible_unit"))
        record.overdue_item_count = items.count()
        record.overdue_items = list(items.order_by("due_on", "pk")[:LIST_LIMIT])
    if apps.is_installed("fazhi.tasks"):
        record.tasks_installed = True
        task = apps.get_model("tasks", "Task")
        late_tasks = Q(state="done", completed_on__gt=F("due_on"))
        overdue = getattr(task.objects.all(), "overdue", None)
        if callable(overdue):  # the engine's running completion deadlines past due
            late_tasks |= Q(pk__in=overdue(today).values("pk"))
        else:
            late_tasks |= ~Q(state__in=("done", "cancelled", "draft")) & Q(due_on__lt=today)
        tasks = (task.objects.visible_to(user).filter(_in_unit("lead_unit", unit), late_tasks,
                                                      due_on__range=(start, end))
                 .select_related("lead_unit", "plan"))
        record.overdue_task_count = tasks.count()
        record.overdue_tasks = list(tasks.order_by("due_on", "pk")[:LIST_LIMIT])
    return record
