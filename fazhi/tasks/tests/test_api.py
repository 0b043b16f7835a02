"""API: scoping, filters, create with Chinese 422s, progress and the office's steps."""

import pytest

from fazhi.tasks.models import ProgressReport, Task

from .conftest import D, report

BASE = "/api/v1/tasks"
pytestmark = pytest.mark.django_db


def test_anonymous_gets_401(client):
    assert client.get(BASE + "/tasks").status_code == 401
    assert client.post(BASE + "/tasks", {}, content_type="application/json").status_code == 401


def test_lists_are_scoped_and_filtered(tree, client_as, issued, plan_a, today):
    body = client_as(tree.coordinator_a).get(BASE + "/tasks").json()
    assert body["count"] == 1 and body["items"][0]["lead_unit"] == tree.dept_a.name
    assert body["items"][0]["cooperating_unit_ids"] == [tree.street_a.pk]
    assert client_as(tree.coordinator_a).get(BASE + "/tasks", {"state": "done"}).json()["count"] == 0
    today(D(2026, 10, 9))
    assert client_as(tree.coordinator_a).get(BASE + "/tasks", {"urgency": "overdue"}).json()["count"] == 1
    assert client_as(tree.outsider).get(BASE + "/tasks").json()["count"] == 0
    assert client_as(tree.outsider).get(f"{BASE}/tasks/{issued.pk}").status_code == 404
    assert client_as(tree.outsider).get(f"{BASE}/plans/{plan_a.pk}").status_code == 404
    assert client_as(tree.officer_a).get(f"{BASE}/plans/{plan_a.pk}").json()["state"] == "issued"
    assert client_as(tree.coordinator_a).get(BASE + "/tasks", {"urgency": "x"}).status_code == 422


def test_create_task(tree, client_as, plan_a, measure_a):
    payload = {"plan_id": plan_a.pk, "measure_id": measure_a.pk, "title": "推行行政执法三项制度",
               "lead_unit_id": tree.dept_a.pk, "cooperating_unit_ids": [tree.street_a.pk], "due_on": "2026-07-31"}
    response = client_as(tree.coordinator_a).post(BASE + "/tasks", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "draft"
    bad = dict(payload, due_on="2025-07-31")
    response = client_as(tree.coordinator_a).post(BASE + "/tasks", bad, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "due_on"
    assert "不得早于计划起始日期" in response.json()["errors"][0]["message"]
    response = client_as(tree.coordinator_a).post(BASE + "/tasks", dict(payload, lead_unit_id=None),
                                                  content_type="application/json")
    assert response.status_code == 422 and "牵头单位" in response.json()["detail"]
    for user in (tree.outsider, tree.officer_a, tree.leader_a):
        assert client_as(user).post(BASE + "/tasks", payload, content_type="application/json").status_code == 404
    assert Task.objects.count() == 1


def test_progress_accept_and_steps(tree, client_as, issued):
    client = client_as(tree.officer_a)
    response = client.post(f"{BASE}/tasks/{issued.pk}/progress", {"percent": 101, "text": "x"},
                           content_type="application/json")
    assert response.status_code == 422 and "0至100" in response.json()["detail"]
    response = client.post(f"{BASE}/tasks/{issued.pk}/progress", {"percent": 100, "text": "已完成"},
                           content_type="application/json")
    assert response.status_code == 201
    rid = response.json()["id"]
    assert client.post(f"{BASE}/progress/{rid}/accept", {}, content_type="application/json").status_code == 422
    assert client_as(tree.outsider).post(f"{BASE}/progress/{rid}/accept", {},
                                         content_type="application/json").status_code == 404
    client = client_as(tree.coordinator_a)
    response = client.post(f"{BASE}/progress/{rid}/return", {}, content_type="application/json")
    assert response.status_code == 422 and "办理意见" in response.json()["detail"]
    assert client.post(f"{BASE}/progress/{rid}/accept", {"comment": "同意"},
                       content_type="application/json").json()["status"] == "accepted"
    client = client_as(tree.officer_a)
    assert client.post(f"{BASE}/tasks/{issued.pk}/transitions", {"name": "submit"},
                       content_type="application/json").json()["state"] == "submitted"
    client = client_as(tree.coordinator_a)
    body = client.post(f"{BASE}/tasks/{issued.pk}/transitions", {"name": "accept", "on": "2026-06-12"},
                       content_type="application/json").json()
    assert body["state"] == "done" and body["completed_on"] == "2026-06-12"
    assert client.get(f"{BASE}/tasks/{issued.pk}/progress").json()["count"] == 1
    assert ProgressReport.objects.count() == 1
    _ = report
