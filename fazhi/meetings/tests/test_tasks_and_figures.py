"""Decisions turned into tasks (fazhi.tasks) and the figures on hand-checked data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.figures.registry import compute
from fazhi.meetings import services
from fazhi.meetings.models import Decision

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tree):
    from fazhi.tasks import services as tasks

    return tasks.create_plan(actor=tree.coordinator_a, unit=tree.justice_a, kind="yearly",
                             title="东城区2025年法治政府建设工作要点", starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))


def test_decision_becomes_a_task(tree, make_meeting, plan):
    meeting = make_meeting(decisions=[{"text": "东城区开展行政执法案卷评查", "responsible_unit": tree.dept_a,
                                       "due_on": D(2025, 9, 30)}])
    decision = meeting.decisions.get()
    task = services.make_task(actor=tree.coordinator_a, decision=decision, plan=plan, deliverable="评查报告")
    decision.refresh_from_db()
    assert decision.task == task
    assert (task.plan, task.lead_unit, task.due_on) == (plan, tree.dept_a, D(2025, 9, 30))
    assert task.title == "东城区开展行政执法案卷评查" and meeting.title in task.source
    with pytest.raises(ValidationError) as exc:
        services.make_task(actor=tree.coordinator_a, decision=decision, plan=plan)
    assert exc.value.messages == ["该决定事项已转为任务。"]
    with pytest.raises(ValidationError):  # a tasked decision is changed through its task
        services.delete_decision(actor=tree.coordinator_a, decision=decision)


def test_decision_without_due_date_cannot_become_a_task(tree, make_meeting, plan):
    decision = make_meeting(decisions=[{"text": "研究", "responsible_unit": tree.dept_a}]).decisions.get()
    with pytest.raises(ValidationError) as exc:
        services.make_task(actor=tree.coordinator_a, decision=decision, plan=plan)
    assert exc.value.message_dict["due_on"] == ["转为任务前，请先填写决定事项的完成时限。"]
    assert Decision.objects.get().task is None


def test_other_county_cannot_task_a_decision(tree, make_meeting, plan):
    decision = make_meeting(decisions=[{"text": "x", "responsible_unit": tree.dept_a,
                                        "due_on": D(2025, 5, 1)}]).decisions.get()
    for user in (tree.outsider, tree.leader_a, tree.officer_a):
        with pytest.raises(Http404):
            services.make_task(actor=user, decision=decision, plan=plan)


def test_task_page_from_decision(tree, make_meeting, plan, client_as):
    decision = make_meeting(decisions=[{"text": "东城区评查", "responsible_unit": tree.dept_a,
                                        "due_on": D(2025, 9, 30)}]).decisions.get()
    client = client_as(tree.coordinator_a)
    assert "纳入的任务分解方案" in client.get(decision.get_absolute_url()).content.decode()
    response = client.post(f"/meetings/decisions/{decision.pk}/task/", {"plan": plan.pk})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.task_id is not None


def test_figures(tree, make_meeting, plan):
    make_meeting(kind="committee", held_on=D(2025, 2, 1),
                 topics=[{"title": "a", "rule_of_law": True}, {"title": "b", "rule_of_law": False}],
                 decisions=[{"text": "d1", "responsible_unit": tree.dept_a, "due_on": D(2025, 6, 1)},
                            {"text": "d2", "responsible_unit": tree.dept_a}])
    make_meeting(kind="party_standing", title="东城区委常委会会议", held_on=D(2025, 4, 1),
                 topics=[{"title": "c", "rule_of_law": True}])
    make_meeting(kind="office", title="东城去年会议", held_on=D(2024, 12, 30))
    services.make_task(actor=tree.coordinator_a, decision=Decision.objects.get(text="d1"), plan=plan)

    def value(key, user=tree.coordinator_a):
        return compute(key, user=user, start=D(2025, 1, 1), end=D(2025, 12, 31))

    assert value("meetings.meetings.total").value == 2
    assert value("meetings.meetings.kind.party_standing").value == 1
    assert value("meetings.topics.total").value == 3
    assert value("meetings.topics.rule_of_law").value == 2
    assert value("meetings.topics.rule_of_law.party_standing").value == 1
    assert value("meetings.decisions.total").value == 2
    assert value("meetings.decisions.tasked").value == 1
    rate = value("meetings.decisions.tasked_rate")
    assert (rate.numerator, rate.denominator) == (1, 2)
    assert value("meetings.meetings.total", user=tree.outsider).value == 0


def test_api_decision_task(tree, make_meeting, plan, client_as):
    import json

    decision = make_meeting(decisions=[{"text": "东城区评查", "responsible_unit": tree.dept_a,
                                        "due_on": D(2025, 9, 30)}]).decisions.get()
    client = client_as(tree.outsider)
    url = f"/api/v1/meetings/decisions/{decision.pk}/task"
    assert client.post(url, json.dumps({"plan_id": plan.pk}), content_type="application/json").status_code == 404
    client = client_as(tree.coordinator_a)
    response = client.post(url, json.dumps({"plan_id": plan.pk}), content_type="application/json")
    assert response.status_code == 201 and response.json()["task_id"] is not None
    response = client.post(url, json.dumps({"plan_id": plan.pk}), content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"] == "该决定事项已转为任务。"
