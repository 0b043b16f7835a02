import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.procedures.models import Deadline
from fazhi.procedures.services import TransitionRefused, transition
from fazhi.rulemaking import services
from fazhi.rulemaking.models import DocumentState, NormativeDocument, ReviewOutcome

D = datetime.date
pytestmark = pytest.mark.django_db


def step(actor, doc, name, comment=""):
    transition(actor=actor, record=doc, name=name, comment=comment)
    doc.refresh_from_db()
    return doc


def refusal(actor, doc, name, comment=""):
    with pytest.raises(TransitionRefused) as exc:
        transition(actor=actor, record=doc, name=name, comment=comment)
    return "；".join(exc.value.messages)


def to_review(tree, today, doc):
    today(D(2025, 8, 1))
    step(tree.officer_a, doc, "open_comment")
    today(D(2025, 8, 12))  # 7 working days after 1 August (a Friday)
    return step(tree.officer_a, doc, "close_comment")


def to_deliberation(tree, today, doc):
    to_review(tree, today, doc)
    today(D(2025, 8, 15))
    services.record_review(actor=tree.reviewer_a, document=doc, outcome=ReviewOutcome.PASS)
    return step(tree.officer_a, doc, "to_deliberation")


def test_happy_path_to_in_force_with_filing_across_national_day(tree, today, make_doc, attach):
    doc = make_doc()
    assert doc.state == DocumentState.DRAFTING and doc.validity_years == 5
    to_deliberation(tree, today, doc)
    services.record_deliberation(actor=tree.officer_a, document=doc, meeting="区政府第12次常务会议",
                                 held_on=D(2025, 8, 20), outcome="adopted")
    doc.document_number, doc.registration_number = "东市监规〔2025〕3号", "DCQ-2025-003"
    services.save_document(actor=tree.officer_a, document=doc)
    step(tree.officer_a, doc, "register")
    doc.published_on, doc.effective_on = D(2025, 9, 5), D(2025, 10, 5)
    services.save_document(actor=tree.officer_a, document=doc)
    today(D(2025, 9, 5))
    step(tree.officer_a, doc, "publish")
    # 5 September + 30 days = 5 October, inside the National Day holiday (1–8 October): moved to the 9th.
    assert doc.filing_due_on == D(2025, 10, 9)
    assert doc.expires_on == D(2030, 10, 4)
    deadline = Deadline.objects.get(object_id=doc.pk, key="rulemaking.filing")
    assert deadline.due_on == D(2025, 10, 9) and deadline.stopped_on is None
    attach(tree.officer_a, doc)
    today(D(2025, 10, 9))
    step(tree.officer_a, doc, "file")
    # The filing organ has not yet judged the materials.
    assert doc.filed_on == D(2025, 10, 9) and doc.filing_materials_complete is None
    deadline.refresh_from_db()
    assert deadline.stopped_on == D(2025, 10, 9)
    review = Deadline.objects.get(object_id=doc.pk, key="rulemaking.filing_review")
    assert (review.started_on, review.due_on) == (D(2025, 10, 9), D(2025, 11, 10))  # 8 Nov is a Saturday
    today(D(2025, 10, 20))
    step(tree.reviewer_a, doc, "conform")
    assert doc.state == DocumentState.IN_FORCE and doc.filing_conclusion == "conforming"
    assert doc.filing_materials_complete is True and doc.filing_reviewed_on == D(2025, 10, 20)
    assert not Deadline.objects.filter(object_id=doc.pk, stopped_on__isnull=True).exists()


def test_not_conforming_goes_to_correction_and_refiling(tree, today, make_doc, attach):
    doc = make_doc()
    to_deliberation(tree, today, doc)
    services.record_deliberation(actor=tree.officer_a, document=doc, meeting="会议", held_on=D(2025, 8, 20),
                                 outcome="adopted")
    NormativeDocument.objects.filter(pk=doc.pk).update(
        document_number="东市监规〔2025〕4号", registration_number="R4", published_on=D(2025, 9, 1),
        effective_on=D(2025, 10, 1), state=DocumentState.REGISTERED)
    doc.refresh_from_db()
    today(D(2025, 9, 1))
    step(tree.officer_a, doc, "publish")
    attach(tree.officer_a, doc)
    step(tree.officer_a, doc, "file")
    assert "理由" in refusal(tree.reviewer_a, doc, "not_conform", comment=" ")
    today(D(2025, 9, 10))
    step(tree.reviewer_a, doc, "not_conform", comment="设定了行政许可")
    assert doc.state == DocumentState.CORRECTION and doc.filing_conclusion == "not_conforming"
    assert (doc.filing_findings, doc.nonconforming_on, doc.corrected_on) == ("设定了行政许可", D(2025, 9, 10), None)
    correction = Deadline.objects.get(object_id=doc.pk, key="rulemaking.correction", stopped_on=None)
    assert correction.due_on == D(2025, 10, 10)
    today(D(2025, 9, 25))
    step(tree.officer_a, doc, "refile")
    assert doc.state == DocumentState.FILED and doc.corrected_on == D(2025, 9, 25)
    assert doc.filed_on == D(2025, 9, 1)  # the first filing date counts for timeliness
    step(tree.reviewer_a, doc, "conform")
    assert doc.filing_conclusion == "conforming" and doc.nonconforming_on == D(2025, 9, 10)


