"""The result of one drawn entity: 待检查 → 已检查待公示 → 已公示.

Entering the result (services.enter_result) starts the publication limit on the inspection date;
publishing stops it. 《企业信息公示暂行条例》第六条、第七条: information produced in performing duties
(the inspection results) is published within 20 working days of being produced; 《优化营商环境条例》
第五十四条: inspection items and results are made public in time (“一公开”).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.procedures.engine import Gate, Limit, Procedure, State, Transition, has_role, register, step_date
from fazhi.randominspections.models import ResultState as S

PUBLICATION = "randominspections.publication"
PUBLICATION_BASIS = "《企业信息公示暂行条例》第六条、第七条；《优化营商环境条例》第五十四条"
KEEPERS = has_role(Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER, Role.REVIEWER, Role.COORDINATOR)


def _published(record: Any, *, actor: Any, data: dict) -> None:
    record.published_on = step_date(record)


def _after_inspection(record: Any) -> bool:
    return record.inspected_on is not None and step_date(record) >= record.inspected_on


@register
class ResultProcedure(Procedure):
    model = "randominspections.InspectionResult"
    label = _("双随机抽查结果")
    basis = "《优化营商环境条例》第五十四条"
    states = (State(S.PICKED, _("待检查")), State(S.INSPECTED, _("已检查待公示")),
              State(S.PUBLISHED, _("已公示"), final=True))
    initial = S.PICKED
    limits = (Limit(PUBLICATION, _("抽查结果公示期限"), 20, "working_day", PUBLICATION_BASIS),)
    transitions = (
        Transition("publish", _("公示结果"), source=S.INSPECTED, target=S.PUBLISHED, permission=KEEPERS,
                   stop=[PUBLICATION], effect=_published, dated=True, basis=PUBLICATION_BASIS,
                   gates=[Gate(_after_inspection, lambda r: gettext(
                       "公示日期不得早于检查日期（%(date)s）：抽查结果自检查形成之日起公示（%(basis)s）。") % {
                       "date": r.inspected_on.isoformat() if r.inspected_on else "—", "basis": PUBLICATION_BASIS})]),
    )
