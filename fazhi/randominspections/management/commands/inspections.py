"""`fazhi inspections verify-draw ID [--file published.json]`: recompute a random-inspection draw
(see `fazhi.randominspections.verification`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.randominspections.models import InspectionPlan
from fazhi.randominspections.verification import VerifyDrawCommand


class Command(VerifyDrawCommand):
    help = "双随机抽查：验证抽取结果（verify-draw ID）"
    plan_model = InspectionPlan
    plan_word = _("抽查计划")
    picks_word = _("个检查对象")
