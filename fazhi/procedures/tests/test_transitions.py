"""The transition service: checks, atomic writes, deadlines, notifications."""

import dataclasses
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404

from fazhi.core.models import AuditEvent
from fazhi.procedures import selectors, services
from fazhi.procedures.models import Deadline, Notification, TransitionLog
from fazhi.procedures.services import TransitionRefused
from fazhi.procedures.tests.testapp.models import Widget


def counts():
    return (TransitionLog.objects.count(), AuditEvent.objects.count(), Deadline.objects.count(),
            Notification.objects.count())


def refused(**kwargs):
    with pytest.raises(TransitionRefused) as info:
        services.transition(**kwargs)
    return info.value.reasons


def replace_step(monkeypatch, procedure, key, **changes):
    """Swap one declared transition for a changed copy, for this test only."""
    step = dataclasses.replace(procedure.transition_map[key], **changes)
    monkeypatch.setitem(procedure.transition_map, key, step)
    monkeypatch.setattr(procedure, "transitions", [step if t.key == key else t for t in procedure.transitions])
    return step


def test_submit_changes_state_and_writes_history_audit_and_deadlines(tree, make_widget, today):
    widget = make_widget()
    log = services.transition(actor=tree.officer_a, record=widget, name="submit", comment="请审核")
    assert widget.state == "review"
    assert Widget.objects.get(pk=widget.pk).state == "review"
    assert (log.transition, log.from_state, log.to_state, log.actor, log.comment) == (
        "submit", "draft", "review", tree.officer_a, "请审核")
    assert (log.transition_label, log.from_label, log.to_label, log.unit) == ("提交审核", "起草", "审核中", tree.dept_a)
    event = AuditEvent.objects.filter(action="transition").get()
    assert event.object_type == "procedures_testapp.widget" and event.object_id == str(widget.pk)
    assert event.before == {"state": "draft"}
    assert event.after == {"state": "review", "transition": "submit", "comment": "请审核"}
    assert event.actor_id == tree.officer_a.pk
    review, total = Deadline.objects.order_by("key")
    assert (review.key, review.started_on, review.due_on, review.unit) == (
        "widget.review", datetime.date(2025, 9, 30), datetime.date(2025, 10, 14), tree.dept_a)
    assert (review.n, review.day_unit, review.basis, review.started_by_transition) == (
        5, "working_day", "测试规则第三条", "submit")
    assert review.rule is not None and review.rule.region_id is None  # the synced default row
    assert (total.key, total.due_on) == ("widget.total", datetime.date(2025, 10, 30))
    assert list(selectors.history(widget)) == [log]


def test_every_missing_field_and_failing_gate_is_listed_with_its_rule(tree, make_widget, today):
    widget = make_widget(title="", amount=0)
    before = counts()
    reasons = refused(actor=tree.officer_a, record=widget, name="submit")
    assert reasons == ["缺少“标题”（测试规则第二条）", "金额必须大于零（测试规则第一条）"]
    assert Widget.objects.get(pk=widget.pk).state == "draft" and counts() == before

    widget.amount = 5000
    widget.save()
    assert refused(actor=tree.officer_a, record=widget, name="submit") == [
        "缺少“标题”（测试规则第二条）", "金额不得超过一千（测试规则第六条）"]


def test_refusal_is_a_validation_error_with_the_reasons_as_messages(tree, make_widget, today):
    widget = make_widget(title="", amount=0)
    with pytest.raises(TransitionRefused) as info:
        services.transition(actor=tree.officer_a, record=widget, name="submit")
    assert info.value.messages == info.value.reasons and len(info.value.messages) == 2


def test_permission_is_required(tree, make_widget, today):
    widget = make_widget()
    # enforcer_a sees (and may edit) the widget but is not a legal officer
    assert refused(actor=tree.enforcer_a, record=widget, name="submit") == [
        "您无权执行“提交审核”：须由部门法制员办理，且记录在其职责范围内"]
    # the leader sees it read-only
    assert refused(actor=tree.leader_a, record=widget, name="submit")[0].startswith("您无权执行“提交审核”")
    assert Widget.objects.get(pk=widget.pk).state == "draft"