def test_incomplete_materials_are_supplemented_within_fifteen_days(tree, today, make_doc, attach):
    doc = make_doc()
    NormativeDocument.objects.filter(pk=doc.pk).update(state=DocumentState.PUBLISHED, published_on=D(2025, 9, 1),
                                                       effective_on=D(2025, 10, 1), filing_due_on=D(2025, 10, 9))
    doc.refresh_from_db()
    today(D(2025, 9, 5))
    attach(tree.officer_a, doc)
    step(tree.officer_a, doc, "file")
    assert "理由" in refusal(tree.reviewer_a, doc, "request_materials")
    step(tree.reviewer_a, doc, "request_materials", comment="缺少制定依据文件")
    assert doc.state == DocumentState.MATERIALS and doc.filing_materials_complete is False
    refiling = Deadline.objects.get(object_id=doc.pk, key="rulemaking.refiling", stopped_on=None)
    assert refiling.due_on == D(2025, 9, 22)  # 20 September is a Saturday
    step(tree.officer_a, doc, "supplement")
    step(tree.reviewer_a, doc, "conform")
    # Materials that had to be supplemented do not count as complete (备案规范率).
    assert doc.state == DocumentState.IN_FORCE and doc.filing_materials_complete is False


def test_filing_may_be_entered_with_its_real_date(tree, today, make_doc, attach):
    doc = make_doc()
    NormativeDocument.objects.filter(pk=doc.pk).update(state=DocumentState.PUBLISHED, published_on=D(2025, 9, 5),
                                                       effective_on=D(2025, 10, 5), filing_due_on=D(2025, 10, 9))
    doc.refresh_from_db()
    attach(tree.officer_a, doc)
    today(D(2025, 11, 20))
    with pytest.raises(TransitionRefused, match="报送备案日期不得早于公布日期"):
        transition(actor=tree.officer_a, record=doc, name="file", data={"on": "2025-09-04"})
    transition(actor=tree.officer_a, record=doc, name="file", data={"on": "2025-10-09"})
    doc.refresh_from_db()
    assert doc.filed_on == D(2025, 10, 9) and doc.filed_on <= doc.filing_due_on


def test_comment_period_other_documents_seven_working_days_across_holiday(tree, today, make_doc):
    doc = make_doc()
    today(D(2025, 9, 26))  # Friday before National Day
    step(tree.officer_a, doc, "open_comment")
    # Working days after 26 Sept: 28 (make-up Sunday), 29, 30, then 9, 10, 11 (make-up Saturday), 13 October.
    today(D(2025, 10, 11))
    message = refusal(tree.officer_a, doc, "close_comment")
    assert "征求意见期未满" in message and "法治政府建设示范指标体系第24项" in message
    today(D(2025, 10, 13))
    assert step(tree.officer_a, doc, "close_comment").state == DocumentState.LEGALITY_REVIEW
    assert doc.comment_closed_on == D(2025, 10, 13)


def test_comment_period_market_related_thirty_days(tree, today, make_doc):
    doc = make_doc(market_related=True)
    today(D(2025, 9, 26))
    step(tree.officer_a, doc, "open_comment")
    today(D(2025, 10, 13))  # 7 working days would be enough for other documents
    assert "优化营商环境条例第六十二条" in refusal(tree.officer_a, doc, "close_comment")
    today(D(2025, 10, 25))
    assert "优化营商环境条例第六十二条" in refusal(tree.officer_a, doc, "close_comment")
    today(D(2025, 10, 26))
    assert step(tree.officer_a, doc, "close_comment").state == DocumentState.LEGALITY_REVIEW


def test_comment_requires_text_and_explanation(tree, today, make_doc):
    doc = make_doc(text="", drafting_explanation="")
    today(D(2025, 8, 1))
    message = refusal(tree.officer_a, doc, "open_comment")
    assert "正文" in message and "起草说明" in message and "优化营商环境条例第六十二条" in message


