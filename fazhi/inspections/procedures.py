"""The procedure of a rectification item: 已交办 → 整改中 → 已报送整改材料 → 已销号, or returned to 整改中.

The deadline is the one the office set for the item (an *assigned* deadline started when the item is
issued, with the inspection as its basis — see services.issue_item); the law states no period, so no
`Limit` is declared. Close-out stops it (in the step's effect, as assigned deadlines are not declared
limits).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.inspections.models import REGULATION
from fazhi.inspections.models import ItemState as S
from fazhi.procedures.engine import (
    AttachmentKind,
    Procedure,
    State,
    Transition,
    has_role,
    register,
    step_date,
)

DEADLINE_KEY = "inspections.rectification"
EVIDENCE = "evidence"
REMINDER_LETTER = "reminder_letter"

# The responsible unit rectifies and reports; the office (coordinator, inspector) verifies and closes out.
UNIT_OR_OFFICE = has_role(Role.LEGAL_OFFICER, Role.COORDINATOR, Role.INSPECTOR)
OFFICE = has_role(Role.COORDINATOR, Role.INSPECTOR)

EVIDENCE_BASIS = _("整改销号须有整改佐证材料，对账销号、逐项销号（《法治政府建设与责任落实督察工作规定》，督察发现问题整改）")


def _closed(record: Any, *, actor: Any, data: dict) -> None:
    from fazhi.procedures.services import stop_deadline

    record.closed_on = step_date(record)
    stop_deadline(actor=actor, record=record, key=DEADLINE_KEY, on=record.closed_on, by="close")


def _reopened(record: Any, *, actor: Any, data: dict) -> None:
    record.closed_on = None


@register
class RectificationProcedure(Procedure):
    model = "inspections.RectificationItem"
    label = _("督察问题整改")
    basis = REGULATION
    states = [
        State(S.ISSUED, S.ISSUED.label), State(S.RECTIFYING, S.RECTIFYING.label),
        State(S.SUBMITTED, S.SUBMITTED.label), State(S.CLOSED, S.CLOSED.label, final=True),
    ]
    initial = S.ISSUED
    limits = []
    attachment_kinds = [
        AttachmentKind(EVIDENCE, _("整改佐证材料"), basis=EVIDENCE_BASIS),
        AttachmentKind(REMINDER_LETTER, _("督办函"), basis=REGULATION, uploaded=False),
    ]
    def attachment_refusal(self, record: Any, kind: str) -> str:
        if kind == EVIDENCE and record.state == S.CLOSED:
            return gettext("已销号的整改事项不能再上传佐证材料。")
        return ""

    transitions = [
        Transition("start", _("开始整改"), source=S.ISSUED, target=S.RECTIFYING, permission=UNIT_OR_OFFICE),
        Transition("submit", _("报送整改材料"), source=(S.ISSUED, S.RECTIFYING), target=S.SUBMITTED,
                   permission=UNIT_OR_OFFICE, required_attachments=[EVIDENCE], basis=EVIDENCE_BASIS),
        Transition("close", _("销号"), source=S.SUBMITTED, target=S.CLOSED, permission=OFFICE,
                   required_attachments=[EVIDENCE], basis=EVIDENCE_BASIS, dated=True, effect=_closed),
        Transition("return", _("退回整改"), source=S.SUBMITTED, target=S.RECTIFYING, permission=OFFICE,
                   comment_required=True, style="secondary", effect=_reopened,
                   basis=_("整改不到位的退回继续整改，须说明理由")),
    ]
