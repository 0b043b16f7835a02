"""Services and procedure of plans, tasks and progress reports: deadlines, gates, bad input, access."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from fazhi.core.models import AuditEvent
from fazhi.procedures import services as engine
from fazhi.procedures.models import Attachment, Deadline, TransitionLog
from fazhi.procedures.services import TransitionRefused
from fazhi.tasks import services
from fazhi.tasks.models import DEADLINE_KEY, Measure, Plan, ProgressReport, Task

from .conftest import D, report


def _deadlines(task):
    return Deadline.objects.for_record(task).filter(key=DEADLINE_KEY).order_by("pk")


def test_issue_plan_issues_tasks_and_starts_assigned_deadline(tree, plan_a, issued):
    plan_a.refresh_from_db()
    assert plan_a.state == "issued" and plan_a.issued_on == D(2026, 2, 1)
    assert issued.state == "assigned"
    (deadline,) = _deadlines(issued)
    assert (deadline.started_on, deadline.due_on, deadline.stopped_on) == (D(2026, 2, 1), D(2026, 9, 30), None)
    assert deadline.basis == plan_a.title and deadline.label == "任务完成时限"
    assert deadline.unit_id == tree.dept_a.pk  # shows on the lead unit's home page
    assert TransitionLog.objects.filter(object_id=issued.pk, transition="issue").exists()


def test_task_created_in_issued_plan_is_issued_at_once(tree, plan_a, issued, make_task):
    task = make_task(title="新增会议决定事项", measure=None, source="东城区法治政府建设领导小组会议 2026-03-01 决定")
    assert task.state == "assigned" and task.measure is None and task.number == 1
    assert _deadlines(task).get().stopped_on is None


def test_plan_cannot_be_issued_without_tasks(tree, plan_a):
    with pytest.raises(TransitionRefused) as exc:
        services.issue_plan(actor=tree.coordinator_a, plan=plan_a)
    assert "尚无任务" in str(exc.value.reasons)
    plan_a.refresh_from_db()
    assert plan_a.state == "draft"


def test_full_cycle_progress_accept_done_on_time(tree, issued):
    first = report(tree.officer_a, issued, percent=40)
    issued.refresh_from_db()
    assert issued.state == "in_progress" and first.status == "submitted"
    services.review_progress(actor=tree.coordinator_a, report=first, accept=True, comment="进展符合要求")
    issued.refresh_from_db()
    assert issued.progress == 40
    # Asking to close needs a 100% report.
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.officer_a, task=issued, name="submit")
    assert "100%" in exc.value.reasons[0]
    report(tree.officer_a, issued, percent=100, text="制度已印发。")
    services.take_step(actor=tree.officer_a, task=issued, name="submit")
    # The lead unit may not accept its own task.
    with pytest.raises(TransitionRefused):
        services.take_step(actor=tree.officer_a, task=issued, name="accept")
    services.take_step(actor=tree.coordinator_a, task=issued, name="accept", on=D(2026, 6, 10))
    issued.refresh_from_db()
    assert issued.state == "done" and issued.completed_on == D(2026, 6, 10) and issued.progress == 100
    assert _deadlines(issued).get().stopped_on == D(2026, 6, 10)
    assert Task.objects.done_on_time().filter(pk=issued.pk).exists()


def test_return_needs_comment_and_goes_back(tree, issued):
    report(tree.officer_a, issued, percent=100)
    services.take_step(actor=tree.officer_a, task=issued, name="submit")
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.coordinator_a, task=issued, name="return")
    assert "办理意见" in exc.value.reasons[0]
    services.take_step(actor=tree.coordinator_a, task=issued, name="return", comment="佐证材料不全")
    issued.refresh_from_db()
    assert issued.state == "in_progress"


def test_returned_report_needs_comment(tree, issued):
    r = report(tree.officer_a, issued)
    with pytest.raises(TransitionRefused):
        services.review_progress(actor=tree.coordinator_a, report=r, accept=False)
    services.review_progress(actor=tree.coordinator_a, report=r, accept=False, comment="请补充佐证材料")
    r.refresh_from_db()
    assert (r.status, r.comment, r.reviewed_on) == ("returned", "请补充佐证材料", D(2026, 6, 15))


def test_cancel_stops_deadline(tree, issued):
    services.take_step(actor=tree.coordinator_a, task=issued, name="cancel", comment="职能调整，任务取消")
    issued.refresh_from_db()
    assert issued.state == "cancelled"
    assert _deadlines(issued).get().stopped_on == D(2026, 6, 15)


def test_extension_restarts_deadline_and_keeps_reason(tree, issued):
    services.extend_task(actor=tree.coordinator_a, task=issued, due_on=D(2026, 11, 30), reason="上级文件尚未出台")
    issued.refresh_from_db()
    assert issued.due_on == D(2026, 11, 30) and issued.extension_reason == "上级文件尚未出台"
    old, new = _deadlines(issued)
    assert old.stopped_on == D(2026, 6, 15) and (new.due_on, new.stopped_on) == (D(2026, 11, 30), None)
    assert AuditEvent.objects.filter(object_type="tasks.task", object_id=str(issued.pk),
                                     after__due_on="2026-11-30").exists()


def test_extension_needs_reason_and_stays_in_plan(tree, issued):
    with pytest.raises(ValidationError) as exc:
        services.extend_task(actor=tree.coordinator_a, task=issued, due_on=D(2026, 11, 30), reason=" ")
    assert "理由" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.extend_task(actor=tree.coordinator_a, task=issued, due_on=D(2027, 1, 31), reason="推迟")
    assert "不得晚于计划截止日期" in str(exc.value)
    issued.refresh_from_db()
    assert issued.due_on == D(2026, 9, 30) and _deadlines(issued).count() == 1
    with pytest.raises(Http404):  # the lead unit does not set its own deadline
        services.extend_task(actor=tree.officer_a, task=issued, due_on=D(2026, 11, 30), reason="推迟")


def test_overdue_and_due_soon_come_from_the_deadline(tree, issued, today):
    assert not Task.objects.overdue().exists()
    today(D(2026, 9, 28))
    assert list(Task.objects.due_soon()) == [issued]
    today(D(2026, 10, 9))
    assert list(Task.objects.overdue()) == [issued]
    assert list(Task.objects.visible_to(tree.officer_a).overdue()) == [issued]
    assert not Task.objects.visible_to(tree.outsider).overdue().exists()


# ---- bad input: Chinese messages, nothing changed ------------------------------------------------------


def test_due_date_outside_the_plan_is_refused(tree, plan_a, measure_a, make_task):
    before = Task.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_task(due_on=D(2025, 12, 31))
    assert exc.value.message_dict["due_on"] == ["完成时限（2025-12-31）不得早于计划起始日期（2026-01-01）。"]
    with pytest.raises(ValidationError) as exc:
        make_task(due_on=D(2027, 1, 1))
    assert "不得晚于计划截止日期（2026-12-31）" in exc.value.message_dict["due_on"][0]
    assert Task.objects.count() == before


def test_task_needs_lead_unit(tree, plan_a):
    with pytest.raises(ValidationError) as exc:
        services.create_task(actor=tree.coordinator_a, plan=plan_a, title="无牵头单位的任务", lead_unit=None,
                             due_on=D(2026, 5, 1))
    assert "牵头单位" in exc.value.message_dict["lead_unit"][0]
    assert not Task.objects.exists()


def test_lead_unit_of_another_county_is_refused(tree, plan_a):
    with pytest.raises(ValidationError) as exc:
        services.create_task(actor=tree.city_coordinator, plan=plan_a, title="跨区任务", lead_unit=tree.dept_b,
                             due_on=D(2026, 5, 1))
    assert "不在计划印发单位所属区划内" in exc.value.message_dict["lead_unit"][0]
    with pytest.raises(Http404):  # county A's office cannot even name county B's units
        services.create_task(actor=tree.coordinator_a, plan=plan_a, title="跨区任务", lead_unit=tree.dept_b,
                             due_on=D(2026, 5, 1))


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_progress_percent_out_of_range(tree, issued, percent):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        report(tree.officer_a, issued, percent=percent)
    assert exc.value.message_dict["percent"] == [f"完成进度应为0至100之间的整数（现为{percent}）。"]
    assert not ProgressReport.objects.exists() and AuditEvent.objects.count() == events
    issued.refresh_from_db()
    assert issued.state == "assigned"


def test_evidence_of_forbidden_type_or_too_big(tree, issued):
    bad = SimpleUploadedFile("病毒.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as exc:
        report(tree.officer_a, issued, files=[bad])
    assert "类型不允许上传" in exc.value.message_dict["files"][0]
    big = SimpleUploadedFile("佐证.pdf", b"%PDF-" + b"x" * (20 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        report(tree.officer_a, issued, files=[big])
    assert "超过 20 MB" in exc.value.message_dict["files"][0]
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    issued.refresh_from_db()
    assert issued.state == "assigned"


def test_evidence_is_attached(tree, issued):
    ok = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4", content_type="application/pdf")
    r = report(tree.officer_a, issued, files=[ok])
    (att,) = Attachment.objects.filter(object_id=r.pk)
    assert att.kind == "evidence" and att.unit_id == tree.dept_a.pk


def test_no_progress_on_a_draft_or_done_task(tree, make_task):
    task = make_task()
    with pytest.raises(ValidationError) as exc:
        report(tree.coordinator_a, task)
    assert "不能报送进度" in str(exc.value)


def test_plan_end_before_start(tree):
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=tree.coordinator_a, unit=tree.justice_a, title="错误计划",
                             starts_on=D(2026, 12, 31), ends_on=D(2026, 1, 1))
    assert "截止日期不得早于起始日期" in exc.value.message_dict["ends_on"][0]
    assert not Plan.objects.exists()


def test_measure_numbers_are_unique_per_plan(tree, plan_a, measure_a):
    assert measure_a.number == 1
    with pytest.raises(ValidationError) as exc:
        services.create_measure(actor=tree.coordinator_a, plan=plan_a, number=1, title="重复序号")
    assert "同一序号" in str(exc.value)
    assert Measure.objects.count() == 1


# ---- access --------------------------------------------------------------------------------------------


def test_visibility(tree, issued, plan_a):
    assert list(Task.objects.visible_to(tree.coordinator_a)) == [issued]
    assert list(Task.objects.visible_to(tree.officer_a)) == [issued]  # lead unit
    assert list(Task.objects.visible_to(tree.leader_a)) == [issued]
    assert not Task.objects.visible_to(tree.outsider).exists()
    assert not Task.objects.visible_to(tree.officer_b).exists()
    # The department sees the plan it has tasks in, but cannot change it.
    assert list(Plan.objects.visible_to(tree.officer_a)) == [plan_a]
    assert not Plan.objects.visible_to(tree.officer_a, "change").exists()
    assert not Plan.objects.visible_to(tree.outsider).exists()


def test_cooperating_unit_reads_but_cannot_report(tree, issued):
    from fazhi.core.access import Role
    from fazhi.core.models import RoleAssignment, User

    street_officer = User.objects.create_user(username="street_officer", password="Secret-pass-123",
                                              full_name="街道法制员", unit=tree.street_a)
    RoleAssignment.objects.create(user=street_officer, role=Role.LEGAL_OFFICER, unit=tree.street_a, scope="unit")
    assert list(Task.objects.visible_to(street_officer)) == [issued]
    assert not Task.objects.visible_to(street_officer, "change").exists()
    with pytest.raises(Http404):
        report(street_officer, issued)


def test_cooperating_units_do_not_duplicate_rows(tree, make_task):
    make_task(cooperating_units=[tree.street_a, tree.justice_a, tree.gov_a])
    assert Task.objects.visible_to(tree.coordinator_a).count() == 1
    assert Task.objects.visible_to(tree.leader_a).count() == 1


def test_leader_and_outsider_cannot_write(tree, issued, plan_a):
    for actor in (tree.leader_a, tree.outsider):
        with pytest.raises(Http404):
            report(actor, issued)
        with pytest.raises(Http404):
            services.create_task(actor=actor, plan=plan_a, title="越权任务", lead_unit=tree.dept_a,
                                 due_on=D(2026, 5, 1))
    with pytest.raises(TransitionRefused):
        services.take_step(actor=tree.leader_a, task=issued, name="cancel", comment="x")
    with pytest.raises(Http404):
        services.take_step(actor=tree.outsider, task=issued, name="cancel", comment="x")


def test_department_cannot_edit_task(tree, issued):
    issued.title = "改名"
    with pytest.raises(Http404):
        services.save_task(actor=tree.officer_a, task=issued)


def test_city_office_manages_tasks_of_county_units(tree):
    plan = services.create_plan(actor=tree.city_coordinator, unit=tree.city_justice, title="示范市2026年工作要点",
                                starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    task = services.create_task(actor=tree.city_coordinator, plan=plan, title="区级任务", lead_unit=tree.dept_a,
                                due_on=D(2026, 8, 1))
    services.issue_plan(actor=tree.city_coordinator, plan=plan)
    report(tree.officer_a, task, percent=100)
    services.take_step(actor=tree.officer_a, task=task, name="submit")
    # County A's office sees the task (its region) but the city office, which set it, accepts it.
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.coordinator_a, task=task, name="accept")
    assert "印发计划" in exc.value.reasons[0]
    services.take_step(actor=tree.city_coordinator, task=task, name="accept")
    task.refresh_from_db()
    assert task.state == "done"


def test_draft_task_is_not_issued_alone(tree, make_task):
    task = make_task()
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.coordinator_a, task=task, name="issue")
    assert "计划尚未印发" in exc.value.reasons[0]
    assert not Deadline.objects.exists()


def test_plan_closes_only_when_every_task_is_closed(tree, plan_a, issued):
    with pytest.raises(TransitionRefused) as exc:
        engine.transition(actor=tree.coordinator_a, record=plan_a, name="close")
    assert "逐项销号" in exc.value.reasons[0]
    services.take_step(actor=tree.coordinator_a, task=issued, name="cancel", comment="取消")
    engine.transition(actor=tree.coordinator_a, record=plan_a, name="close")
    plan_a.refresh_from_db()
    assert plan_a.state == "closed"
    with pytest.raises(ValidationError) as exc:  # a closed plan takes no new task
        services.create_task(actor=tree.coordinator_a, plan=plan_a, title="迟到的任务", lead_unit=tree.dept_a,
                             due_on=D(2026, 8, 1))
    assert "已结束" in str(exc.value)


def test_plan_period_cannot_leave_a_task_outside(tree, plan_a, issued):
    plan_a.ends_on = D(2026, 6, 30)
    with pytest.raises(ValidationError) as exc:
        services.save_plan(actor=tree.coordinator_a, plan=plan_a)
    assert "将不在计划期间内" in exc.value.message_dict["starts_on"][0]
    plan_a.refresh_from_db()
    assert plan_a.ends_on == D(2026, 12, 31)


def test_editing_due_on_restarts_the_deadline(tree, issued):
    issued.due_on = D(2026, 10, 31)
    services.save_task(actor=tree.coordinator_a, task=issued)
    running = Deadline.objects.for_record(issued).filter(stopped_on__isnull=True).get()
    assert running.due_on == D(2026, 10, 31)


def test_meeting_decision_becomes_a_task(tree, plan_a, issued):
    task = services.create_task(actor=tree.coordinator_a, plan=plan_a, title="落实会议决定",
                                lead_unit=tree.justice_a, due_on=D(2026, 7, 31),
                                source="东城区法治政府建设领导小组会议 2026-03-01 决定")
    assert task.measure is None and task.state == "assigned" and task.source.endswith("决定")


def test_office_is_told_of_progress_and_closing(tree, issued, django_capture_on_commit_callbacks):
    from fazhi.procedures.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        report(tree.officer_a, issued, percent=100)
        services.take_step(actor=tree.officer_a, task=issued, name="submit")
    texts = sorted(Notification.objects.filter(user=tree.coordinator_a).values_list("text", flat=True))
    assert len(texts) == 2 and any("报送了" in t for t in texts) and any("申请办结" in t for t in texts)
    assert not Notification.objects.filter(user=tree.officer_a).exists()


def test_new_lead_unit_moves_the_deadline_and_m2m_is_audited(tree, issued):
    issued.lead_unit = tree.justice_a
    services.save_task(actor=tree.coordinator_a, task=issued, cooperating_units=[tree.dept_a])
    running = Deadline.objects.for_record(issued).filter(stopped_on__isnull=True).get()
    assert running.unit_id == tree.justice_a.pk
    event = AuditEvent.objects.filter(object_type="tasks.task", object_id=str(issued.pk),
                                      after__has_key="cooperating_units").order_by("pk").last()
    assert event.before == {"cooperating_units": [tree.street_a.pk]}
    assert event.after == {"cooperating_units": [tree.dept_a.pk]}
