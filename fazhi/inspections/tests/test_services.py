"""Services and the rectification procedure: issuing starts the assigned deadline, close-out needs evidence
and stops it, escalation of late items with the Word reminder letter, bad input refused in Chinese."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from fazhi.inspections import services
from fazhi.inspections.models import (
    Escalation,
    EscalationKind,
    Finding,
    Inspection,
    InterferenceRecord,
    ItemState,
    RectificationItem,
)
from fazhi.inspections.procedures import DEADLINE_KEY
from fazhi.procedures.models import Attachment, Deadline
from fazhi.procedures.services import TransitionRefused

from .conftest import D, docx_text, pdf


def _deadlines(item):
    return Deadline.objects.for_record(item).filter(key=DEADLINE_KEY)


def _messages(exc) -> str:
    return "；".join(exc.value.messages)


# ---- issuing ---------------------------------------------------------------------------------------------


def test_issuing_an_item_starts_its_assigned_deadline_with_the_inspection_as_basis(make_item, inspection_a):
    item = make_item()
    assert item.state == ItemState.ISSUED
    deadline = _deadlines(item).get()
    assert (deadline.started_on, deadline.due_on, deadline.stopped_on) == (D(2026, 3, 20), D(2026, 5, 31), None)
    assert deadline.basis == inspection_a.title
    assert deadline.label == "整改时限"
    assert Deadline.objects.overdue(D(2026, 6, 15)).filter(pk=deadline.pk).exists()


def test_changing_the_due_date_replaces_the_running_deadline(tree, make_item):
    item = make_item()
    item.due_on = D(2026, 7, 31)
    services.save_item(actor=tree.coordinator_a, item=item)
    running = _deadlines(item).filter(stopped_on__isnull=True).get()
    assert running.due_on == D(2026, 7, 31)
    assert _deadlines(item).count() == 2


def test_due_date_before_the_finding_date_is_refused_and_nothing_is_saved(make_item):
    with pytest.raises(ValidationError) as exc:
        make_item(due_on=D(2026, 3, 1))
    assert "整改时限（2026-03-01）不得早于发现问题日期（2026-03-05）" in _messages(exc)
    assert not RectificationItem.objects.exists() and not Deadline.objects.exists()


def test_missing_responsible_unit_is_refused_in_chinese(make_item):
    with pytest.raises(ValidationError) as exc:
        make_item(responsible_unit=None)
    assert exc.value.message_dict["responsible_unit"] == ["请选择责任单位。"]
    assert not RectificationItem.objects.exists()


def test_another_county_cannot_issue_or_see_items(tree, make_item, finding_a):
    with pytest.raises(Http404):
        make_item(actor=tree.outsider)
    item = make_item()
    assert not RectificationItem.objects.visible_to(tree.outsider).filter(pk=item.pk).exists()
    assert RectificationItem.objects.visible_to(tree.officer_a).filter(pk=item.pk).exists()
    assert RectificationItem.objects.visible_to(tree.city_coordinator).filter(pk=item.pk).exists()


def test_the_units_legal_officer_cannot_assign_items(tree, make_item):
    with pytest.raises(Http404):
        make_item(actor=tree.officer_a)


def test_a_leader_cannot_write(tree, make_item):
    with pytest.raises(Http404):
        make_item(actor=tree.leader_a)


# ---- the procedure -----------------------------------------------------------------------------------------


def test_submission_and_close_out_need_evidence_naming_the_rule(tree, make_item):
    item = make_item()
    services.take_step(actor=tree.officer_a, item=item, name="start")
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.officer_a, item=item, name="submit")
    assert "缺少附件“整改佐证材料”" in _messages(exc)
    assert "法治政府建设与责任落实督察工作规定" in _messages(exc)
    item.refresh_from_db()
    assert item.state == ItemState.RECTIFYING


def test_full_cycle_with_return_and_close_out_stopping_the_deadline(tree, make_item, today):
    item = make_item()
    services.take_step(actor=tree.officer_a, item=item, name="start")
    services.add_evidence(actor=tree.officer_a, item=item, file=pdf())
    services.take_step(actor=tree.officer_a, item=item, name="submit")
    # The unit may not close out its own item.
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.officer_a, item=item, name="close")
    assert "您无权执行“销号”" in _messages(exc)
    # A return needs reasons.
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.coordinator_a, item=item, name="return")
    assert "须说明理由" in _messages(exc)
    services.take_step(actor=tree.coordinator_a, item=item, name="return", comment="佐证材料不全，缺少公示截图。")
    item.refresh_from_db()
    assert item.state == ItemState.RECTIFYING and item.closed_on is None
    services.take_step(actor=tree.officer_a, item=item, name="submit")
    services.take_step(actor=tree.coordinator_a, item=item, name="close", on=D(2026, 6, 10))
    item.refresh_from_db()
    assert (item.state, item.closed_on) == (ItemState.CLOSED, D(2026, 6, 10))
    deadline = _deadlines(item).get()
    assert deadline.stopped_on == D(2026, 6, 10) and deadline.stopped_by_transition == "close"
    assert item.days_overdue() == 10  # closed ten days after 2026-05-31
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(actor=tree.officer_a, item=item, file=pdf("补充.pdf"))
    assert "已销号的整改事项不能再上传佐证材料" in _messages(exc)
    with pytest.raises(ValidationError):
        services.save_item(actor=tree.coordinator_a, item=item)


@pytest.mark.parametrize(("name", "size", "expected"), [
    ("整改报告.exe", 0, "类型不允许上传"),
    ("整改报告.zip", 0, "类型不允许上传"),
    ("整改报告.pdf", 21 * 1024 * 1024, "超过 20 MB，不能上传"),
])
def test_bad_evidence_files_are_refused_and_nothing_is_attached(tree, make_item, name, size, expected):
    item = make_item()
    file = SimpleUploadedFile(name, b"x" * (size or 10))
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(actor=tree.officer_a, item=item, file=file)
    assert expected in _messages(exc)
    assert not Attachment.objects.exists()


def test_another_county_cannot_add_evidence(tree, make_item):
    item = make_item()
    with pytest.raises(Http404):
        services.add_evidence(actor=tree.officer_b, item=item, file=pdf())


# ---- escalation ---------------------------------------------------------------------------------------


def test_reminder_letter_for_an_item_not_overdue_is_refused(tree, make_item):
    item = make_item(due_on=D(2026, 6, 30))
    with pytest.raises(ValidationError) as exc:
        services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.REMINDER_LETTER)
    assert "该整改事项尚未逾期（整改时限为2026-06-30），不能督办函" in _messages(exc)
    assert not Escalation.objects.exists() and not Attachment.objects.exists()


def test_reminder_letter_is_a_word_document_with_the_item(tree, make_item):
    item = make_item()
    esc = services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.REMINDER_LETTER)
    assert (esc.on, esc.days_overdue) == (D(2026, 6, 15), 15)
    assert esc.letter.kind == "reminder_letter" and esc.letter.name.endswith(".docx")
    text = docx_text(esc.letter.file.read())
    for part in ("督办函", "东城区市场监督管理局：", "东城区2026年法治政府建设督察", "建立执法公示信息定期更新机制",
                 "2026年5月31日", "15天", "李四（副局长）", "东城区司法局", "2026年6月15日"):
        assert part in text, part
    import docx

    run = docx.Document(esc.letter.file.path).paragraphs[0].runs[0]
    fonts = run._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    item.refresh_from_db()
    assert item.escalation == EscalationKind.REMINDER_LETTER


def test_escalation_goes_letter_then_interview_then_notice(tree, make_item):
    item = make_item()
    with pytest.raises(ValidationError) as exc:
        services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.INTERVIEW)
    assert "约谈须在督办函之后进行" in _messages(exc)
    services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.REMINDER_LETTER, on=D(2026, 6, 2))
    with pytest.raises(ValidationError):
        services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.PUBLIC_NOTICE)
    services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.INTERVIEW, on=D(2026, 6, 10),
                      note="约谈责任领导李四")
    services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.PUBLIC_NOTICE)
    item.refresh_from_db()
    assert item.escalation == EscalationKind.PUBLIC_NOTICE
    assert list(item.escalations.values_list("kind", flat=True)) == [
        "reminder_letter", "interview", "public_notice"]


def test_the_unit_cannot_escalate_against_itself(tree, make_item):
    item = make_item()
    with pytest.raises(Http404):
        services.escalate(actor=tree.officer_a, item=item, kind=EscalationKind.REMINDER_LETTER)


def test_closed_items_are_not_escalated(tree, make_item):
    item = make_item()
    services.add_evidence(actor=tree.officer_a, item=item, file=pdf())
    services.take_step(actor=tree.officer_a, item=item, name="submit")
    services.take_step(actor=tree.coordinator_a, item=item, name="close")
    with pytest.raises(ValidationError) as exc:
        services.escalate(actor=tree.coordinator_a, item=item, kind=EscalationKind.REMINDER_LETTER)
    assert "已销号" in _messages(exc)


# ---- inspections, findings, interference ------------------------------------------------------------------


def test_inspection_needs_a_method_and_units(tree):
    with pytest.raises(ValidationError) as exc:
        services.create_inspection(actor=tree.coordinator_a, organizer=tree.justice_a, title="督察", level="county",
                                   start_on=D(2026, 3, 2), inspected_units=[tree.dept_a])
    assert exc.value.message_dict["by_hearing"] == ["请至少选择一种督察方式。"]
    with pytest.raises(ValidationError) as exc:
        services.create_inspection(actor=tree.coordinator_a, organizer=tree.justice_a, title="督察", level="county",
                                   start_on=D(2026, 3, 2), by_files=True, inspected_units=[])
    assert "请选择被督察单位。" in _messages(exc)
    assert not Inspection.objects.exists()


def test_inspection_of_another_countys_units_is_refused(tree):
    with pytest.raises(Http404):
        services.create_inspection(actor=tree.coordinator_a, organizer=tree.justice_b, title="督察",
                                   level="county", start_on=D(2026, 3, 2), by_files=True,
                                   inspected_units=[tree.dept_a])


def test_handed_down_finding_needs_the_higher_inspections_name(tree):
    with pytest.raises(ValidationError) as exc:
        services.create_finding(actor=tree.city_coordinator, source="higher", unit=tree.dept_a,
                                category="decision", found_on=D(2026, 4, 1), description="重大行政决策目录未公开。")
    assert exc.value.message_dict["higher_inspection"] == ["上级督察反馈的问题须填写上级督察名称。"]
    finding = services.create_finding(
        actor=tree.city_coordinator, source="higher", higher_inspection="省委依法治省办2025年度实地督察",
        higher_document="示依法办函〔2026〕5号", unit=tree.dept_a, category="decision", found_on=D(2026, 4, 1),
        description="重大行政决策目录未公开。")
    assert finding.origin == "省委依法治省办2025年度实地督察"
    assert Finding.objects.visible_to(tree.coordinator_a).filter(pk=finding.pk).exists()


def test_local_finding_needs_an_inspection(tree):
    with pytest.raises(ValidationError) as exc:
        services.create_finding(actor=tree.coordinator_a, unit=tree.dept_a, category="decision",
                                found_on=D(2026, 4, 1), description="问题")
    assert exc.value.message_dict["inspection"] == ["本级督察发现的问题须选择所属督察。"]


def test_interference_record_by_the_department_and_not_by_another_county(tree):
    record = services.create_interference(
        actor=tree.enforcer_a, unit=tree.dept_a, occurred_on=D(2026, 5, 8), person_name="王五",
        person_post="某局副局长", case="东市监处罚〔2026〕12号", manner="asking", handling="recorded",
        content="电话询问案件进展并要求从轻处理。")
    assert InterferenceRecord.objects.visible_to(tree.coordinator_a).filter(pk=record.pk).exists()
    assert not InterferenceRecord.objects.visible_to(tree.outsider).filter(pk=record.pk).exists()
    with pytest.raises(Http404):
        services.create_interference(actor=tree.officer_b, unit=tree.dept_a, occurred_on=D(2026, 5, 8),
                                     person_name="王五", person_post="某局", case="案", manner="asking",
                                     handling="recorded")
    with pytest.raises(ValidationError) as exc:
        services.create_interference(actor=tree.enforcer_a, unit=tree.dept_a, occurred_on=D(2026, 7, 1),
                                     person_name="", person_post="某局", case="案", manner="asking",
                                     handling="recorded")
    assert exc.value.message_dict["person_name"] == ["请填写过问（干预）人姓名。"]
    assert "发生日期不得晚于今天（2026-06-15）。" in exc.value.message_dict["occurred_on"]
    assert InterferenceRecord.objects.count() == 1
