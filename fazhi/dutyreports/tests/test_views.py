import datetime
import json

import pytest
from django.urls import reverse

from fazhi.dutyreports import services
from fazhi.dutyreports.models import Score
from fazhi.dutyreports.tests.conftest import step
from fazhi.figures.registry import compute

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(tree, make_report):
    report = step(tree.coordinator_a, make_report(), "submit")
    step(tree.coordinator_a, report, "comment", comment="东城张三同志述法实事求是。")
    services.add_score(actor=tree.reviewer_a, report=report, score=91)
    step(tree.coordinator_a, report, "close_scoring")
    return report


def test_list_counts_queries_filters_export(tree, make_report, client_as, django_assert_max_num_queries):
    for i in range(10):
        make_report(leader_name=f"东城领导{i}", mode="written" if i % 2 else "on_site")
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dutyreports:report_list"))
    assert response.status_code == 200 and "东城领导0" in response.content.decode()
    assert client.get(reverse("dutyreports:report_list"), {"mode": "written"}).context["page"].paginator.count == 5
    export = client.get(reverse("dutyreports:report_list"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("dutyreports:schedule_list")).status_code == 200


def test_detail_score_form_and_bad_score(tree, make_report, client_as):
    report = step(tree.coordinator_a, make_report(), "submit")
    client = client_as(tree.reviewer_a)
    body = client.get(report.get_absolute_url()).content.decode()
    assert "提交评分" in body
    response = client.post(reverse("dutyreports:score_add", args=[report.pk]), {"score": "120"}, follow=True)
    assert "评分应在0分至100分之间（现为120分）。" in response.content.decode()
    assert not Score.objects.exists()
    client.post(reverse("dutyreports:score_add", args=[report.pk]), {"score": "88", "comment": "好"})
    assert Score.objects.get().score == 88
    assert "提交评分" not in client.get(report.get_absolute_url()).content.decode()


def test_other_county_and_leader(tree, make_report, client_as):
    report = make_report()
    client = client_as(tree.outsider)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("dutyreports:report_record", args=[report.pk])).status_code == 404
    client = client_as(tree.leader_a)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("dutyreports:report_create")).status_code == 404
    assert client.post(reverse("dutyreports:score_add", args=[report.pk]), {"score": "80"}).status_code == 404


def test_public_results_show_grade_not_comment(tree, scored, client, client_as):
    assert "东城张三" not in client.get(reverse("dutyreports:public_results")).content.decode()
    step(tree.coordinator_a, scored, "publish")
    body = client.get(reverse("dutyreports:public_results")).content.decode()
    assert "东城张三" in body and "优秀" in body
    assert "实事求是" not in body and "91" not in body


