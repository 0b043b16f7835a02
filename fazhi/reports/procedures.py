"""The procedure of an annual report: 起草中 → 已报送 → 已公开 (a submitted report may be returned).

Basis: 《法治政府建设与责任落实督察工作规定》 (2019): governments and departments report the previous
year's rule-of-law government construction to the party committee and the government at the level
above by 1 March and publish the report by 1 April. Both dates are fixed calendar dates, not periods
counted from an event, so they are started as *assigned* deadlines when the report is created
(`services.create_report`) — no holiday calendar is needed — and stopped by the submit and publish
steps (a return restarts the submission deadline).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import SYSTEM, Role
from fazhi.core.audit import acting_as
from fazhi.procedures.engine import Gate, Procedure, State, Transition, has_role, register, step_date
from fazhi.reports.models import ReportState as S

BASIS = "《法治政府建设与责任落实督察工作规定》"
SUBMISSION_DEADLINE = "reports.submission"
PUBLICATION_DEADLINE = "reports.publication"

WRITERS = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR)
COORDINATORS = has_role(Role.COORDINATOR)


def due_dates(year: int) -> tuple[datetime.date, datetime.date]:
    """(submission, publication) due dates of the report on `year`: 1 March and 1 April after it."""
    return datetime.date(year + 1, 3, 1), datetime.date(year + 1, 4, 1)


def start_report_deadlines(report: Any, *, actor: Any, on: datetime.date, keys: tuple[str, ...], by: str) -> None:
    """Start (or restart) the assigned deadlines; counted from `on`, never after the due date."""
    from fazhi.procedures.services import start_deadline

    submit_by, publish_by = due_dates(report.year)
    specs = {
        SUBMISSION_DEADLINE: (submit_by, gettext("年度报告报送时限"), f"{BASIS}（3月1日前报送）"),
        PUBLICATION_DEADLINE: (publish_by, gettext("年度报告公开时限"), f"{BASIS}（4月1日前向社会公开）"),
    }
    with acting_as(actor):
        for key in keys:
            due, label, basis = specs[key]
            start_deadline(actor=SYSTEM, record=report, key=key, on=min(on, due), due_on=due, label=label,
                           basis=basis, by=by)


def _stop(report: Any, *, actor: Any, key: str, by: str) -> None:
    from fazhi.procedures.services import stop_deadline

    with acting_as(actor):
        stop_deadline(actor=SYSTEM, record=report, key=key, on=step_date(report), by=by)


def _submitted(record: Any, *, actor: Any, data: dict) -> None:
    record.submitted_on = step_date(record)
    _stop(record, actor=actor, key=SUBMISSION_DEADLINE, by="submit")


def _returned(record: Any, *, actor: Any, data: dict) -> None:
    record.submitted_on = None
    start_report_deadlines(record, actor=actor, on=step_date(record), keys=(SUBMISSION_DEADLINE,), by="return")


def _published(record: Any, *, actor: Any, data: dict) -> None:
    record.published_on = step_date(record)
    _stop(record, actor=actor, key=PUBLICATION_DEADLINE, by="publish")


def _has_version(report: Any) -> bool:
    return report.versions.exists()


def _after_year(report: Any) -> bool:
    return step_date(report).year > report.year


VERSION_GATE = Gate(_has_version, _("报送前须至少保存一个报告版本（报送的是已保存的版本）"))
YEAR_GATE = Gate(_after_year, _(
    "年度报告报告的是上一年度的情况，应在报告年度结束后报送、公开（《法治政府建设与责任落实督察工作规定》）"))


@register
class AnnualReportProcedure(Procedure):
    model = "reports.AnnualReport"
    label = _("法治政府建设年度报告程序")
    basis = BASIS
    state_field = "state"
    states = [
        State(S.DRAFTING, S.DRAFTING.label),
        State(S.SUBMITTED, S.SUBMITTED.label),
        State(S.PUBLISHED, S.PUBLISHED.label, final=True),
    ]
    initial = S.DRAFTING
    limits = []
    transitions = [
        Transition("submit", _("报送"), source=S.DRAFTING, target=S.SUBMITTED, permission=WRITERS, dated=True,
                   gates=[VERSION_GATE, YEAR_GATE], effect=_submitted,
                   basis=f"{BASIS}（每年3月1日前报送本级党委和上一级人民政府）"),
        Transition("return_for_revision", _("退回修改"), source=S.SUBMITTED, target=S.DRAFTING,
                   permission=COORDINATORS, comment_required=True, dated=True, effect=_returned,
                   style="secondary"),
        Transition("publish", _("向社会公开"), source=S.SUBMITTED, target=S.PUBLISHED, permission=COORDINATORS,
                   dated=True, gates=[YEAR_GATE], effect=_published,
                   basis=f"{BASIS}（每年4月1日前向社会公开）"),
    ]
