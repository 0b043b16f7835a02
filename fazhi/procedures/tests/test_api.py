"""/api/v1/procedures/: deadlines, notifications, rules, transitions."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from fazhi.procedures.models import Deadline, Notification
from fazhi.procedures.tests.testapp.models import Widget

API = "/api/v1/procedures"
D = datetime.date


@pytest.fixture
def deadline_for(make_widget):
    def make(due_on, unit=None, title="事项"):
        widget = make_widget(unit=unit, title=title)
        row = Deadline(content_type=ContentType.objects.get_for_model(Widget), object_id=widget.pk,
                       record_repr=title, unit=widget.unit, key="widget.review", label="审核期限",
                       started_on=D(2025, 9, 1), due_on=due_on, n=5, day_unit="working_day", basis="测试规则第三条")
        row.save()
        return row

    return make


def test_deadlines_paginated_filtered_and_scoped(tree, deadline_for, today, client_as):
    today(D(2025, 10, 9))
    deadline_for(D(2025, 10, 8), title="逾期甲")
    deadline_for(D(2025, 10, 14), title="正常乙")
    deadline_for(D(2025, 10, 1), unit=tree.dept_b, title="西山丙")
    client = client_as(tree.officer_a)
    body = client.get(f"{API}/deadlines").json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["record"], first["status"], first["status_label"], first["working_days_left"]) == (
        "逾期甲", "overdue", "已超期", -1)
    assert first["record_id"] == Deadline.objects.get(record_repr="逾期甲").object_id
    assert first["record_type"] == "procedures_testapp.widget" and first["unit"] == "东城区市场监督管理局"
    overdue = client.get(f"{API}/deadlines", {"status": "overdue"}).json()
    assert [d["record"] for d in overdue["items"]] == ["逾期甲"]
    assert [d["record"] for d in client_as(tree.outsider).get(f"{API}/deadlines").json()["items"]] == ["西山丙"]


def test_deadlines_bad_filters_answer_422_in_chinese(tree, client_as):
    client = client_as(tree.officer_a)
    response = client.get(f"{API}/deadlines", {"status": "late"})
    assert response.status_code == 422 and "不是允许的取值" in response.json()["detail"]
    response = client.get(f"{API}/deadlines", {"unit": tree.dept_b.pk})  # not a unit they can see
    assert response.status_code == 422 and "unit" in response.json()["detail"]


def test_api_needs_authentication(client):
    assert client.get(f"{API}/deadlines").status_code == 401
    assert client.get(f"{API}/notifications").status_code == 401


def test_notifications_and_mark_read(tree, client_as):
    mine = Notification.objects.create(user=tree.officer_a, text="事项甲已提交")
    theirs = Notification.objects.create(user=tree.outsider, text="西山的通知")
    client = client_as(tree.officer_a)
    assert [n["text"] for n in client.get(f"{API}/notifications").json()["items"]] == ["事项甲已提交"]
    response = client.post(f"{API}/notifications/{mine.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get(f"{API}/notifications", {"unread": "true"}).json()["count"] == 0
    assert client.post(f"{API}/notifications/{theirs.pk}/read").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_rules(tree, client_as):
    rules = client_as(tree.officer_a).get(f"{API}/rules").json()
    review = next(r for r in rules if r["key"] == "widget.review")
    assert (review["n"], review["day_unit"], review["basis"], review["region"]) == (
        5, "working_day", "测试规则第三条", None)


def test_transition_via_api(tree, make_widget, today, client_as):
    widget = make_widget(title="", amount=0)
    payload = {"record_type": "procedures_testapp.widget", "record_id": widget.pk, "transition": "submit"}
    response = client_as(tree.officer_a).post(f"{API}/transitions", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "缺少“标题”（测试规则第二条）；金额必须大于零（测试规则第一条）"
    widget.title, widget.amount = "有标题", 10
    widget.save()
    response = client_as(tree.officer_a).post(f"{API}/transitions", payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["to_state"] == "review"
    for user in (tree.outsider, tree.leader_a):
        assert client_as(user).post(f"{API}/transitions", {**payload, "transition": "approve"},
                                    content_type="application/json").status_code == 404
    unknown = {**payload, "record_type": "core.unit"}
    assert client_as(tree.admin).post(f"{API}/transitions", unknown,
                                      content_type="application/json").status_code == 404
