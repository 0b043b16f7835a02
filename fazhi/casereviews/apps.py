from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseReviewsConfig(AppConfig):
    name = "fazhi.casereviews"
    label = "casereviews"
    verbose_name = _("案卷评查与执法监督")
    default_auto_field = "django.db.models.BigAutoField"
