"""Deadlines: due dates from the calendar, regional rules, status in SQL, home panels, the list page."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from fazhi.procedures import selectors, services
from fazhi.procedures.models import Deadline, DeadlineStatus, TimeLimitRule
from fazhi.procedures.tests.testapp.models import Widget

D = datetime.date


@pytest.fixture
def make_deadline(make_widget):
    def make(due_on, unit=None, stopped_on=None, key="widget.review", title=None):
        widget = make_widget(unit=unit, title=title or f"事项{due_on:%m%d}")
        deadline = Deadline(content_type=ContentType.objects.get_for_model(Widget), object_id=widget.pk,
                            record_repr=str(widget), unit=widget.unit, key=key, label="审核期限",
                            started_on=due_on - datetime.timedelta(days=10), due_on=due_on, n=5,
                            day_unit="working_day", basis="测试规则第三条", stopped_on=stopped_on)
        deadline.save()
        return deadline

    return make


def submit(tree, widget):
    return services.transition(actor=tree.officer_a if widget.unit_id == tree.dept_a.pk else tree.officer_b,
                               record=widget, name="submit")


def review_due(widget):
    return Deadline.objects.for_record(widget).get(key="widget.review").due_on


def test_working_days_across_the_national_day(tree, make_widget, today):
    widget = make_widget()
    submit(tree, widget)
    assert review_due(widget) == D(2025, 10, 14)  # 30 Sep + 5 working days, 1–8 Oct off, 11 Oct worked


def test_start_date_from_the_record(tree, make_widget, today):
    widget = make_widget(received_on=D(2025, 9, 1))
    submit(tree, widget)
    total = Deadline.objects.for_record(widget).get(key="widget.total")
    # 1 Sep + 30 days = 1 Oct, a holiday: the period ends on the next working day
    assert (total.started_on, total.due_on) == (D(2025, 9, 1), D(2025, 10, 9))


def test_region_override_applies_to_that_region_only(tree, make_widget, today):
    TimeLimitRule.objects.create(key="widget.review", label="审核期限（东城）", n=10, day_unit="working_day",
                                 basis="东城区规定第三条", region=tree.county_a)
    TimeLimitRule.objects.create(key="widget.review", label="审核期限（示范市）", n=8, day_unit="working_day",
                                 basis="示范市规定第三条", region=tree.city)
    a, b, street = make_widget(), make_widget(unit=tree.dept_b), make_widget(unit=tree.street_a)
    for widget in (a, b):
        submit(tree, widget)
    services.transition(actor=tree.admin, record=street, name="submit")
    assert review_due(a) == D(2025, 10, 21)  # the county rule: 10 working days
    assert review_due(street) == D(2025, 10, 21)  # a township of county A: the county rule still applies
    assert review_due(b) == D(2025, 10, 17)  # county B: the city rule, 8 working days
    deadline = Deadline.objects.for_record(a).get(key="widget.review")
    assert (deadline.n, deadline.basis, deadline.label, deadline.rule.region_id) == (
        10, "东城区规定第三条", "审核期限（东城）", "990102")


def test_without_rule_rows_the_declaration_applies(tree, make_widget, today, procedure):
    TimeLimitRule.objects.all().delete()
    resolved = selectors.resolve_limit(procedure.limit_map["widget.review"], unit=tree.dept_a)
    assert resolved.rule is None and resolved.time_limit.n == 5 and resolved.time_limit.basis == "测试规则第三条"


def test_status_is_annotated_in_sql(tree, make_deadline, today):
    day = today(D(2025, 10, 9))  # due soon: up to 13 Oct (10, 11 (worked Saturday), 13)
    rows = {
        "overdue": make_deadline(D(2025, 10, 8)),
        "today": make_deadline(day),
        "soon": make_deadline(D(2025, 10, 13)),
        "later": make_deadline(D(2025, 10, 14)),
        "stopped": make_deadline(D(2025, 10, 1), stopped_on=D(2025, 10, 2)),
    }
    qs = Deadline.objects.with_status()
    status = dict(qs.values_list("pk", "status"))
    assert {name: status[d.pk] for name, d in rows.items()} == {
        "overdue": "overdue", "today": "due_soon", "soon": "due_soon", "later": "on_time", "stopped": "stopped"}
    assert qs.filter(status=DeadlineStatus.OVERDUE).count() == 1
    assert set(qs.filter(status="due_soon").values_list("pk", flat=True)) == {rows["today"].pk, rows["soon"].pk}
    assert qs.get(pk=rows["stopped"].pk).is_late
    later = selectors.decorate([qs.get(pk=rows["later"].pk)], day)[0]
    assert (later.days_left, later.status_label) == (4, "正常")  # 10, 11, 13, 14 Oct
    assert selectors.decorate([qs.get(pk=rows["overdue"].pk)], day)[0].days_left == -1


def test_home_panel_shows_own_overdue_not_another_county(tree, make_deadline, today, client_as):
    today(D(2025, 10, 20))
    make_deadline(D(2025, 10, 14), title="东城逾期事项")
    make_deadline(D(2025, 10, 15), unit=tree.dept_b, title="西山逾期事项")
    make_deadline(D(2025, 12, 31), title="东城远期事项")
    context = selectors.home_context(tree.officer_a)
    assert [d.record_repr for d in context["deadline_items"]] == ["东城逾期事项"]
    assert (context["overdue_count"], context["due_soon_count"]) == (1, 0)
    html = render_to_string("procedures/_home_panels.html", context)
    assert "东城逾期事项" in html and "西山逾期事项" not in html and "已超期" in html
    assert [d.record_repr for d in selectors.home_context(tree.outsider)["deadline_items"]] == ["西山逾期事项"]
    assert selectors.home_context(tree.no_role)["deadline_items"] == []


def test_home_panel_survives_a_year_without_holiday_data(tree, make_deadline, today):
    today(D(2026, 12, 30))
    make_deadline(D(2026, 12, 31), title="年末事项")
    make_deadline(D(2027, 1, 4), title="跨年事项")
    context = selectors.home_context(tree.officer_a)
    assert "2027" in context["deadline_warning"]
    items = {d.record_repr: d for d in context["deadline_items"]}
    assert items["年末事项"].days_left == 1
    assert items["跨年事项"].days_left is None and "2027" in items["跨年事项"].calendar_warning
    html = render_to_string("procedures/_home_panels.html", context)
    assert "跨年事项" in html and "缺少2027年的节假日安排数据" in html


def test_home_panel_query_count_does_not_grow(tree, make_deadline, today, django_assert_max_num_queries):
    today(D(2025, 10, 20))
    for i in range(12):
        make_deadline(D(2025, 10, 1) + datetime.timedelta(days=i))
    selectors.home_context(tree.officer_a)  # warm the calendar snapshot
    with django_assert_max_num_queries(6):
        context = selectors.home_context(tree.officer_a)
        render_to_string("procedures/_home_panels.html", context)
    assert len(context["deadline_items"]) == 10 and context["overdue_count"] == 12
    assert all(d.record_url.startswith("/widgets/") for d in context["deadline_items"])


# ---- the list page ------------------------------------------------------------------------------


def test_deadline_list_filters_sorts_and_pages(tree, make_deadline, today, client_as):
    today(D(2025, 10, 9))
    make_deadline(D(2025, 10, 8), title="逾期甲")
    make_deadline(D(2025, 10, 13), title="将到期乙")
    make_deadline(D(2025, 10, 30), title="正常丙", unit=tree.justice_a)
    make_deadline(D(2025, 10, 1), title="西山丁", unit=tree.dept_b)
    client = client_as(tree.coordinator_a)
    url = reverse("procedures:deadlines")
    page = client.get(url).content.decode()
    assert page.index("逾期甲") < page.index("将到期乙") < page.index("正常丙") and "西山丁" not in page
    overdue = client.get(url, {"status": "overdue"}).content.decode()
    assert "逾期甲" in overdue and "将到期乙" not in overdue
    by_unit = client.get(url, {"unit": tree.justice_a.pk}).content.decode()
    assert "正常丙" in by_unit and "逾期甲" not in by_unit
    late_first = client.get(url, {"sort": "-due_on"}).content.decode()
    assert late_first.index("正常丙") < late_first.index("逾期甲")
    assert "逾期甲" not in client.get(url, {"key": "widget.total"}).content.decode()
    # a unit of another county is not a valid choice: an error next to the field, nothing leaks
    foreign = client.get(url, {"unit": tree.dept_b.pk}).content.decode()
    assert "西山丁" not in foreign and "errorlist" in foreign


def test_deadline_list_query_count_is_bounded(tree, make_deadline, today, client_as, django_assert_max_num_queries):
    today(D(2025, 10, 9))
    for i in range(30):
        make_deadline(D(2025, 10, 1) + datetime.timedelta(days=i))
    client = client_as(tree.officer_a)
    url = reverse("procedures:deadlines")
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count("/widgets/") == 30


def test_deadline_list_pages_in_the_database(tree, make_deadline, today, client_as):
    today(D(2025, 12, 31))
    for i in range(55):
        make_deadline(D(2025, 10, 1) + datetime.timedelta(days=i))
    client = client_as(tree.officer_a)
    first = client.get(reverse("procedures:deadlines"), {"status": "overdue"})
    assert first.context["page"].paginator.count == 55 and len(first.context["rows"]) == 50
    second = client.get(reverse("procedures:deadlines"), {"status": "overdue", "page": 2})
    assert len(second.context["rows"]) == 5


def test_deadline_export_xlsx(tree, make_deadline, today, client_as):
    from openpyxl import load_workbook

    today(D(2025, 10, 9))
    make_deadline(D(2025, 10, 8), title="逾期甲")
    make_deadline(D(2025, 10, 30), title="正常丙")
    make_deadline(D(2025, 10, 1), title="西山丁", unit=tree.dept_b)
    response = client_as(tree.officer_a).get(reverse("procedures:deadlines_export"), {"status": "overdue"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("承办单位", "事项", "期限")
    assert [r[1] for r in rows[1:]] == ["逾期甲"]
    assert rows[1][9] == "已超期" and rows[1][10] == -1


def test_deadline_pages_need_login(client):
    for name in ("procedures:deadlines", "procedures:deadlines_export", "procedures:notifications",
                 "procedures:rules"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- rules and commands ---------------------------------------------------------------------------


def test_rules_are_synced_after_migrate_and_by_the_command(tree):
    from fazhi.core.models import AuditEvent

    default = TimeLimitRule.objects.get(key="widget.review", region__isnull=True)
    assert (default.n, default.day_unit, default.basis) == (5, "working_day", "测试规则第三条")
    # seeded after migrate without audit events (a fresh database has an empty chain)
    assert not AuditEvent.objects.filter(object_type="procedures.timelimitrule").exists()
    default.n = 7
    default.save()
    out = io.StringIO()
    call_command("procedures", "sync", "--dry-run", stdout=out)
    assert "widget.review" in out.getvalue() and TimeLimitRule.objects.get(pk=default.pk).n == 7
    call_command("procedures", "sync", stdout=io.StringIO())
    assert TimeLimitRule.objects.get(pk=default.pk).n == 5
    reset = AuditEvent.objects.filter(object_type="procedures.timelimitrule", object_id=str(default.pk)).first()
    assert (reset.before["n"], reset.after["n"], reset.actor_label) == (7, 5, "system")
    TimeLimitRule.objects.filter(key="widget.total").delete()
    call_command("procedures", "sync", stdout=io.StringIO())
    assert TimeLimitRule.objects.filter(key="widget.total", region__isnull=True).exists()


def test_region_rules_survive_sync(tree):
    TimeLimitRule.objects.create(key="widget.review", label="审核期限", n=10, day_unit="working_day",
                                 basis="东城区规定", region=tree.county_a)
    report = services.sync_rules()
    assert report.updated == [] and TimeLimitRule.objects.get(region=tree.county_a).n == 10


def test_rule_key_must_be_declared(tree):
    from django.core.exceptions import ValidationError

    rule = TimeLimitRule(key="nothing.here", n=1, day_unit="working_day", basis="x", region=tree.county_a)
    with pytest.raises(ValidationError, match="没有声明"):
        rule.full_clean()


def test_rules_page_lists_defaults_and_overrides(tree, client_as):
    TimeLimitRule.objects.create(key="widget.review", label="审核期限", n=10, day_unit="working_day",
                                 basis="东城区规定第三条", region=tree.county_a, note="东政发〔2025〕1号")
    html = client_as(tree.officer_b).get(reverse("procedures:rules")).content.decode()
    for text in ("审核期限", "widget.review", "5个工作日", "测试规则第三条", "东城区", "10个工作日",
                 "东城区规定第三条", "东政发〔2025〕1号", "测试流程", "30日"):
        assert text in html


def test_deadlines_command(tree, make_deadline, today):
    today(D(2025, 10, 9))
    make_deadline(D(2025, 10, 8))
    make_deadline(D(2025, 10, 13))
    make_deadline(D(2025, 10, 1), unit=tree.dept_b)
    make_deadline(D(2025, 10, 30))
    out = io.StringIO()
    call_command("deadlines", stdout=out)
    lines = out.getvalue().splitlines()
    assert "990102\t1\t1\t东城区市场监督管理局" in lines
    assert "990103\t1\t0\t西山县市场监督管理局" in lines
    assert lines[-1] == "合计\t2\t1"


def test_procedures_list_command(db):
    out = io.StringIO()
    call_command("procedures", "list", stdout=out)
    text = out.getvalue()
    assert "procedures_testapp.Widget  测试流程" in text
    assert "submit：提交审核（draft/returned → review）" in text
    assert "期限 widget.review：审核期限 5个工作日（测试规则第三条）" in text


def test_rule_admin(tree, client):
    client.force_login(tree.admin)
    default = TimeLimitRule.objects.get(key="widget.review", region__isnull=True)
    changelist = client.get(reverse("admin:procedures_timelimitrule_changelist")).content.decode()
    assert "审核期限" in changelist and "测试规则第三条" in changelist
    # a default row follows the declaration: its legal values are read-only here
    change = client.get(reverse("admin:procedures_timelimitrule_change", args=[default.pk])).content.decode()
    assert 'name="n"' not in change and 'name="note"' in change
    add = reverse("admin:procedures_timelimitrule_add")
    values = {"key": "widget.review", "label": "", "n": "10", "day_unit": "working_day", "basis": "东城区规定第三条"}
    response = client.post(add, values)
    assert response.status_code == 200 and "请选择适用区划" in response.content.decode()
    response = client.post(add, {**values, "region": tree.county_a.pk})
    assert response.status_code == 302
    rule = TimeLimitRule.objects.get(region=tree.county_a)
    assert (rule.label, rule.n) == ("审核期限", 10)