def test_no_deliberation_without_passed_review(tree, today, make_doc):
    doc = make_doc()
    to_review(tree, today, doc)
    assert "国办发〔2018〕115号" in refusal(tree.officer_a, doc, "to_deliberation")
    services.record_review(actor=tree.reviewer_a, document=doc, outcome=ReviewOutcome.FAIL, reasons="超越权限")
    assert "国办发〔2018〕115号" in refusal(tree.officer_a, doc, "to_deliberation")
    services.record_review(actor=tree.reviewer_a, document=doc, outcome=ReviewOutcome.PASS_AFTER_CHANGES,
                           reasons="删除第五条")
    assert step(tree.officer_a, doc, "to_deliberation").state == DocumentState.DELIBERATION


def test_review_only_by_reviewer_and_with_reasons(tree, today, make_doc):
    doc = make_doc()
    to_review(tree, today, doc)
    with pytest.raises(ValidationError, match="审核人员"):
        services.record_review(actor=tree.officer_a, document=doc, outcome=ReviewOutcome.PASS)
    with pytest.raises(ValidationError) as exc:
        services.record_review(actor=tree.reviewer_a, document=doc, outcome=ReviewOutcome.FAIL)
    assert "须说明理由" in exc.value.message_dict["reasons"][0]
    with pytest.raises(Http404):
        services.record_review(actor=tree.outsider, document=doc, outcome=ReviewOutcome.PASS)
    assert not doc.reviews.exists()


def test_no_registration_or_publication_without_deliberation(tree, today, make_doc):
    doc = make_doc(document_number="东市监规〔2025〕5号", registration_number="R5")
    to_deliberation(tree, today, doc)
    assert "未经集体审议通过" in refusal(tree.officer_a, doc, "register")
    services.record_deliberation(actor=tree.officer_a, document=doc, meeting="会议", held_on=D(2025, 8, 20),
                                 outcome="not_adopted")
    assert "国办发〔2018〕37号" in refusal(tree.officer_a, doc, "register")


def test_publication_date_before_deliberation_refused(tree, today, make_doc):
    doc = make_doc(document_number="东市监规〔2025〕6号", registration_number="R6")
    to_deliberation(tree, today, doc)
    services.record_deliberation(actor=tree.officer_a, document=doc, meeting="会议", held_on=D(2025, 8, 20),
                                 outcome="adopted")
    step(tree.officer_a, doc, "register")
    assert "公布日期" in refusal(tree.officer_a, doc, "publish")  # required fields
    doc.published_on, doc.effective_on = D(2025, 8, 19), D(2025, 9, 30)
    services.save_document(actor=tree.officer_a, document=doc)
    assert "公布日期不得早于集体审议日期" in refusal(tree.officer_a, doc, "publish")


def test_filing_requires_materials_and_not_before_publication(tree, today, make_doc, attach):
    doc = make_doc()
    NormativeDocument.objects.filter(pk=doc.pk).update(state=DocumentState.PUBLISHED, published_on=D(2025, 9, 5),
                                                       effective_on=D(2025, 10, 5))
    doc.refresh_from_db()
    today(D(2025, 9, 4))
    message = refusal(tree.officer_a, doc, "file")
    for label in ("备案报告", "规范性文件正式文本", "起草说明", "合法性审核意见"):
        assert f"缺少附件“{label}”" in message
    assert "法规规章备案审查条例第四条" in message and "报送备案日期不得早于公布日期" in message
    attach(tree.officer_a, doc)
    today(D(2025, 9, 6))
    assert step(tree.officer_a, doc, "file").state == DocumentState.FILED


def test_leader_and_other_county_cannot_take_steps(tree, today, make_doc):
    doc = make_doc()
    today(D(2025, 8, 1))
    assert "无权" in refusal(tree.leader_a, doc, "open_comment")
    with pytest.raises(Http404):
        transition(actor=tree.outsider, record=doc, name="open_comment")
    doc.refresh_from_db()
    assert doc.state == DocumentState.DRAFTING


def test_comment_gate_states_the_regional_limit_in_force(tree, today, make_doc):
    from fazhi.procedures.models import TimeLimitRule

    TimeLimitRule.objects.create(key="rulemaking.comment.other", label="其他文件征求意见期", n=10,
                                 day_unit="working_day", basis="示范省规范性文件管理办法第十条",
                                 region=tree.county_a)
    doc = make_doc()
    today(D(2025, 9, 26))
    step(tree.officer_a, doc, "open_comment")
    today(D(2025, 10, 13))  # 7 working days have passed, the county's 10 have not
    message = refusal(tree.officer_a, doc, "close_comment")
    assert "10个工作日" in message and "示范省规范性文件管理办法第十条" in message
