"""Staff pages: lists (filters, sort, paging, export, no N+1), plan detail, forms, progress, transitions."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.procedures.models import Attachment
from fazhi.tasks import services
from fazhi.tasks.models import Measure, Plan, ProgressReport, Task

from .conftest import D, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(tree, plan_a, measure_a, make_task, plan_b):
    """30 county-A tasks over 3 measures (10 due in June), one county-B task; the plan issued."""
    measures = [measure_a] + [services.create_measure(actor=tree.coordinator_a, plan=plan_a, title=f"措施{i}")
                              for i in (2, 3)]
    tasks = [make_task(title=f"东城任务{i:02d}", measure=measures[i % 3], due_on=D(2026, 6 if i < 10 else 9, 20),
                       responsible_leader="王副区长" if i % 2 else "李副区长",
                       cooperating_units=[tree.street_a, tree.justice_a]) for i in range(30)]
    services.issue_plan(actor=tree.coordinator_a, plan=plan_a, on=D(2026, 2, 1))
    services.create_task(actor=tree.outsider, plan=plan_b, title="西山任务", lead_unit=tree.dept_b,
                         due_on=D(2026, 6, 1))
    return tasks


@pytest.mark.parametrize("name", ["plan_list", "task_list"])
def test_lists_without_n_plus_1(tree, client_as, many, name, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"tasks:{name}"), {"sort": "-pk"})
    assert response.status_code == 200
    assert "西山" not in response.content.decode()


def test_task_list_filters_sorts_pages(tree, client_as, many, today):
    client = client_as(tree.coordinator_a)
    url = reverse("tasks:task_list")
    page = client.get(url, {"sort": "title"}).content.decode()
    assert "共 30 条" in page and "东城任务00" in page and "东城任务29" not in page
    assert "东城任务29" in client.get(url, {"sort": "title", "page": 2}).content.decode()
    assert "共 10 条" in client.get(url, {"measure": many[0].measure_id}).content.decode()
    assert "共 15 条" in client.get(url, {"leader": "王副"}).content.decode()
    assert "共 30 条" in client.get(url, {"lead_unit": tree.dept_a.pk}).content.decode()
    assert "共 30 条" in client.get(url, {"unit": tree.street_a.pk}).content.decode()
    assert "共 30 条" in client.get(url, {"state": "assigned"}).content.decode()
    today(D(2026, 6, 17))
    assert "共 10 条" in client.get(url, {"urgency": "due_soon"}).content.decode()
    assert "共 0 条" in client.get(url, {"urgency": "overdue"}).content.decode()
    today(D(2026, 6, 22))
    assert "共 10 条" in client.get(url, {"urgency": "overdue"}).content.decode()
    assert "共 10 条" in client.get(url, {"urgency": "urgent"}).content.decode()
    assert "西山任务" not in client.get(url, {"lead_unit": tree.dept_b.pk}).content.decode()


def test_department_sees_its_tasks_only(tree, client_as, many):
    page = client_as(tree.officer_a).get(reverse("tasks:task_list")).content.decode()
    assert "共 30 条" in page
    page = client_as(tree.officer_b).get(reverse("tasks:task_list")).content.decode()
    assert "共 1 条" in page and "西山任务" in page and "东城" not in page


def test_export_opens_as_xlsx(tree, client_as, many):
    response = client_as(tree.coordinator_a).get(reverse("tasks:task_list"), {"export": "xlsx",
                                                                              "measure": many[0].measure_id})
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("序号", "任务名称", "工作计划") and len(rows) == 11


def test_plan_detail_shows_measures_counts(tree, client_as, many, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("tasks:plan_detail", args=[many[0].plan_id])).content.decode()
    assert "深入推进依法行政" in page and "措施3" in page and "东城任务29" in page
    assert "10 项任务" in page
    assert client_as(tree.outsider).get(reverse("tasks:plan_detail", args=[many[0].plan_id])).status_code == 404


def test_office_creates_plan_measure_task_through_forms(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("tasks:plan_create"), {
        "title": "东城区2026年法治政府建设工作要点", "kind": "yearly", "unit": tree.justice_a.pk,
        "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.region_id == tree.county_a.code
    client.post(reverse("tasks:measure_create"), {"plan": plan.pk, "title": "健全依法决策机制"})
    measure = Measure.objects.get()
    assert measure.number == 1
    data = {"plan": plan.pk, "measure": measure.pk, "title": "制定重大行政决策事项目录", "lead_unit": tree.dept_a.pk,
            "cooperating": "东城街道办事处、东城区司法局", "responsible_leader": "王副区长", "due_on": "2026-03-31",
            "deliverable": "目录"}
    response = client.post(reverse("tasks:task_create"), data)
    task = Task.objects.get()
    assert response.status_code == 302 and task.number == 1
    assert set(task.cooperating_units.all()) == {tree.street_a, tree.justice_a}
    # Bad input: Chinese messages next to the fields, nothing saved.
    bad = dict(data, title="第二项", due_on="2025-03-31", lead_unit="", cooperating="不存在的局")
    page = client.post(reverse("tasks:task_create"), bad).content.decode()
    assert "请选择牵头单位" in page and "找不到单位“不存在的局”" in page
    bad = dict(data, title="第二项", due_on="2025-03-31")
    page = client.post(reverse("tasks:task_create"), bad).content.decode()
    assert "不得早于计划起始日期" in page
    assert Task.objects.count() == 1


def test_progress_page_and_office_review(tree, client_as, issued):
    client = client_as(tree.officer_a)
    url = reverse("tasks:progress_submit", args=[issued.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {"percent": "120", "text": "x"}).content.decode()
    assert "完成进度应为0至100之间的整数" in page
    evidence = SimpleUploadedFile("印发通知.pdf", b"%PDF-1.4")
    response = client.post(url, {"percent": "60", "text": "已起草", "files": [evidence]})
    assert response.status_code == 302
    rep = ProgressReport.objects.get()
    assert Attachment.objects.filter(object_id=rep.pk, kind="evidence").count() == 1
    page = client.get(reverse("tasks:task_detail", args=[issued.pk])).content.decode()
    assert "推进中" in page and "已起草" in page and "剩余" in page
    # The office accepts through the engine's transition view.
    client = client_as(tree.coordinator_a)
    ct = ContentType.objects.get_for_model(ProgressReport).pk
    response = client.post(reverse("procedures:transition", args=[ct, rep.pk, "accept"]), {"comment": "同意"})
    assert response.status_code == 302
    rep.refresh_from_db()
    issued.refresh_from_db()
    assert rep.status == "accepted" and issued.progress == 60


def test_department_cannot_open_office_pages(tree, client_as, issued):
    client = client_as(tree.officer_a)
    assert client.get(reverse("tasks:task_edit", args=[issued.pk])).status_code == 404
    assert client.get(reverse("tasks:plan_create")).status_code == 404
    assert client.post(reverse("tasks:task_extend", args=[issued.pk]),
                       {"due_on": "2026-10-31", "reason": "x"}).status_code == 404
    leader = client_as(tree.leader_a)
    assert leader.get(reverse("tasks:task_detail", args=[issued.pk])).status_code == 200
    assert leader.post(reverse("tasks:progress_submit", args=[issued.pk]), {"percent": 5, "text": "x"}).status_code == 404
    assert not ProgressReport.objects.exists()


def test_extend_form(tree, client_as, issued):
    client = client_as(tree.coordinator_a)
    url = reverse("tasks:task_extend", args=[issued.pk])
    page = client.post(url, {"due_on": "2027-02-01", "reason": "延期"}).content.decode()
    assert "不得晚于计划截止日期" in page
    assert client.post(url, {"due_on": "2026-10-31", "reason": "延期"}).status_code == 302
    issued.refresh_from_db()
    assert issued.due_on == D(2026, 10, 31)


def test_home_page_shows_the_task_deadline(tree, client_as, issued, today):
    today(D(2026, 10, 9))
    page = client_as(tree.officer_a).get(reverse("home")).content.decode()
    assert issued.title in page
    _ = report


def test_measure_edit_and_overdue_badge(tree, client_as, issued, today):
    client = client_as(tree.coordinator_a)
    url = reverse("tasks:measure_edit", args=[issued.measure_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"plan": issued.plan_id, "number": 1, "title": "深入推进依法行政（调整）"})
    assert response.status_code == 302
    assert Measure.objects.get().title == "深入推进依法行政（调整）"
    assert client_as(tree.officer_a).get(url).status_code == 404
    today(D(2026, 10, 9))
    page = client_as(tree.officer_a).get(reverse("tasks:task_detail", args=[issued.pk])).content.decode()
    assert "status-overdue" in page and "已超期" in page and "超期 2 个工作日" in page  # 1–7 October is the National Day holiday


def test_task_detail_and_api_list_query_counts(tree, client_as, many, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    report(tree.officer_a, many[0], percent=30)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("tasks:task_detail", args=[many[0].pk])).status_code == 200
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/tasks/tasks", {"page": 1}).json()
    assert body["count"] == 30
