from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.assessment import services
from fazhi.assessment.models import Evidence, Indicator, IndicatorSystem, ScoreEntry

from .conftest import D, documents, entry, participant, pdf

pytestmark = pytest.mark.django_db


def test_office_creates_a_system_and_indicators_in_the_browser(tree, client_as):
    client = client_as(tree.city_coordinator)
    response = client.post(reverse("assessment:system_create"), {
        "unit": tree.city_justice.pk, "title": "2026年度部门考核", "year": 2026, "total_points": "100",
        "categories": ["department"]})
    system = IndicatorSystem.objects.get(title="2026年度部门考核")
    assert response.status_code == 302 and response["Location"] == system.get_absolute_url()
    url = reverse("assessment:indicator_create", args=[system.pk])
    response = client.post(url, {"system": system.pk, "name": "报备率", "points": "60", "position": 1,
                                 "method": "computed", "figure_key": "rulemaking.nope", "rule": "比例"})
    assert response.status_code == 200
    assert "数据指标代码“rulemaking.nope”不存在" in response.content.decode()
    assert not Indicator.objects.exists()
    client.post(url, {"system": system.pk, "name": "报备率", "points": "60", "position": 1,
                      "method": "computed", "figure_key": "rulemaking.filing.rate", "rule": "线性 80-100"})
    page = client.get(system.get_absolute_url()).content.decode()
    assert "报备率" in page and "一级指标分值合计60分，与总分100分不符。" in page


def test_system_form_requires_a_category(tree, client_as):
    response = client_as(tree.city_coordinator).post(reverse("assessment:system_create"), {
        "unit": tree.city_justice.pk, "title": "无类别", "year": 2026, "total_points": "100"})
    assert "请至少选择一个被考核单位类别。" in response.content.decode()
    assert not IndicatorSystem.objects.exists()


def test_other_county_leader_and_anonymous(tree, client, client_as, system, open_round):
    sheet_a = participant(open_round, tree.gov_a)
    urls = (system.get_absolute_url(), open_round.get_absolute_url(), sheet_a.get_absolute_url(),
            reverse("assessment:round_ranking", args=[open_round.pk]))
    for url in urls:
        assert client.get(url).status_code == 302
    for url in urls:
        assert client_as(tree.outsider).get(url).status_code == 404
    # County A sees its own sheet, not county B's.
    assert client_as(tree.coordinator_a).get(sheet_a.get_absolute_url()).status_code == 200
    assert client_as(tree.coordinator_a).get(participant(open_round, tree.gov_b).get_absolute_url()).status_code == 404
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    response = client_as(tree.leader_a).post(reverse("assessment:entry_evidence", args=[e.pk]), {"file": pdf()})
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_evidence_upload_after_the_deadline_shows_a_chinese_error(tree, client_as, open_round, today):
    today(D(2025, 12, 11))
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("assessment:entry_evidence", args=[e.pk]), {"file": pdf()}, follow=True)
    assert "自评及材料提交已于2025-12-10截止" in response.content.decode()
    assert not Evidence.objects.exists()


def test_sheet_ranking_and_indicator_view(tree, client_as, open_round, django_assert_max_num_queries):
    documents(tree, tree.dept_a, filed=1, unfiled=1)
    client = client_as(tree.city_coordinator)
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    client.post(reverse("assessment:entry_evidence", args=[e.pk]), {"file": pdf()})
    assert Evidence.objects.count() == 1
    with django_assert_max_num_queries(30):
        page = client.get(participant(open_round, tree.gov_a).get_absolute_url()).content.decode()
    assert "50.00%（1/2）" in page and "年度报告.pdf" in page
    assert "/figures/rulemaking.filing.rate/records/?" in page
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    client.post(reverse("assessment:entry_score", args=[e.pk]), {"score": "25", "comment": "基本齐全"})
    e.refresh_from_db()
    assert e.score == Decimal(25)
    with django_assert_max_num_queries(30):
        ranking = client.get(reverse("assessment:round_ranking", args=[open_round.pk])).content.decode()
    assert "东城区人民政府" in ranking and "45.00" in ranking
    page = client.get(reverse("assessment:round_indicators", args=[open_round.pk])).content.decode()
    assert "规范性文件报备率" in page


