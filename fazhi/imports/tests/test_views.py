"""Staff pages: list, template, upload (now or in the background), job page, my jobs; and who gets in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import AuditEvent, Unit
from fazhi.imports import jobs
from fazhi.imports.models import Job, JobStatus
from fazhi.imports.tests.conftest import UNIT_HEADERS, unit_rows, xlsx


def upload(client, kind, content, name="单位.xlsx"):
    return client.post(reverse("imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, content)})


def test_list_page_shows_the_kinds_the_user_may_import(tree, client_as):
    body = client_as(tree.coordinator_a).get(reverse("imports:list")).content.decode()
    assert "下载单位模板" in body and "下载工作人员模板" in body
    assert "下载行政区划模板" not in body  # regions are the administrators' business
    assert 'enctype="multipart/form-data"' in body
    assert "下载行政区划模板" in client_as(tree.admin).get(reverse("imports:list")).content.decode()


@pytest.mark.parametrize("who", ["officer_a", "reviewer_a"])
def test_roles_with_a_module_kind_see_only_that_kind(tree, client_as, who):
    """Legal officers and justice reviewers keep enforcement officers and items: they import those, and
    nothing of the tree, and never see a coordinator's jobs."""
    client = client_as(getattr(tree, who))
    job = jobs.enqueue(kind="import", actor=tree.coordinator_a, label="东城单位导入")
    before = Unit.objects.count()
    body = client.get(reverse("imports:list")).content.decode()
    assert "下载单位模板" not in body and "下载工作人员模板" not in body and "执法人员" in body
    assert client.get(reverse("imports:template") + "?kind=units").status_code == 404
    if who == "officer_a":  # a department's officer; the reviewer shares the coordinator's unit
        assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    refused = upload(client, "units", xlsx(UNIT_HEADERS, unit_rows(1)))
    assert "选择一个有效的选项" in refused.content.decode()
    assert Unit.objects.count() == before


@pytest.mark.parametrize("who", ["leader_a", "no_role"])
def test_other_roles_get_404_everywhere(tree, client_as, who):
    client = client_as(getattr(tree, who))
    job = jobs.enqueue(kind="import", actor=tree.coordinator_a, label="东城单位导入")
    before = Unit.objects.count()
    assert client.get(reverse("imports:list")).status_code == 404
    assert client.get(reverse("imports:jobs")).status_code == 404
    assert client.get(reverse("imports:template") + "?kind=units").status_code == 404
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert upload(client, "units", xlsx(UNIT_HEADERS, unit_rows(1))).status_code == 404
    assert Unit.objects.count() == before


def test_anonymous_is_sent_to_login(tree, client):
    for url in (reverse("imports:list"), reverse("imports:upload"), reverse("imports:jobs")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_template_download(tree, client_as):
    response = client_as(tree.coordinator_a).get(reverse("imports:template") + "?kind=units")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == UNIT_HEADERS
    # A coordinator may not import regions: no template either.
    assert client_as(tree.coordinator_a).get(reverse("imports:template") + "?kind=regions").status_code == 404


def test_small_upload_runs_at_once_and_shows_the_result(tree, client_as):
    client = client_as(tree.admin)
    events = AuditEvent.objects.count()
    response = upload(client, "units", xlsx(UNIT_HEADERS, unit_rows(4)))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.created_by == tree.admin
    body = client.get(response["Location"]).content.decode()
    assert "导入成功：4 行" in body and "hx-trigger" not in body
    assert Unit.objects.filter(name__startswith="东城测试单位").count() == 4
    assert AuditEvent.objects.count() == events + 4
    assert AuditEvent.objects.order_by("-id").first().actor_label == "admin"


def test_upload_with_errors_shows_them_and_offers_the_report(tree, client_as):
    client = client_as(tree.admin)
    rows = unit_rows(3)
    rows[2][2] = "政府单位"
    response = upload(client, "units", xlsx(UNIT_HEADERS, rows))
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    body = client.get(response["Location"]).content.decode()
    assert "导入失败：共 1 处错误，没有写入任何数据。" in body
    assert "<td class=\"num\">4</td><td>单位类型</td><td>“政府单位”不是允许的取值" in body
    assert not Unit.objects.filter(name__startswith="东城测试单位").exists()
    report = client.get(reverse("imports:job_errors", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(report.content)).active
    assert [c.value for c in sheet[2]][:2] == [4, "单位类型"]


def test_unreadable_file_is_reported_on_the_form(tree, client_as):
    response = upload(client_as(tree.admin), "units", b"just text", name="units.xlsx")
    assert response.status_code == 200
    body = response.content.decode()
    assert "不是有效的 Excel 工作簿" in body and 'class="errorlist' in body
    assert not Job.objects.exists()


def test_wrong_headers_are_reported_on_the_form(tree, client_as):
    response = upload(client_as(tree.admin), "units", xlsx(["名称", "类型"], [["甲", "乙"]]))
    assert "缺少必填列“单位名称”" in response.content.decode()


def test_big_upload_becomes_a_job_with_a_progress_bar(tree, client_as, settings):
    settings.FAZHI = {**settings.FAZHI, "IMPORT_BACKGROUND_ROWS": 20}
    client = client_as(tree.admin)
    response = upload(client, "units", xlsx(UNIT_HEADERS, unit_rows(60)))
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED and job.total == 60
    assert not Unit.objects.filter(name__startswith="东城测试单位").exists()
    page = client.get(response["Location"]).content.decode()
    progress_url = reverse("imports:job_progress", args=[job.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 1s"' in page
    assert '<progress id="job-progress" class="progress" max="60" value="0">' in page

    call_command("worker", "--once", verbosity=0)

    fragment = client.get(progress_url).content.decode()
    assert "100%" in fragment and "导入成功：60 行" in fragment
    assert "hx-trigger" not in fragment  # finished: the polling stops
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="job-progress" class="progress" max="60" value="60">' in page
    assert Unit.objects.filter(name__startswith="东城测试单位").count() == 60


def test_jobs_of_another_county_are_404(tree, client_as):
    job = jobs.enqueue(kind="import", actor=tree.coordinator_a, label="东城单位导入")
    client = client_as(tree.outsider)
    for name in ("imports:job", "imports:job_progress", "imports:job_errors"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert "东城" not in client.get(reverse("imports:jobs")).content.decode()
    assert client_as(tree.coordinator_a).get(reverse("imports:job", args=[job.pk])).status_code == 200


def test_my_jobs_page_has_no_n_plus_one(tree, client_as, django_assert_max_num_queries):
    for i in range(30):
        jobs.enqueue(kind="import", actor=tree.coordinator_a, label=f"导入 {i}")
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("imports:jobs")).content.decode()
    assert "导入 29" in body and "第 1 页，共 2 页" in body
    with django_assert_max_num_queries(12):
        client.get(reverse("imports:list"))