@pytest.mark.parametrize("who", ["officer_b", "outsider", "no_role"])
def test_who_cannot_see_the_record_gets_404(tree, make_widget, today, who):
    widget = make_widget()
    with pytest.raises(Http404):
        services.transition(actor=getattr(tree, who), record=widget, name="submit")


def test_anonymous_gets_404(tree, make_widget, today):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        services.transition(actor=AnonymousUser(), record=make_widget(), name="submit")


def test_wrong_state_and_unknown_step(tree, make_widget, today):
    widget = make_widget()
    assert refused(actor=tree.reviewer_a, record=widget, name="approve") == [
        "当前状态为“起草”，不能执行“通过”（仅限“审核中”状态）"]
    assert "没有名为“fly”的办理操作" in refused(actor=tree.officer_a, record=widget, name="fly")[0]


def test_state_is_checked_on_the_locked_row_not_a_stale_instance(tree, make_widget, today):
    widget = make_widget()
    stale = Widget.objects.get(pk=widget.pk)
    services.transition(actor=tree.officer_a, record=widget, name="submit")
    assert stale.state == "draft"
    assert refused(actor=tree.officer_a, record=stale, name="submit") == [
        "当前状态为“审核中”，不能执行“提交审核”（仅限“起草”、“已退回”状态）"]
    assert TransitionLog.objects.count() == 1 and Deadline.objects.filter(key="widget.review").count() == 1


def test_required_attachment_effect_and_stop(tree, make_widget, today):
    widget = make_widget()
    services.transition(actor=tree.officer_a, record=widget, name="submit")
    assert refused(actor=tree.reviewer_a, record=widget, name="approve") == [
        "缺少附件“审核意见书”（测试规则第五条）"]
    services.add_attachment(actor=tree.reviewer_a, record=widget, kind="opinion",
                            file=SimpleUploadedFile("意见书.pdf", b"%PDF-1.4 test"))
    today(datetime.date(2025, 10, 9))
    services.transition(actor=tree.reviewer_a, record=widget, name="approve",
                        data={"decided_on": datetime.date(2025, 10, 9)})
    widget.refresh_from_db()
    assert widget.state == "done" and widget.decided_on == datetime.date(2025, 10, 9)
    assert not Deadline.objects.running().exists()
    stopped = Deadline.objects.get(key="widget.review")
    assert (stopped.stopped_on, stopped.stopped_by_transition) == (datetime.date(2025, 10, 9), "approve")
    assert TransitionLog.objects.get(transition="approve").data == {"decided_on": "2025-10-09"}


def test_comment_required_and_restart_on_resubmission(tree, make_widget, today):
    widget = make_widget()
    services.transition(actor=tree.officer_a, record=widget, name="submit")
    assert refused(actor=tree.reviewer_a, record=widget, name="return") == [
        "请填写办理意见：“退回”须说明理由"]
    today(datetime.date(2025, 10, 9))
    services.transition(actor=tree.reviewer_a, record=widget, name="return", comment="金额依据不足")
    assert not Deadline.objects.running().filter(key="widget.review").exists()
    today(datetime.date(2025, 10, 10))
    services.transition(actor=tree.officer_a, record=widget, name="submit")
    rows = list(Deadline.objects.filter(key="widget.review").order_by("pk"))
    assert [(d.started_on, d.stopped_on) for d in rows] == [
        (datetime.date(2025, 9, 30), datetime.date(2025, 10, 9)), (datetime.date(2025, 10, 10), None)]
    # widget.total was never stopped: starting it again restarts it (one running row per key)
    totals = list(Deadline.objects.filter(key="widget.total").order_by("pk"))
    assert [d.stopped_by_transition for d in totals] == ["submit", ""]


def test_a_failing_recipient_rolls_everything_back(tree, make_widget, today, monkeypatch, procedure):
    def broken(record):
        raise RuntimeError("recipient lookup failed")

    replace_step(monkeypatch, procedure, "submit", notify=broken)
    widget = make_widget()
    before = counts()
    with pytest.raises(RuntimeError):
        services.transition(actor=tree.officer_a, record=widget, name="submit")
    assert Widget.objects.get(pk=widget.pk).state == "draft"
    assert counts() == before


