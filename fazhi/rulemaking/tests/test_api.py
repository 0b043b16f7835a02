import datetime

import pytest

from fazhi.procedures.services import transition
from fazhi.rulemaking import services

pytestmark = pytest.mark.django_db
URL = "/api/v1/rulemaking/documents"


def test_list_and_detail_are_scoped(tree, client_as, make_doc):
    a = make_doc(title="东城区甲办法")
    body = client_as(tree.coordinator_a).get(URL).json()
    assert body["count"] == 1 and body["items"][0]["title"] == "东城区甲办法"
    assert client_as(tree.outsider).get(URL).json()["count"] == 0
    assert client_as(tree.outsider).get(f"{URL}/{a.pk}").status_code == 404
    assert client_as(tree.coordinator_a).get(f"{URL}/{a.pk}").json()["validity_years"] == 5


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401


def test_create_with_chinese_error_and_leader_refused(tree, client_as, body):
    payload = {"title": "东城区暂行办法", "drafting_body_id": body.pk, "leading_unit_id": tree.dept_a.pk,
               "document_number": "东市监规2025-3"}
    response = client_as(tree.officer_a).post(URL, payload, content_type="application/json")
    assert response.status_code == 422 and "云府规〔2025〕3号" in response.json()["detail"]
    payload["document_number"] = "东市监规〔2025〕3号"
    assert client_as(tree.leader_a).post(URL, payload, content_type="application/json").status_code == 404
    response = client_as(tree.officer_a).post(URL, payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["validity_years"] == 2


def test_review_and_deliberation(tree, client_as, make_doc, monkeypatch):
    doc = make_doc()
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: datetime.date(2025, 8, 1))
    transition(actor=tree.officer_a, record=doc, name="open_comment")
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: datetime.date(2025, 8, 12))
    transition(actor=tree.officer_a, record=doc, name="close_comment")
    url = f"{URL}/{doc.pk}/reviews"
    response = client_as(tree.officer_a).post(url, {"outcome": "pass"}, content_type="application/json")
    assert response.status_code == 422 and "审核人员" in response.json()["detail"]
    response = client_as(tree.reviewer_a).post(url, {"outcome": "pass"}, content_type="application/json")
    assert response.status_code == 201
    transition(actor=tree.officer_a, record=doc, name="to_deliberation")
    response = client_as(tree.officer_a).post(
        f"{URL}/{doc.pk}/deliberations", {"meeting": "常务会议", "held_on": "2025-08-20", "outcome": "adopted"},
        content_type="application/json")
    assert response.status_code == 201 and doc.deliberations.count() == 1


def test_year_out_of_range_is_a_chinese_422(tree, client_as):
    response = client_as(tree.coordinator_a).get("/api/v1/rulemaking/documents?year=0")
    assert response.status_code == 422
    assert "1949" in response.json()["detail"]


def test_comments_evaluations_and_cleanups_through_the_api(tree, client_as, today, make_doc):

    from fazhi.core.access import SYSTEM
    from fazhi.core.audit import acting_as
    from fazhi.rulemaking.models import CleanupCampaign, CleanupItem

    doc = make_doc()
    today(datetime.date(2025, 8, 1))
    transition(actor=tree.officer_a, record=doc, name="open_comment")
    comment = services.submit_comment(document_id=doc.pk, content="建议", contact="13800000000")
    client = client_as(tree.officer_a)
    rows = client.get(f"/api/v1/rulemaking/documents/{doc.pk}/comments").json()["items"]
    assert [r["contact"] for r in rows] == ["13800000000"]
    assert client_as(tree.outsider).get(f"/api/v1/rulemaking/documents/{doc.pk}/comments").status_code == 404
    client = client_as(tree.officer_a)
    bad = client.post(f"/api/v1/rulemaking/comments/{comment.pk}", {"status": "rejected"}, content_type="application/json")
    assert bad.status_code == 422 and "须说明理由" in bad.json()["detail"]
    ok = client.post(f"/api/v1/rulemaking/comments/{comment.pk}", {"status": "published", "adoption": "adopted"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["adoption"] == "adopted"
    not_valid = client.post(f"/api/v1/rulemaking/documents/{doc.pk}/evaluations",
                            {"conclusion": "continue", "findings": "好"}, content_type="application/json")
    assert not_valid.status_code == 422 and "现行有效" in not_valid.json()["detail"]
    with acting_as(SYSTEM):
        campaign = CleanupCampaign(title="东城清理", unit=tree.gov_a, started_on=datetime.date(2025, 7, 1))
        campaign.save()
        CleanupItem(campaign=campaign, document=doc).save()
    client = client_as(tree.coordinator_a)
    assert [c["title"] for c in client.get("/api/v1/rulemaking/cleanups").json()["items"]] == ["东城清理"]
    assert len(client.get(f"/api/v1/rulemaking/cleanups/{campaign.pk}/items").json()["items"]) == 1
    assert client_as(tree.outsider).get("/api/v1/rulemaking/cleanups").json()["items"] == []
