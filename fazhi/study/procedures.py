"""A study session is recorded after it was held: it has no steps, only the papers kept with it
(sign-in sheet, materials, photos), which the engine's attachments hold (file type and size checks)."""

from django.utils.translation import gettext_lazy as _

from fazhi.procedures.engine import AttachmentKind, Procedure, State, register


@register
class StudySessionRecord(Procedure):
    model = "study.StudySession"
    label = _("学法活动记录")
    states = [State("recorded", _("已登记"), final=True)]
    initial = "recorded"
    transitions = []
    attachment_kinds = [
        AttachmentKind("sign_in", _("签到表")),
        AttachmentKind("materials", _("学习材料（课件、讲稿）")),
        AttachmentKind("photos", _("活动照片")),
    ]