def test_a_failing_gate_or_effect_rolls_everything_back(tree, make_widget, today, monkeypatch, procedure):
    def boom(record, **kwargs):
        raise ValueError("effect failed")

    replace_step(monkeypatch, procedure, "submit", effect=boom)
    widget = make_widget()
    before = counts()
    with pytest.raises(ValueError):
        services.transition(actor=tree.officer_a, record=widget, name="submit")
    assert Widget.objects.get(pk=widget.pk).state == "draft" and counts() == before


def test_notifications_are_sent_only_after_commit(tree, make_widget, today, django_capture_on_commit_callbacks):
    widget = make_widget()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.transition(actor=tree.officer_a, record=widget, name="submit")
        assert Notification.objects.count() == 0
    assert len(callbacks) == 1
    callbacks[0]()
    # default recipients: writers of the record's unit, without the actor (no_role holds no role)
    note = Notification.objects.get()
    assert note.user == tree.enforcer_a
    assert "提交审核" in note.text and "东城法制员" in note.text and note.url == widget.get_absolute_url()


def test_no_notification_when_the_surrounding_transaction_rolls_back(
        tree, make_widget, today, django_capture_on_commit_callbacks):
    widget = make_widget()
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        services.transition(actor=tree.officer_a, record=widget, name="submit")
        raise RuntimeError("later step failed")
    assert callbacks == [] and Notification.objects.count() == 0
    assert Widget.objects.get(pk=widget.pk).state == "draft"


def test_declared_recipients(tree, make_widget, today, monkeypatch, procedure,
                             django_capture_on_commit_callbacks):
    replace_step(monkeypatch, procedure, "submit",
                 notify=lambda record: [tree.reviewer_a, tree.officer_a, tree.reviewer_a])
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(actor=tree.officer_a, record=make_widget(), name="submit")
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["reviewer_a"]


def test_available_transitions_say_why_not(tree, make_widget, today):
    widget = make_widget(title="")
    [submit] = selectors.available_transitions(tree.officer_a, widget)
    assert (submit.key, submit.allowed, submit.reasons) == ("submit", False, ["缺少“标题”（测试规则第二条）"])
    widget.title = "有标题"
    widget.save()
    assert selectors.available_transitions(tree.officer_a, widget)[0].allowed
    services.transition(actor=tree.officer_a, record=widget, name="submit")
    options = {o.key: o for o in selectors.available_transitions(tree.reviewer_a, widget)}
    assert options["return"].allowed  # the comment is asked for when the step is taken
    assert options["approve"].reasons == ["缺少附件“审核意见书”（测试规则第五条）"]
    leader = {o.key: o for o in selectors.available_transitions(tree.leader_a, widget)}
    assert not leader["return"].allowed and "无权" in leader["return"].reasons[0]


def test_missing_holiday_data_refuses_with_the_year(tree, make_widget, today):
    today(datetime.date(2026, 12, 28))
    widget = make_widget()
    reasons = refused(actor=tree.officer_a, record=widget, name="submit")
    assert [r.split("：")[0] for r in reasons] == ["无法计算“审核期限”（测试规则第三条）",
                                                 "无法计算“办理总期限”（测试规则第四条）"]
    assert all("缺少2027年的节假日安排数据" in r for r in reasons)
    assert Widget.objects.get(pk=widget.pk).state == "draft"


def test_attachment_kind_must_be_declared_and_record_changeable(tree, make_widget):
    from django.core.exceptions import ValidationError

    widget = make_widget()
    with pytest.raises(ValidationError, match="不适用"):
        services.add_attachment(actor=tree.officer_a, record=widget, kind="photo",
                                file=SimpleUploadedFile("a.txt", b"x"))
    with pytest.raises(Http404):
        services.add_attachment(actor=tree.leader_a, record=widget, kind="opinion",
                                file=SimpleUploadedFile("a.txt", b"x"))


def test_stop_deadline_outside_a_step(tree, make_widget, today):
    widget = make_widget()
    services.transition(actor=tree.officer_a, record=widget, name="submit")
    with pytest.raises(Http404):
        services.stop_deadline(actor=tree.outsider, record=widget, key="widget.review")
    assert services.stop_deadline(actor=tree.officer_a, record=widget, key="widget.review",
                                  on=datetime.date(2025, 9, 29), by="evaluated")
    stopped = Deadline.objects.get(key="widget.review")
    assert (stopped.stopped_on, stopped.stopped_by_transition) == (datetime.date(2025, 9, 29), "evaluated")
    assert not services.stop_deadline(actor=tree.officer_a, record=widget, key="widget.review")
    assert Deadline.objects.get(key="widget.total").stopped_on is None


