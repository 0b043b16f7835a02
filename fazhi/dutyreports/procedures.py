"""The procedure of a duty report: 已安排 → 已述法 → 已点评 → 已评分 → 已公布.

The secretary's comment (书记点评) is the comment of its step; the score is the average of the
reviewers' scores, computed by the database when scoring closes. No time limit is declared: the date
of each report is set by the office's yearly schedule, not by law.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Avg
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.dutyreports.models import ReportState as S
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Procedure,
    State,
    Transition,
    has_role,
    register,
    step_date,
)
from fazhi.procedures.selectors import attachment_kinds_present

DUTY_RULE = "《党政主要负责人履行推进法治建设第一责任人职责规定》"
BASIS = f"{DUTY_RULE}（将履行推进法治建设第一责任人职责情况列入年终述职内容）；本级述法工作实施办法"
LOCAL = "本级述法工作实施办法"
OFFICE = has_role(Role.ADMIN, Role.COORDINATOR)


def _has_report(report: Any) -> bool:
    return bool((report.report_text or "").strip()) or "report" in attachment_kinds_present(report)


def _has_scores(report: Any) -> bool:
    return report.scores.exists()


def _commented(report: Any, *, actor: Any, data: dict) -> None:
    report.secretary_comment = data.get("comment", "").strip()


def _scored(report: Any, *, actor: Any, data: dict) -> None:
    # The average is the database's (AVG over the score rows), kept on the report once scoring closes.
    average = report.scores.aggregate(v=Avg("score"))["v"]
    report.score = round(average, 2) if average is not None else None


def _published(report: Any, *, actor: Any, data: dict) -> None:
    report.published_on = step_date(report)


REPORT_GATE = Gate(_has_report, lambda report: gettext("须填写述法报告或上传述法报告文件（%(rule)s）") % {
    "rule": DUTY_RULE})
SCORES_GATE = Gate(_has_scores, lambda report: gettext(
    "尚无评议人评分：评分结束前须至少有一位评议人评分（%(rule)s）") % {"rule": LOCAL})


@register
class DutyReportProcedure(Procedure):
    model = "dutyreports.DutyReport"
    label = _("述法评议")
    basis = BASIS
    states = [State(S.PLANNED, S.PLANNED.label), State(S.SUBMITTED, S.SUBMITTED.label),
              State(S.COMMENTED, S.COMMENTED.label), State(S.SCORED, S.SCORED.label),
              State(S.PUBLISHED, S.PUBLISHED.label, final=True)]
    initial = S.PLANNED
    attachment_kinds = [AttachmentKind("report", _("述法报告"), basis=DUTY_RULE),
                        AttachmentKind("record", _("述法现场记录"))]
    transitions = [
        Transition("submit", _("登记述法"), source=S.PLANNED, target=S.SUBMITTED, permission=OFFICE,
                   gates=[REPORT_GATE], dated=True),
        Transition("comment", _("书记点评"), source=S.SUBMITTED, target=S.COMMENTED, permission=OFFICE,
                   comment_required=True, effect=_commented, dated=True,
                   basis=f"{LOCAL}（党委书记对述法逐一点评）"),
        Transition("close_scoring", _("评分结束"), source=S.COMMENTED, target=S.SCORED, permission=OFFICE,
                   gates=[SCORES_GATE], effect=_scored, dated=True),
        Transition("publish", _("公布结果"), source=S.SCORED, target=S.PUBLISHED, permission=OFFICE,
                   effect=_published, dated=True, basis=f"{LOCAL}（述法评议结果公开）"),
    ]
