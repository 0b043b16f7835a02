"""Writes on annual reports: keyword-only, typed, validated, atomic and audited.

Missing and forbidden records raise Http404; invalid input raises ValidationError (Chinese).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.core import access, audit
from fazhi.core.access import CHANGE
from fazhi.core.models import Region, Unit, UnitType
from fazhi.figures import registry
from fazhi.procedures import clock
from fazhi.procedures.models import TransitionLog
from fazhi.procedures.services import transition
from fazhi.reports import content
from fazhi.reports.models import WRITERS, AnnualReport, ReportState, ReportVersion
from fazhi.reports.procedures import (
    PUBLICATION_DEADLINE,
    SUBMISSION_DEADLINE,
    start_report_deadlines,
)

# Who reports (《法治政府建设与责任落实督察工作规定》: local governments and their departments).
REPORTING_TYPES = (UnitType.GOVERNMENT, UnitType.TOWNSHIP_GOVERNMENT, UnitType.DEPARTMENT)


def writable_units(user: Any) -> Any:
    return access.writable_units(user, WRITERS).filter(unit_type__in=REPORTING_TYPES)


def compute_figures(*, user: Any, region: Region, year: int, unit: Unit | None = None) -> list[dict[str, Any]]:
    """Every registered figure for the region (and unit) and calendar year, as a snapshot."""
    values = registry.compute_many(user=user, region=region, unit=unit, start=datetime.date(year, 1, 1),
                                   end=datetime.date(year, 12, 31))
    return content.snapshot(values)


def _unit_cut(report: AnnualReport) -> Unit | None:
    """A government reports on its region; a department on itself and its subordinate units."""
    return report.unit if report.unit.unit_type == UnitType.DEPARTMENT else None


@transaction.atomic
def create_report(*, actor: Any, unit: Unit, year: int, title: str = "") -> AnnualReport:
    """A draft report of `unit` on `year`, its figures computed, its two deadlines started."""
    if unit is None or not writable_units(actor).filter(pk=unit.pk).exists():
        if unit is not None and access.writable_units(actor, WRITERS).filter(pk=unit.pk).exists():
            raise ValidationError({"unit": gettext(
                "年度报告由人民政府及其部门报送（《法治政府建设与责任落实督察工作规定》），“%(unit)s”不是报告单位。")
                % {"unit": unit.name}})
        raise Http404
    report = AnnualReport(unit=unit, year=year, title=(title or "").strip())
    report.full_clean()
    report.figures = compute_figures(user=actor, region=unit.region, year=year, unit=_unit_cut(report))
    report.figures_at = timezone.now()
    audit.save_validated(actor, report)
    # The duty starts when the year ends; a draft begun during the year counts from today.
    start_report_deadlines(report, actor=actor, on=min(clock.today(), datetime.date(year + 1, 1, 1)),
                           keys=(SUBMISSION_DEADLINE, PUBLICATION_DEADLINE), by="create")
    return report


def _drafting(actor: Any, report: AnnualReport) -> AnnualReport:
    current = AnnualReport.objects.select_for_update().filter(
        pk__in=AnnualReport.objects.visible_to(actor, CHANGE).filter(pk=report.pk).values("pk")).first()
    if current is None:
        raise Http404
    if current.state != ReportState.DRAFTING:
        raise ValidationError(gettext("只有起草中的年度报告可以修改；已报送的报告须先退回修改。"))
    return current


def refresh_figures(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Recompute the figures. The values are computed first, then written in one UPDATE under the
    row lock: an export running meanwhile reads the previous snapshot whole, never a mix."""
    AnnualReport.objects.get_visible_or_404(actor, CHANGE, pk=report.pk)
    figures = compute_figures(user=actor, region=report.region, year=report.year, unit=_unit_cut(report))
    with transaction.atomic():
        current = _drafting(actor, report)
        current.figures, current.figures_at = figures, timezone.now()
        audit.save_validated(actor, current)
    report.figures, report.figures_at = current.figures, current.figures_at
    return current


@transaction.atomic
def save_texts(*, actor: Any, report: AnnualReport, title: str | None = None,
               narratives: dict[str, str] | None = None, press_release: str | None = None) -> AnnualReport:
    """Save the editable text: title, the narrative of each part, the press release."""
    current = _drafting(actor, report)
    if narratives is not None:
        unknown = set(narratives) - set(content.PART_MAP)
        if unknown:
            raise ValidationError({"narratives": gettext("未知的报告部分：%(keys)s") % {"keys": "、".join(sorted(unknown))}})
        current.narratives = {**current.narratives, **{k: (v or "").strip() for k, v in narratives.items()}}
    if title is not None:
        current.title = title.strip()
    if press_release is not None:
        current.press_release = press_release.strip()
    audit.save_validated(actor, current)
    for f in ("title", "narratives", "press_release", "updated_at"):
        setattr(report, f, getattr(current, f))
    return current


@transaction.atomic
def generate_press_release(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """Replace the press release with a draft generated from the figures (staff edit it before use)."""
    current = _drafting(actor, report)
    return save_texts(actor=actor, report=current, press_release=content.press_release(content.document_of(current)))


@transaction.atomic
def save_version(*, actor: Any, report: AnnualReport, note: str = "") -> ReportVersion:
    """Keep the report as it stands (texts and figure values) as a numbered version."""
    current = AnnualReport.objects.get_visible_or_404(actor, CHANGE, pk=report.pk)
    current = AnnualReport.objects.select_for_update().get(pk=current.pk)
    last = current.versions.aggregate(n=Max("number"))["n"] or 0
    version = ReportVersion(report=current, number=last + 1, title=str(current), narratives=current.narratives,
                            press_release=current.press_release, figures=current.figures,
                            figures_at=current.figures_at, note=(note or "").strip()[:200],
                            saved_by=actor if getattr(actor, "pk", None) else None)
    return audit.save_validated(actor, version)


def take_step(*, actor: Any, report: AnnualReport, name: str, comment: str = "",
              on: datetime.date | None = None) -> TransitionLog:
    return transition(actor=actor, record=report, name=name, comment=comment,
                      data={"on": on.isoformat()} if on else None)
