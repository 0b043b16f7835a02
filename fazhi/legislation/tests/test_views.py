"""Staff pages: scoping, filters, sorting, paging, export, forms, the transition panel; no N+1."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.legislation import services
from fazhi.legislation.models import (
    ContactPoint,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PostLegislativeEvaluation,
)

from .conftest import advance

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def many(tree, plan_a, plan_b, make_project, point_a, point_b):
    """30 county-A records of every kind (6 projects open for comment), one county-B project."""
    projects = [make_project(title=f"东城区办法{i:02d}", category="preparatory" if i % 3 == 0 else "formal")
                for i in range(30)]
    for project in projects[:6]:
        advance(tree.officer_a, project, "start_drafting", "open_consultation", on=D(2025, 6, 1))
    services.create_project(actor=tree.outsider, plan=plan_b, title="西山县办法", responsible_unit=tree.dept_b)
    for i in range(30):
        services.create_opinion(actor=tree.coordinator_a, project=projects[i % 6], contact_point=point_a,
                                received_on=D(2025, 6, 2), content=f"东城意见{i:02d}", submitter=f"东城居民{i}")
        services.create_point(actor=tree.coordinator_a, kind="collection", name=f"东城采集点{i:02d}",
                              host_unit=tree.street_a, parent=point_a, collector_count=3)
        services.create_plan(actor=tree.coordinator_a, unit=tree.gov_a, year=1990 + i, kind="rule",
                             title=f"东城区{1990 + i}年度立法工作计划")
        services.create_evaluation(actor=tree.coordinator_a, title=f"东城区办法{i:02d}",
                                   evaluating_unit=tree.justice_a, started_on=D(2025, 3, 1))
    return projects


LISTS = ["plan_list", "project_list", "point_list", "opinion_list", "evaluation_list"]


@pytest.mark.parametrize("name", LISTS)
def test_lists_without_n_plus_1(tree, client_as, many, name, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"legislation:{name}"), {"sort": "-pk"})
    assert response.status_code == 200
    assert "西山" not in response.content.decode()


def test_project_list_filters_sorts_and_pages(tree, client_as, many):
    client = client_as(tree.coordinator_a)
    url = reverse("legislation:project_list")
    page = client.get(url, {"sort": "title"}).content.decode()
    assert "共 30 条" in page and "东城区办法00" in page and "东城区办法29" not in page  # 25 a page
    page = client.get(url, {"sort": "title", "page": 2}).content.decode()
    assert "东城区办法29" in page and "东城区办法00" not in page
    page = client.get(url, {"status": "consultation"}).content.decode()
    assert "共 6 条" in page
    page = client.get(url, {"category": "preparatory"}).content.decode()
    assert "共 10 条" in page
    assert "共 30 条" in client.get(url, {"year": 2025}).content.decode()
    assert "共 0 条" in client.get(url, {"year": 2024}).content.decode()
    assert "共 30 条" in client.get(url, {"responsible_unit": tree.dept_a.pk}).content.decode()
    assert "共 0 条" in client.get(url, {"responsible_unit": tree.street_a.pk}).content.decode()
    # A unit outside the user's scope is not a valid choice: the filter is refused, nothing leaks.
    assert "西山县办法" not in client.get(url, {"responsible_unit": tree.dept_b.pk}).content.decode()


def test_export_opens_as_xlsx(tree, client_as, many):
    response = client_as(tree.coordinator_a).get(reverse("legislation:project_list"),
                                                 {"export": "xlsx", "status": "consultation"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("项目名称", "计划年度", "项目类别")
    assert len(rows) == 7 and {r[5] for r in rows[1:]} == {"征求意见"}
    response = client_as(tree.outsider).get(reverse("legislation:opinion_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 1  # the header only: county A's opinions are not county B's


def test_anonymous_redirected_to_login(client, plan_a):
    for url in (reverse("legislation:project_list"), reverse("legislation:plan_detail", args=[plan_a.pk]),
                reverse("legislation:opinion_create")):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_other_county_gets_404_on_details_and_edits(tree, client_as, many, make_opinion):
    project, point = many[0], ContactPoint.objects.get(name="东城街道基层立法联系点")
    plan = LegislativePlan.objects.get(year=2025, unit=tree.gov_a)
    opinion = Opinion.objects.first()
    evaluation = PostLegislativeEvaluation.objects.first()
    client = client_as(tree.outsider)
    for name, pk in [("plan_detail", plan.pk), ("plan_edit", plan.pk), ("project_detail", project.pk),
                     ("project_edit", project.pk), ("point_detail", point.pk), ("point_edit", point.pk),
                     ("opinion_detail", opinion.pk), ("opinion_edit", opinion.pk),
                     ("evaluation_detail", evaluation.pk), ("evaluation_edit", evaluation.pk)]:
        assert client.get(reverse(f"legislation:{name}", args=[pk])).status_code == 404, name
    assert client_as(tree.coordinator_a).get(project.get_absolute_url()).status_code == 200


def test_leader_reads_but_cannot_write(tree, client_as, many):
    project = many[0]
    leader = client_as(tree.leader_a)
    assert leader.get(project.get_absolute_url()).status_code == 200
    for name in ("plan_create", "project_create", "point_create", "opinion_create", "evaluation_create"):
        assert leader.get(reverse(f"legislation:{name}")).status_code == 404, name
        assert leader.post(reverse(f"legislation:{name}"), {"title": "x"}).status_code == 404, name
    assert leader.post(reverse("legislation:project_edit", args=[project.pk]), {"title": "改"}).status_code == 404
    assert LegislativeProject.objects.get(pk=project.pk).title == "东城区办法00"
    page = leader.get(project.get_absolute_url()).content.decode()
    assert "formaction=" not in page  # no transition buttons for a read-only role


def test_project_detail_has_the_transition_panel_and_opinions(tree, client_as, many):
    drafting = many[0]
    page = client_as(tree.officer_a).get(drafting.get_absolute_url()).content.decode()
    assert "提请审查（审议）" in page and "办理记录" in page and "东城意见" in page
    page = client_as(tree.coordinator_a).get(many[10].get_absolute_url()).content.decode()
    assert "启动起草" in page


def test_project_form_chinese_errors_then_saves(tree, client_as, plan_a):
    client = client_as(tree.coordinator_a)
    url = reverse("legislation:project_create")
    data = {"plan": plan_a.pk, "title": "东城区公园管理办法", "category": "formal", "kind": "rule",
            "responsible_unit": tree.dept_a.pk, "approved_on": "2025-06-01"}
    page = client.post(url, data).content.decode()
    assert "政府规章无须报请批准" in page and not LegislativeProject.objects.exists()
    data["approved_on"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    project = LegislativeProject.objects.get()
    assert response["Location"] == project.get_absolute_url() and project.responsible_unit == tree.dept_a
    assert client.get(url, {"plan": plan_a.pk}).status_code == 200


def test_opinion_form_chinese_errors(tree, client_as, open_project, point_a):
    client = client_as(tree.coordinator_a)
    url = reverse("legislation:opinion_create")
    data = {"project": open_project.pk, "contact_point": point_a.pk, "received_on": "2025-12-05", "content": " ",
            "adoption": "partly"}
    page = client.post(url, data).content.decode()
    assert "请填写意见内容" in page and "收集日期不得晚于今天" in page
    data.update(received_on="2025-06-05", content="建议增加夜间停车规定。", adoption="pending")
    assert client.post(url, data).status_code == 302
    assert Opinion.objects.get().content == "建议增加夜间停车规定。"


def test_plan_point_and_evaluation_forms(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("legislation:plan_create"), {
        "unit": tree.gov_a.pk, "year": 2026, "kind": "rule", "title": "东城区人民政府2026年度立法工作计划"})
    assert response.status_code == 302
    response = client.post(reverse("legislation:point_create"), {
        "kind": "contact", "name": "东城街道联系点", "host_unit": tree.street_a.pk, "host_type": "township",
        "region": tree.county_b.code, "staff_count": 3, "collector_count": 2, "active": "on"})
    assert "区划代码不存在或不在您的职责范围内" in response.content.decode()
    response = client.post(reverse("legislation:point_create"), {
        "kind": "contact", "name": "东城街道联系点", "host_unit": tree.street_a.pk, "host_type": "township",
        "region": "", "staff_count": 3, "collector_count": 2, "active": "on"})
    assert response.status_code == 302 and ContactPoint.objects.get().region_id == tree.township_a.code
    page = client.post(reverse("legislation:evaluation_create"), {
        "title": "东城区绿化办法", "evaluating_unit": tree.justice_a.pk, "method": "third_party",
        "started_on": "2025-03-01"}).content.decode()
    assert "须填写第三方评估机构" in page


def test_public_pages_show_only_public_fields(client, tree, plan_a, make_project, make_opinion, point_a):
    make_opinion(submitter="张三丰", content="秘密意见内容")
    make_project(title="东城区公园管理办法")
    services.create_plan(actor=tree.coordinator_a, unit=tree.gov_a, year=2025, kind="regulation",
                         title="东城区未通过的计划")  # not approved: not public
    services.create_point(actor=tree.coordinator_a, kind="contact", name="东城停用联系点", host_unit=tree.street_a,
                          active=False)
    page = client.get(reverse("legislation:public_plan")).content.decode()
    assert "东城区人民政府2025年度立法工作计划" in page and "东城区公园管理办法" in page and "征求意见" in page
    assert "东城区未通过的计划" not in page
    assert "张三丰" not in page and "秘密意见内容" not in page
    page = client.get(reverse("legislation:public_contact_points")).content.decode()
    assert "东城街道基层立法联系点" in page and "东城区人民路1号" in page and "0999-1234567" in page
    assert "东城停用联系点" not in page and "张三丰" not in page and "秘密意见内容" not in page
    assert client.post(reverse("legislation:public_plan")).status_code == 405


def test_public_plan_by_year(client, tree, plan_a):
    services.create_plan(actor=tree.coordinator_a, unit=tree.gov_a, year=2024, kind="rule",
                         title="东城区人民政府2024年度立法工作计划", approved_on=D(2024, 2, 1))
    page = client.get(reverse("legislation:public_plan")).content.decode()
    assert "2025年度立法工作计划" in page and "2024年度立法工作计划" not in page
    page = client.get(reverse("legislation:public_plan"), {"year": 2024}).content.decode()
    assert "2024年度立法工作计划" in page and "2025年度立法工作计划" not in page