def test_lists_and_export(tree, client_as, open_round, django_assert_max_num_queries):
    client = client_as(tree.city_coordinator)
    for name in ("assessment:system_list", "assessment:round_list", "assessment:sheet_list"):
        with django_assert_max_num_queries(15):
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert client.get(reverse(name) + "?export=xlsx")["Content-Type"].startswith("application/vnd.openxml")
    assert "东城区人民政府" in client_as(tree.coordinator_a).get(reverse("assessment:sheet_list")).content.decode()


def test_api_sheet_and_score(tree, client_as, open_round):
    p = participant(open_round, tree.gov_a)
    client = client_as(tree.coordinator_a)
    data = client.get(f"/api/v1/assessment/sheets/{p.pk}").json()
    assert data["unit"] == "东城区人民政府" and len(data["entries"]) == 3
    assert client_as(tree.outsider).get(f"/api/v1/assessment/sheets/{p.pk}").status_code == 404
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    response = client_as(tree.coordinator_a).post(f"/api/v1/assessment/entries/{e.pk}/self",
                                                  {"self_score": "31"}, content_type="application/json")
    assert response.status_code == 422
    assert "自评得分应在0至30分之间" in response.json()["detail"] or any(
        "自评得分应在0至30分之间" in item["message"] for item in response.json()["errors"])
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    response = client_as(tree.city_coordinator).post(f"/api/v1/assessment/entries/{e.pk}/score",
                                                     {"score": "20", "comment": "好"}, content_type="application/json")
    assert response.status_code == 200
    assert [x["final_score"] for x in response.json()["entries"] if x["id"] == e.pk] == ["20.00"] or [
        x["final_score"] for x in response.json()["entries"] if x["id"] == e.pk] == [20.0]
    ranking = client_as(tree.city_coordinator).get(f"/api/v1/assessment/rounds/{open_round.pk}/ranking").json()
    assert [r["unit"] for r in ranking] == ["东城区人民政府", "西山县人民政府"]


def test_evidence_deadline_on_the_units_home_page(tree, client_as, open_round, today):
    today(D(2025, 12, 8))  # two working days left: due soon
    page = client_as(tree.coordinator_a).get(reverse("home")).content.decode()
    assert "考核自评及材料提交截止" in page
    assert "东城区人民政府" in page or "2025年度县（市、区）法治政府建设考核" in page


def test_request_evidence_and_objection_through_the_pages(tree, client_as, open_round, today):
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    p = participant(open_round, tree.gov_a)
    client = client_as(tree.coordinator_a)
    client.post(reverse("assessment:sheet_submit", args=[p.pk]))
    p.refresh_from_db()
    assert p.state == "submitted"
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    client = client_as(tree.city_coordinator)
    response = client.post(reverse("assessment:entry_request", args=[e.pk]), {"comment": ""}, follow=True)
    assert "请写明需要补充的材料。" in response.content.decode()
    client.post(reverse("assessment:entry_request", args=[e.pk]), {"comment": "请补充公开网页截图"})
    p.refresh_from_db()
    assert p.state == "self_assessing"
    for x in ScoreEntry.objects.filter(participant__round=open_round):
        services.score(actor=tree.city_coordinator, entry=x, score=Decimal(10))
    today(D(2025, 12, 15))
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="notify_results")
    client = client_as(tree.coordinator_a)
    client.post(reverse("assessment:objection_create", args=[p.pk]), {"reason": "年度报告已公开", "indicator": e.indicator_id})
    objection = p.objections.get()
    assert objection.indicator_id == e.indicator_id
    today(D(2025, 12, 23))
    response = client.post(reverse("assessment:objection_create", args=[p.pk]), {"reason": "再议"}, follow=True)
    assert "异议期已于2025-12-22届满" in response.content.decode()
    client = client_as(tree.city_coordinator)
    client.post(reverse("assessment:objection_reply", args=[objection.pk]), {"reply": "维持原评分"})
    objection.refresh_from_db()
    assert objection.reply == "维持原评分" and objection.replied_on == D(2025, 12, 23)


def test_round_detail_queries(tree, client_as, open_round, django_assert_max_num_queries):
    client = client_as(tree.city_coordinator)
    with django_assert_max_num_queries(40):
        page = client.get(open_round.get_absolute_url()).content.decode()
    assert "开始评审" in page and "西山县人民政府" in page
