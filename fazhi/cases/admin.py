"""Administrators keep the local 较大数额 standards of the hearing right (行政处罚法第六十三条)."""

from django.contrib import admin

from fazhi.cases.models import HearingThreshold
from fazhi.core.admin import AuditedAdmin


@admin.register(HearingThreshold)
class HearingThresholdAdmin(AuditedAdmin):
    list_display = ["party_kind", "region", "fine_from", "confiscation_from", "source", "valid_from"]
    list_filter = ["party_kind"]
