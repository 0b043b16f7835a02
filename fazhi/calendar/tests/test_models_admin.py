from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.calendar import service
from fazhi.calendar.models import CalendarDay, HolidayYear
from fazhi.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    """A staff user holding every permission on the calendar models (the admin site's "editor")."""
    user = User.objects.create_user(username="holidays", password="Secret-pass-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="calendar"))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def test_registered_with_chinese_names():
    assert CalendarDay in admin.site._registry and HolidayYear in admin.site._registry
    assert str(CalendarDay._meta.verbose_name) == "节假日与调休"
    assert str(HolidayYear._meta.verbose_name) == "已录入放假安排的年度"
    assert str(CalendarDay._meta.get_field("basis").verbose_name) == "依据"
    assert dict(CalendarDay.Kind.choices) == {"holiday": "休息日/节假日", "workday": "调休上班日"}


def test_saves_and_deletes_are_audited():
    day = CalendarDay.objects.create(date=date(2025, 10, 9), kind="holiday", name="停工", basis="通告")
    day.kind = "workday"
    day.save()
    day.delete()
    actions = list(AuditEvent.objects.filter(object_type="calendar.calendarday").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]
    HolidayYear.objects.create(year=2027, notice="通知")
    assert AuditEvent.objects.filter(object_type="calendar.holidayyear", action="create").exists()


def test_date_is_unique():
    CalendarDay.objects.create(date=date(2025, 10, 9), kind="holiday", basis="通告")
    with pytest.raises(ValidationError):
        CalendarDay(date=date(2025, 10, 9), kind="workday", basis="另一通告").full_clean()


def test_holiday_year_requires_its_days_first():
    with pytest.raises(ValidationError) as exc:
        HolidayYear(year=2030, notice="通知").full_clean()
    assert "请先在“节假日与调休”中逐日录入2030年的放假日期" in str(exc.value)
    CalendarDay.objects.create(date=date(2030, 1, 1), kind="holiday", name="元旦", basis="通知")
    HolidayYear(year=2030, notice="通知").full_clean()
    HolidayYear(year=2025, notice="通知").full_clean()  # the package already has 2025


def test_admin_pages(client, editor):
    client.force_login(editor)
    CalendarDay.objects.create(date=date(2025, 10, 9), kind="holiday", name="台风停工", basis="通告")
    page = client.get(reverse("admin:calendar_calendarday_changelist")).content.decode()
    assert "台风停工" in page and "星期四" in page
    assert client.get(reverse("admin:calendar_calendarday_add")).status_code == 200
    assert client.get(reverse("admin:calendar_holidayyear_changelist")).status_code == 200


def test_admin_add_changes_results_and_is_attributed(client, editor):
    client.force_login(editor)
    assert service.add(date(2025, 9, 1), 30, "calendar_day") == date(2025, 10, 9)
    response = client.post(reverse("admin:calendar_calendarday_add"), {
        "date": "2025-10-09", "kind": "holiday", "name": "台风停工", "basis": "市政府通告"})
    assert response.status_code == 302, response.content.decode()
    assert service.add(date(2025, 9, 1), 30, "calendar_day") == date(2025, 10, 10)
    event = AuditEvent.objects.get(object_type="calendar.calendarday", action="create")
    assert event.actor_id == editor.pk


def test_admin_bulk_delete_is_audited(client, editor):
    client.force_login(editor)
    a = CalendarDay.objects.create(date=date(2025, 10, 9), kind="holiday", basis="通告")
    b = CalendarDay.objects.create(date=date(2025, 10, 10), kind="holiday", basis="通告")
    response = client.post(reverse("admin:calendar_calendarday_changelist"), {
        "action": "delete_selected", "_selected_action": [a.pk, b.pk], "post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert AuditEvent.objects.filter(object_type="calendar.calendarday", action="delete").count() == 2