def test_start_deadline_outside_a_step(tree, make_widget, today):
    widget = make_widget()
    with pytest.raises(Http404):
        services.start_deadline(actor=tree.outsider, record=widget, key="widget.total", on=datetime.date(2025, 9, 1))
    first = services.start_deadline(actor=tree.officer_a, record=widget, key="widget.total",
                                    on=datetime.date(2025, 9, 1), by="job")
    assert (first.due_on, first.started_by_transition, first.basis) == (datetime.date(2025, 10, 9), "job", "测试规则第四条")
    second = services.start_deadline(actor=tree.officer_a, record=widget, key="widget.total",
                                     on=datetime.date(2025, 9, 10))
    first.refresh_from_db()
    assert first.stopped_on == datetime.date(2025, 9, 10) and second.stopped_on is None
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="2099"):
        services.start_deadline(actor=tree.officer_a, record=widget, key="widget.review", on=datetime.date(2099, 1, 5))


def test_an_assigned_deadline_has_the_date_the_office_set(tree, make_widget, today):
    """A date set for the record (a task's completion date), not a period of law: no declared limit."""
    from django.core.exceptions import ValidationError

    widget = make_widget()
    on, due = datetime.date(2025, 9, 1), datetime.date(2025, 12, 31)
    with pytest.raises(Http404):
        services.start_deadline(actor=tree.outsider, record=widget, key="widget.assigned", on=on, due_on=due,
                                label="任务完成时限", basis="实施方案")
    with pytest.raises(ValidationError, match="不能早于起算日"):
        services.start_deadline(actor=tree.officer_a, record=widget, key="widget.assigned", on=on,
                                due_on=datetime.date(2025, 8, 31), label="任务完成时限", basis="实施方案")
    with pytest.raises(ValueError):
        services.start_deadline(actor=tree.officer_a, record=widget, key="widget.assigned", on=on, due_on=due)
    deadline = services.start_deadline(actor=tree.officer_a, record=widget, key="widget.assigned", on=on,
                                       due_on=due, label="任务完成时限", basis="实施方案", by="assign")
    assert (deadline.due_on, deadline.label, deadline.basis, deadline.n, deadline.rule) == (
        due, "任务完成时限", "实施方案", 121, None)
    assert Deadline.objects.with_status(datetime.date(2026, 1, 5)).get(pk=deadline.pk).status == "overdue"
    # A new date replaces the running one; stop_deadline ends it like any other.
    later = services.start_deadline(actor=tree.officer_a, record=widget, key="widget.assigned", on=on,
                                    due_on=datetime.date(2026, 3, 31), label="任务完成时限", basis="实施方案")
    deadline.refresh_from_db()
    assert deadline.stopped_on == on and later.stopped_on is None
    assert services.stop_deadline(actor=tree.officer_a, record=widget, key="widget.assigned")


@pytest.mark.parametrize("name, size, message", [
    ("病毒.exe", 10, "类型不允许上传"),
    ("脚本.HTML", 10, "类型不允许上传"),
    ("无扩展名", 10, "类型不允许上传"),
    ("空的.pdf", 0, "是空文件"),
    ("太大.pdf", 20 * 1024 * 1024 + 1, "超过 20 MB"),
])
def test_a_forbidden_empty_or_oversized_file_is_refused_and_nothing_attached(tree, make_widget, name, size, message):
    from django.core.exceptions import ValidationError

    from fazhi.procedures.models import Attachment

    widget = make_widget()
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(ValidationError, match=message):
        services.add_attachment(actor=tree.officer_a, record=widget, kind="opinion", file=upload)
    assert not Attachment.objects.exists()
    ok = services.add_attachment(actor=tree.officer_a, record=widget, kind="opinion",
                                 file=SimpleUploadedFile("意见.PDF", b"%PDF-1.4"))
    assert ok.name == "意见.PDF"
