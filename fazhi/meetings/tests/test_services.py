import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from fazhi.core.models import AuditEvent
from fazhi.meetings import services
from fazhi.meetings.models import Decision, Meeting, Topic
from fazhi.procedures.services import TransitionRefused, add_attachment

D = datetime.date
pytestmark = pytest.mark.django_db


def test_create_meeting_with_topics_and_decisions(tree, make_meeting):
    meeting = make_meeting(
        topics=[{"title": "听取2024年度法治政府建设情况汇报", "rule_of_law": True},
                {"title": "研究机关事务", "rule_of_law": False}],
        decisions=[{"text": "制定年度法治督察方案", "responsible_unit": tree.justice_a, "due_on": D(2025, 4, 30)}])
    assert [t.title for t in meeting.topics.all()] == ["听取2024年度法治政府建设情况汇报", "研究机关事务"]
    assert [t.position for t in meeting.topics.all()] == [1, 2]
    decision = meeting.decisions.get()
    assert decision.responsible_unit == tree.justice_a and decision.due_on == D(2025, 4, 30)
    assert meeting.state == "held"


def test_decision_due_before_meeting_is_refused_and_nothing_saved(tree, make_meeting):
    before = (Meeting.objects.count(), Topic.objects.count(), Decision.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        make_meeting(topics=[{"title": "法治议题"}],
                     decisions=[{"text": "整改", "responsible_unit": tree.dept_a, "due_on": D(2025, 3, 9)}])
    assert exc.value.message_dict["decisions[1].due_on"] == ["完成时限（2025-03-09）不得早于会议日期（2025-03-10）。"]
    after = (Meeting.objects.count(), Topic.objects.count(), Decision.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_add_decision_due_before_meeting(tree, make_meeting):
    meeting = make_meeting()
    with pytest.raises(ValidationError) as exc:
        services.add_decision(actor=tree.coordinator_a, meeting=meeting, text="整改", responsible_unit=tree.dept_a,
                              due_on=D(2025, 1, 1))
    assert "不得早于会议日期" in exc.value.message_dict["due_on"][0]
    assert not Decision.objects.exists()


def test_moving_meeting_after_its_decisions_due_is_refused(tree, make_meeting):
    meeting = make_meeting(decisions=[{"text": "整改", "responsible_unit": tree.dept_a, "due_on": D(2025, 4, 1)}])
    meeting.held_on = D(2025, 5, 1)
    with pytest.raises(ValidationError) as exc:
        services.save_meeting(actor=tree.coordinator_a, meeting=meeting)
    assert "2025-04-01" in exc.value.message_dict["held_on"][0]
    assert Meeting.objects.get().held_on == D(2025, 3, 10)


def test_future_meeting_and_blank_topic_refused(tree, make_meeting):
    with pytest.raises(ValidationError) as exc:
        make_meeting(held_on=D(2025, 12, 2))
    assert "不得晚于今天" in exc.value.message_dict["held_on"][0]
    meeting = make_meeting()
    with pytest.raises(ValidationError) as exc:
        services.add_topic(actor=tree.coordinator_a, meeting=meeting, title="  ")
    assert exc.value.message_dict["title"] == ["请填写议题。"]


def test_responsible_unit_outside_region_refused(tree, make_meeting):
    meeting = make_meeting()
    # county A's coordinator cannot even see county B's units
    with pytest.raises(Http404):
        services.add_decision(actor=tree.coordinator_a, meeting=meeting, text="x", responsible_unit=tree.dept_b)
    # the city coordinator sees them, but a county meeting cannot charge another county
    with pytest.raises(ValidationError) as exc:
        services.add_decision(actor=tree.city_coordinator, meeting=meeting, text="x", responsible_unit=tree.dept_b)
    assert "不在召集单位" in exc.value.message_dict["responsible_unit"][0]


def test_access(tree, make_meeting):
    meeting = make_meeting(decisions=[{"text": "整改", "responsible_unit": tree.dept_a, "due_on": D(2025, 4, 1)}])
    assert not Meeting.objects.visible_to(tree.outsider).exists()
    with pytest.raises(Http404):
        services.add_topic(actor=tree.outsider, meeting=meeting, title="x")
    with pytest.raises(Http404):
        services.add_topic(actor=tree.leader_a, meeting=meeting, title="x")
    with pytest.raises(Http404):  # a legal officer may not record meetings
        make_meeting(actor=tree.officer_a, unit=tree.dept_a)
    # the responsible unit's officer sees the decision charged to it, not the meeting
    assert Decision.objects.visible_to(tree.officer_a).count() == 1
    assert not Meeting.objects.visible_to(tree.officer_a).exists()
    assert Meeting.objects.visible_to(tree.leader_a).count() == 1


def test_issue_minutes_needs_the_minutes(tree, make_meeting):
    meeting = make_meeting()
    with pytest.raises(TransitionRefused) as exc:
        services.issue_minutes(actor=tree.coordinator_a, meeting=meeting)
    assert "会议纪要" in exc.value.reasons[0]
    add_attachment(actor=tree.coordinator_a, record=meeting, kind="minutes",
                   file=SimpleUploadedFile("纪要.pdf", b"%PDF-1.4"))
    services.issue_minutes(actor=tree.coordinator_a, meeting=meeting, on=D(2025, 3, 12))
    meeting.refresh_from_db()
    assert meeting.state == "minutes_issued"


def test_delete_topic_and_decision(tree, make_meeting):
    meeting = make_meeting(topics=[{"title": "法治议题"}],
                           decisions=[{"text": "整改", "responsible_unit": tree.dept_a}])
    services.delete_topic(actor=tree.coordinator_a, topic=meeting.topics.get())
    services.delete_decision(actor=tree.coordinator_a, decision=meeting.decisions.get())
    assert not Topic.objects.exists() and not Decision.objects.exists()