def test_leader_record_gathers_findings_tasks_and_items(tree, make_report, client_as):
    from fazhi.inspections.models import Finding, RectificationItem
    from fazhi.tasks import services as tasks

    report = make_report()
    finding = Finding.objects.create(unit=tree.dept_a, category="enforcement", found_on=D(2025, 3, 5),
                                     description="东城执法公示不及时")
    Finding.objects.create(unit=tree.dept_a, category="enforcement", found_on=D(2024, 3, 5), description="去年的")
    Finding.objects.create(unit=tree.dept_b, category="enforcement", found_on=D(2025, 3, 5), description="西山的")
    RectificationItem.objects.create(finding=finding, requirement="东城逾期未销号", responsible_unit=tree.dept_a,
                                     responsible_leader="李四", issued_on=D(2025, 3, 20), due_on=D(2025, 5, 31),
                                     state="rectifying")
    RectificationItem.objects.create(finding=finding, requirement="按期销号", responsible_unit=tree.dept_a,
                                     responsible_leader="李四", issued_on=D(2025, 3, 20), due_on=D(2025, 5, 31),
                                     state="closed", closed_on=D(2025, 5, 1))
    plan = tasks.create_plan(actor=tree.coordinator_a, unit=tree.justice_a, kind="yearly",
                             title="东城区2025年工作要点", starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
    tasks.create_task(actor=tree.coordinator_a, plan=plan, title="东城逾期任务", lead_unit=tree.dept_a,
                      due_on=D(2025, 6, 30))
    tasks.create_task(actor=tree.coordinator_a, plan=plan, title="未到期任务", lead_unit=tree.dept_a,
                      due_on=D(2025, 12, 30))
    tasks.issue_plan(actor=tree.coordinator_a, plan=plan, on=D(2025, 2, 1))

    client = client_as(tree.coordinator_a)
    response = client.get(reverse("dutyreports:report_record", args=[report.pk]))
    record = response.context["record"]
    assert record.finding_count == 1 and record.findings_by_category[0]["n"] == 1
    assert [i.requirement for i in record.overdue_items] == ["东城逾期未销号"]
    assert [t.title for t in record.overdue_tasks] == ["东城逾期任务"]
    body = response.content.decode()
    assert "东城执法公示不及时" in body and "西山的" not in body


def test_api(tree, schedule_a, client_as):
    client = client_as(tree.coordinator_a)
    payload = {"schedule_id": schedule_a.pk, "leader_name": "东城王五", "leader_post": "街道党工委书记",
               "leader_unit_id": tree.street_a.pk, "mode": "written", "scheduled_on": "2025-11-25",
               "report_text": "述法报告"}
    response = client.post("/api/v1/dutyreports/reports", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    assert client.get("/api/v1/dutyreports/reports", {"mode": "written"}).json()["count"] == 1
    response = client.post(f"/api/v1/dutyreports/reports/{report_id}/scores", json.dumps({"score": 90}),
                           content_type="application/json")
    assert response.status_code == 422 and "当前状态" in response.json()["detail"]
    client = client_as(tree.outsider)
    assert client.get(f"/api/v1/dutyreports/reports/{report_id}").status_code == 404


def test_figures(tree, make_report, scored):
    written = step(tree.coordinator_a, make_report(leader_name="书面", mode="written"), "submit")
    step(tree.coordinator_a, written, "comment", comment="点评")
    services.add_score(actor=tree.reviewer_a, report=written, score=70)
    services.add_score(actor=tree.coordinator_a, report=written, score=75)
    step(tree.coordinator_a, written, "close_scoring")
    make_report(leader_name="未述法")

    def value(key):
        return compute(key, user=tree.coordinator_a, start=D(2025, 1, 1), end=D(2025, 12, 31)).value

    assert value("dutyreports.reports.held") == 2
    assert value("dutyreports.reports.on_site") == 1
    assert value("dutyreports.reports.written") == 1
    assert value("dutyreports.reports.commented") == 2
    assert value("dutyreports.reports.average_score") == 81.75  # (91 + 72.5) / 2
    # A year with no scored report has no average (not 0).
    empty = compute("dutyreports.reports.average_score", user=tree.coordinator_a, start=D(2024, 1, 1),
                    end=D(2024, 12, 31))
    assert empty.value is None and empty.display == "—（无数据）"


def test_upload_page(tree, make_report, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.dutyreports.tests.test_services import _docx

    report = make_report(report_text="")
    client = client_as(tree.coordinator_a)
    assert "上传述法报告" in client.get(report.get_absolute_url()).content.decode()
    response = client.post(reverse("dutyreports:report_upload", args=[report.pk]),
                           {"file": SimpleUploadedFile("r.docx", _docx("东城述法正文"))}, follow=True)
    assert "东城述法正文" in response.content.decode()
    response = client.post(reverse("dutyreports:report_upload", args=[report.pk]),
                           {"file": SimpleUploadedFile("r.doc", b"\xd0\xcf\x11\xe0old")}, follow=True)
    assert "请在Word中另存为.docx格式后再上传" in response.content.decode()
