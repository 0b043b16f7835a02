"""Writes on duty reports: keyword-only, typed, validated (full_clean) before saving, atomic, audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field. The steps (述法, 书记点评, 评分结束, 公布) go through the procedure engine.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core import access, audit
from fazhi.core.access import CHANGE, READ_ONLY_ROLES, grant_q, grants_of, is_unrestricted
from fazhi.core.models import Unit
from fazhi.dutyreports.models import (
    MANAGERS,
    SCORERS,
    SCORING_STATES,
    DutyReport,
    DutyReportSchedule,
    ReportState,
    Score,
)
from fazhi.procedures.models import Attachment, TransitionLog
from fazhi.procedures.services import add_attachment, transition
from fazhi.rulemaking.docx_text import read_docx


def writable_units(user: Any) -> QuerySet[Unit]:
    """Units whose duty-report schedules the user may keep (the office: coordinators, administrators)."""
    return access.writable_units(user, MANAGERS)


def may_score(user: Any, report: DutyReport) -> bool:
    """A reviewer (coordinator, inspector, justice reviewer, administrator) whose scope holds the office."""
    if is_unrestricted(user):
        return True
    q = Q(pk__in=[])
    grants = [g for g in grants_of(user) if g.role in SCORERS and g.role not in READ_ONLY_ROLES]
    if not grants or report.pk is None:
        return False
    for grant in grants:
        q |= grant_q(grant, "schedule__unit")
    return DutyReport._base_manager.filter(q, pk=report.pk).exists()


_save = audit.save_validated  # validate, then save as the actor


@transaction.atomic
def save_schedule(*, actor: Any, schedule: DutyReportSchedule) -> DutyReportSchedule:
    if not schedule._state.adding:
        DutyReportSchedule.objects.get_visible_or_404(actor, CHANGE, pk=schedule.pk)
    if schedule.unit_id is None or not writable_units(actor).filter(pk=schedule.unit_id).exists():
        raise Http404
    return _save(actor, schedule)


def create_schedule(*, actor: Any, unit: Unit, year: int, title: str, notes: str = "") -> DutyReportSchedule:
    return save_schedule(actor=actor, schedule=DutyReportSchedule(unit=unit, year=year, title=title, notes=notes))


@transaction.atomic
def save_report(*, actor: Any, report: DutyReport) -> DutyReport:
    """Create or update a report in a schedule the actor keeps; the steps' fields are never set here."""
    if report.schedule_id is None or not DutyReportSchedule.objects.visible_to(actor, CHANGE).filter(
            pk=report.schedule_id).exists():
        raise Http404
    if report.leader_unit_id is None or not Unit.objects.visible_to(actor).filter(pk=report.leader_unit_id).exists():
        raise Http404
    if not report._state.adding:
        current = DutyReport.objects.get_visible_or_404(actor, CHANGE, pk=report.pk)
        if current.state == ReportState.PUBLISHED:
            raise ValidationError(gettext("述法结果已公布，不能再修改。"))
        report.state, report.secretary_comment, report.score, report.published_on = (
            current.state, current.secretary_comment, current.score, current.published_on)
    return _save(actor, report)


def create_report(*, actor: Any, schedule: DutyReportSchedule, leader_name: str, leader_post: str,
                  leader_unit: Unit, mode: str, scheduled_on: datetime.date, report_text: str = "") -> DutyReport:
    return save_report(actor=actor, report=DutyReport(
        schedule=schedule, leader_name=leader_name, leader_post=leader_post, leader_unit=leader_unit, mode=mode,
        scheduled_on=scheduled_on, report_text=report_text))


@transaction.atomic
def add_score(*, actor: Any, report: DutyReport, score: int, comment: str = "") -> Score:
    """A reviewer scores a report once, after it was given and before scoring closes."""
    report = DutyReport.objects.get_visible_or_404(actor, pk=report.pk)
    if not may_score(actor, report) or not getattr(actor, "pk", None):
        raise Http404
    if report.state not in SCORING_STATES:
        raise ValidationError({"score": gettext(
            "只能在述法之后、评分结束之前评分（当前状态：“%(state)s”）。") % {"state": report.get_state_display()}})
    return _save(actor, Score(report=report, reviewer=actor, score=score, comment=(comment or "").strip()))


@transaction.atomic
def upload_report(*, actor: Any, report: DutyReport, file: UploadedFile) -> Attachment:
    """Attach the leader's report as a Word file (.docx); its text becomes the report's text, so the
    report reads and searches the same whichever way it came in. Only before the report is given."""
    report = DutyReport.objects.get_visible_or_404(actor, CHANGE, pk=report.pk)
    if report.state != ReportState.PLANNED:
        raise ValidationError({"file": gettext("已述法的报告不能再更换（当前状态：“%(state)s”）。") % {
            "state": report.get_state_display()}})
    try:
        text = read_docx(file, file.name).text
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    file.seek(0)
    report.report_text = text
    _save(actor, report)
    return add_attachment(actor=actor, record=report, kind="report", file=file)


def take_step(*, actor: Any, report: DutyReport, name: str, comment: str = "",
              on: datetime.date | None = None) -> TransitionLog:
    """A step of the procedure through the engine (permission, state, gates, date)."""
    return transition(actor=actor, record=report, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)
