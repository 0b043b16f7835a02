"""`fazhi casereviews verify-draw ID [--file published.json]`: recompute a case-review draw
(see `fazhi.randominspections.verification`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.casereviews.models import ReviewPlan
from fazhi.randominspections.verification import VerifyDrawCommand


class Command(VerifyDrawCommand):
    help = "案卷评查：验证案卷抽取结果（verify-draw ID）"
    plan_model = ReviewPlan
    plan_word = _("评查计划")
    picks_word = _("份案卷")
