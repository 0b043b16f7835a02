"""The test-only procedure: a small example of every declaration the engine knows."""

from fazhi.core.access import Role
from fazhi.procedures.engine import (
    AttachmentKind,
    Gate,
    Limit,
    Procedure,
    Start,
    State,
    Transition,
    has_role,
    register,
    step_date,
)


def _decide(record, *, actor, data):
    record.decided_on = data.get("decided_on") or record.decided_on


@register
class WidgetProcedure(Procedure):
    model = "procedures_testapp.Widget"
    label = "测试流程"
    basis = "测试规则"
    states = [State("draft", "起草"), State("review", "审核中"), State("returned", "已退回"),
              State("done", "办结", final=True)]
    initial = "draft"
    limits = [
        Limit("widget.review", "审核期限", n=5, unit="working_day", basis="测试规则第三条"),
        Limit("widget.total", "办理总期限", n=30, unit="calendar_day", basis="测试规则第四条"),
    ]
    attachment_kinds = [AttachmentKind("opinion", "审核意见书", basis="测试规则第五条")]
    transitions = [
        Transition("submit", "提交审核", source=["draft", "returned"], target="review",
                   permission=has_role(Role.LEGAL_OFFICER), required_fields=["title"], basis="测试规则第二条",
                   gates=[Gate(lambda rec: rec.amount > 0, "金额必须大于零（测试规则第一条）"),
                          Gate(lambda rec: rec.amount <= 1000, "金额不得超过一千（测试规则第六条）")],
                   start=["widget.review", Start("widget.total", on=lambda rec, data: rec.received_on)]),
        Transition("return", "退回", source="review", target="returned",
                   permission=has_role(Role.REVIEWER, Role.COORDINATOR), comment_required=True,
                   stop=["widget.review"], style="secondary"),
        Transition("approve", "通过", source="review", target="done", permission=has_role(Role.REVIEWER),
                   required_attachments=["opinion"], stop=["widget.review", "widget.total"], effect=_decide,
                   dated=True, gates=[Gate(lambda rec: not rec.received_on or step_date(rec) >= rec.received_on,
                                           "决定日期不得早于收件日期（测试规则第七条）")]),
    ]
