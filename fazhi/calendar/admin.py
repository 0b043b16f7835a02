from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fazhi.calendar.models import CalendarDay, HolidayYear
from fazhi.core.admin import AuditedAdmin


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "weekday", "kind", "name", "basis"]
    list_filter = ["kind"]
    search_fields = ["name", "basis"]
    date_hierarchy = "date"
    ordering = ["date"]
    readonly_fields = ["updated_at"]

    @admin.display(description=_("星期"))
    def weekday(self, obj: CalendarDay) -> str:
        from fazhi.calendar.views import weekday_name

        return weekday_name(obj.date)


@admin.register(HolidayYear)
class HolidayYearAdmin(AuditedAdmin):
    list_display = ["year", "notice", "updated_at"]
    search_fields = ["notice", "note"]
    ordering = ["-year"]
    readonly_fields = ["updated_at"]
