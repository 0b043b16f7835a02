import datetime
import json

import pytest
from django.urls import reverse

from fazhi.meetings.models import Decision, Meeting, Topic

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(tree, make_meeting):
    return make_meeting(topics=[{"title": "听取东城区法治政府建设情况汇报"}],
                        decisions=[{"text": "东城区制定督察方案", "responsible_unit": tree.justice_a,
                                    "due_on": D(2025, 4, 30)}])


def test_list_filters_exports_and_counts_queries(tree, make_meeting, client_as, django_assert_max_num_queries):
    for i in range(12):
        make_meeting(title=f"东城区协调小组会议{i}", kind="coordination_group",
                     topics=[{"title": "议题", "rule_of_law": i % 2 == 0}])
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:meeting_list"))
    assert response.status_code == 200 and "东城区协调小组会议0" in response.content.decode()
    response = client.get(reverse("meetings:meeting_list"), {"rule_of_law": "true"})
    assert response.context["page"].paginator.count == 6
    response = client.get(reverse("meetings:meeting_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_detail_and_other_county(tree, meeting, client_as):
    client = client_as(tree.coordinator_a)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "听取东城区法治政府建设情况汇报" in body and "东城区制定督察方案" in body
    client = client_as(tree.outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:decision_detail", args=[meeting.decisions.get().pk])).status_code == 404


def test_create_meeting_form(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("meetings:meeting_create"), {
        "unit": tree.justice_a.pk, "kind": "office", "title": "东城区依法治区办第二次会议", "held_on": "2025-05-06",
        "place": "区司法局会议室", "chair": "王主任", "attendees": "各成员单位分管负责人",
        "attendee_users": [tree.officer_a.pk, tree.reviewer_a.pk]})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert set(meeting.attendee_users.all()) == {tree.officer_a, tree.reviewer_a}
    from fazhi.core.models import AuditEvent

    event = AuditEvent.objects.filter(object_type="meetings.meeting").order_by("-pk").first()
    assert event.after == {"attendee_users": sorted([tree.officer_a.pk, tree.reviewer_a.pk])}
    # a user of another county is not offered, and not accepted
    response = client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), {
        "unit": tree.justice_a.pk, "kind": "office", "title": "东城区依法治区办第二次会议", "held_on": "2025-05-06",
        "attendee_users": [tree.officer_b.pk]})
    assert response.status_code == 200 and meeting.attendee_users.count() == 2


def test_decision_form_bad_date_shows_chinese_error(tree, meeting, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("meetings:decision_add", args=[meeting.pk]), {
        "text": "整改", "responsible_unit": tree.dept_a.pk, "due_on": "2025-01-01"})
    assert response.status_code == 200
    assert "完成时限（2025-01-01）不得早于会议日期（2025-03-10）。" in response.content.decode()
    assert Decision.objects.count() == 1


def test_topic_add_and_delete(tree, meeting, client_as):
    client = client_as(tree.coordinator_a)
    client.post(reverse("meetings:topic_add", args=[meeting.pk]), {"title": "审议法治建设规划", "rule_of_law": "on"})
    assert meeting.topics.count() == 2
    topic = meeting.topics.last()
    client.post(reverse("meetings:topic_delete", args=[topic.pk]))
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_leader_reads_but_cannot_write(tree, meeting, client_as):
    client = client_as(tree.leader_a)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:meeting_create")).status_code == 404
    assert client.post(reverse("meetings:topic_add", args=[meeting.pk]), {"title": "x"}).status_code == 404


def test_anonymous_redirected(client, meeting):
    response = client.get(reverse("meetings:meeting_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_api_create_list_detail_and_errors(tree, client_as):
    client = client_as(tree.coordinator_a)
    payload = {"unit_id": tree.justice_a.pk, "kind": "committee", "title": "东城区委依法治区委员会第四次会议",
               "held_on": "2025-06-01", "topics": [{"title": "审议年度工作要点", "rule_of_law": True}],
               "decisions": [{"text": "东城区各部门报送履职情况", "responsible_unit_id": tree.dept_a.pk,
                              "due_on": "2025-07-01"}]}
    response = client.post("/api/v1/meetings/meetings", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["topics"][0]["title"] == "审议年度工作要点" and data["decisions"][0]["task_id"] is None
    listed = client.get("/api/v1/meetings/meetings", {"kind": "committee"}).json()
    assert listed["count"] == 1
    bad = dict(payload, decisions=[{"text": "x", "responsible_unit_id": tree.dept_a.pk, "due_on": "2025-05-01"}])
    response = client.post("/api/v1/meetings/meetings", json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "完成时限（2025-05-01）不得早于会议日期（2025-06-01）。"
    assert Meeting.objects.count() == 1
    client = client_as(tree.outsider)
    assert client.get(f"/api/v1/meetings/meetings/{data['id']}").status_code == 404


def test_decision_list_query_count(tree, make_meeting, client_as, django_assert_max_num_queries):
    for i in range(8):
        make_meeting(title=f"东城区会议{i}", decisions=[{"text": f"东城决定{i}", "responsible_unit": tree.dept_a,
                                                       "due_on": D(2025, 6, 1)}])
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:decision_list"))
    assert "东城决定0" in response.content.decode()
    assert client.get(reverse("meetings:decision_list"), {"tasked": "false"}).context["page"].paginator.count == 8
    # the responsible unit's officer sees the decisions charged to it
    assert client_as(tree.officer_a).get(reverse("meetings:decision_list")).context["page"].paginator.count == 8
