import datetime

import pytest

from fazhi.legislation.models import Opinion

D = datetime.date
pytestmark = pytest.mark.django_db
BASE = "/api/v1/legislation"


def test_anonymous_gets_401(client):
    for path in ("/projects", "/contact-points", "/opinions"):
        assert client.get(BASE + path).status_code == 401
    assert client.post(BASE + "/opinions", {}, content_type="application/json").status_code == 401


def test_projects_are_scoped_and_filtered(tree, client_as, open_project, make_project, plan_b):
    make_project(title="东城区预备办法", category="preparatory")
    body = client_as(tree.coordinator_a).get(BASE + "/projects").json()
    assert body["count"] == 2
    body = client_as(tree.coordinator_a).get(BASE + "/projects", {"status": "consultation"}).json()
    assert [p["title"] for p in body["items"]] == ["东城区停车场管理办法"]
    item = body["items"][0]
    assert item["status_label"] == "征求意见" and item["plan_year"] == 2025 and item["responsible_unit"] == "东城区市场监督管理局"
    assert client_as(tree.outsider).get(BASE + "/projects").json()["count"] == 0
    assert client_as(tree.outsider).get(f"{BASE}/projects/{open_project.pk}").status_code == 404
    assert client_as(tree.officer_a).get(f"{BASE}/projects/{open_project.pk}").json()["kind"] == "rule"
    response = client_as(tree.coordinator_a).get(BASE + "/projects", {"year": 0})
    assert response.status_code == 422 and "1949" in response.json()["detail"]


def test_contact_points_are_scoped(tree, client_as, point_a, point_b):
    body = client_as(tree.coordinator_a).get(BASE + "/contact-points").json()
    assert [p["name"] for p in body["items"]] == ["东城街道基层立法联系点"]
    assert body["items"][0]["region_code"] == tree.township_a.code and body["items"][0]["staff_count"] == 6
    assert client_as(tree.outsider).get(f"{BASE}/contact-points/{point_a.pk}").status_code == 404
    assert client_as(tree.outsider).get(f"{BASE}/contact-points/{point_b.pk}").status_code == 200
    assert client_as(tree.coordinator_a).get(BASE + "/contact-points", {"active": "false"}).json()["count"] == 0


def test_create_opinion_and_read_it(tree, client_as, open_project, point_a):
    payload = {"project_id": open_project.pk, "contact_point_id": point_a.pk, "received_on": "2025-06-10",
               "content": "建议增加夜间停车规定。", "submitter": "王某某（居民）"}
    response = client_as(tree.coordinator_a).post(BASE + "/opinions", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["adoption"] == "pending" and created["project"] == "东城区停车场管理办法"
    body = client_as(tree.coordinator_a).get(BASE + "/opinions").json()
    assert body["count"] == 1 and body["items"][0]["submitter"] == "王某某（居民）"
    assert client_as(tree.officer_a).get(f"{BASE}/opinions/{created['id']}").status_code == 200
    assert client_as(tree.outsider).get(f"{BASE}/opinions/{created['id']}").status_code == 404
    assert client_as(tree.outsider).get(BASE + "/opinions").json()["count"] == 0


def test_create_opinion_refusals(tree, client_as, open_project, point_a):
    payload = {"project_id": open_project.pk, "contact_point_id": point_a.pk, "received_on": "2025-12-31",
               "content": "  ", "adoption": "partly"}
    response = client_as(tree.coordinator_a).post(BASE + "/opinions", payload, content_type="application/json")
    detail = response.json()["detail"]
    assert response.status_code == 422
    assert "请填写意见内容" in detail and "收集日期不得晚于今天" in detail and "须填写反馈说明" in detail
    payload.update(received_on="2025-06-10", content="意见", adoption="maybe")
    response = client_as(tree.coordinator_a).post(BASE + "/opinions", payload, content_type="application/json")
    assert response.status_code == 422 and "不是允许的取值" in response.json()["detail"]
    payload["adoption"] = "pending"
    for user in (tree.outsider, tree.leader_a, tree.officer_a):
        response = client_as(user).post(BASE + "/opinions", payload, content_type="application/json")
        assert response.status_code == 404, user
    assert not Opinion.objects.exists()
