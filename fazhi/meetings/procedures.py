"""A meeting's one step: its minutes (会议纪要) are issued, with the minutes attached.

No time limit: the committee's working rules set none for the minutes that the platform could cite.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.meetings.models import MeetingState as S
from fazhi.procedures.engine import AttachmentKind, Procedure, State, Transition, has_role, register

BASIS = "全面依法治市（县）委员会工作规则及其办公室工作细则（会议纪要印发）"


@register
class MeetingProcedure(Procedure):
    model = "meetings.Meeting"
    label = _("会议纪要")
    basis = BASIS
    states = [State(S.HELD, S.HELD.label), State(S.MINUTES_ISSUED, S.MINUTES_ISSUED.label, final=True)]
    initial = S.HELD
    attachment_kinds = [
        AttachmentKind("minutes", _("会议纪要"), basis=BASIS),
        AttachmentKind("materials", _("会议材料")),
    ]
    transitions = [
        Transition("issue_minutes", _("印发会议纪要"), source=S.HELD, target=S.MINUTES_ISSUED,
                   permission=has_role(Role.ADMIN, Role.COORDINATOR), required_attachments=["minutes"],
                   dated=True),
    ]
