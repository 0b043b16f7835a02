import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.models import AuditEvent
from fazhi.dutyreports import selectors, services
from fazhi.dutyreports.models import DutyReport, Score
from fazhi.dutyreports.tests.conftest import step
from fazhi.procedures.services import TransitionRefused

D = datetime.date
pytestmark = pytest.mark.django_db


def test_whole_procedure_scores_average_in_db_and_publishes(tree, make_report):
    report = make_report()
    step(tree.coordinator_a, report, "submit", on=D(2025, 11, 20))
    step(tree.coordinator_a, report, "comment", comment="东城张三同志履职到位，但执法监督仍有短板。")
    assert report.secretary_comment == "东城张三同志履职到位，但执法监督仍有短板。"
    services.add_score(actor=tree.coordinator_a, report=report, score=92)
    services.add_score(actor=tree.reviewer_a, report=report, score=85, comment="材料翔实")
    live = selectors.with_live_score(DutyReport.objects.all()).get()
    assert live.live_score == 88.5 and live.score_count == 2
    step(tree.coordinator_a, report, "close_scoring")
    assert report.score == Decimal("88.50") and report.grade == "good"
    step(tree.coordinator_a, report, "publish")
    assert report.state == "published" and report.published_on == D(2025, 12, 1)
    assert list(selectors.public_reports()) == [report]


def test_submit_needs_a_report(tree, make_report):
    report = make_report(report_text="")
    with pytest.raises(TransitionRefused) as exc:
        step(tree.coordinator_a, report, "submit")
    assert "述法报告" in exc.value.reasons[0] and "第一责任人职责规定" in exc.value.reasons[0]


def test_comment_requires_the_secretarys_words(tree, make_report):
    report = step(tree.coordinator_a, make_report(), "submit")
    with pytest.raises(TransitionRefused) as exc:
        step(tree.coordinator_a, report, "comment", comment=" ")
    assert "办理意见" in exc.value.reasons[0]


def test_publish_before_scoring_is_refused_and_changes_nothing(tree, make_report):
    report = step(tree.coordinator_a, make_report(), "submit")
    step(tree.coordinator_a, report, "comment", comment="点评")
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as exc:
        step(tree.coordinator_a, report, "publish")
    assert exc.value.reasons == ["当前状态为“已点评”，不能执行“公布结果”（仅限“已评分”状态）"]
    report.refresh_from_db()
    assert report.state == "commented" and report.published_on is None
    assert AuditEvent.objects.count() == before


def test_close_scoring_needs_a_score(tree, make_report):
    report = step(tree.coordinator_a, make_report(), "submit")
    step(tree.coordinator_a, report, "comment", comment="点评")
    with pytest.raises(TransitionRefused) as exc:
        step(tree.coordinator_a, report, "close_scoring")
    assert "尚无评议人评分" in exc.value.reasons[0]


@pytest.mark.parametrize("value", [-1, 101])
def test_score_outside_0_100_refused(tree, make_report, value):
    report = step(tree.coordinator_a, make_report(), "submit")
    with pytest.raises(ValidationError) as exc:
        services.add_score(actor=tree.reviewer_a, report=report, score=value)
    assert exc.value.message_dict["score"] == [f"评分应在0分至100分之间（现为{value}分）。"]
    assert not Score.objects.exists()


def test_reviewer_scores_once(tree, make_report):
    report = step(tree.coordinator_a, make_report(), "submit")
    services.add_score(actor=tree.reviewer_a, report=report, score=80)
    with pytest.raises(ValidationError) as exc:
        services.add_score(actor=tree.reviewer_a, report=report, score=90)
    assert exc.value.messages == ["您已为该述法评分，每位评议人只能评分一次。"]
    assert list(Score.objects.values_list("score", flat=True)) == [80]


def test_scoring_only_between_report_and_close(tree, make_report):
    report = make_report()
    with pytest.raises(ValidationError) as exc:
        services.add_score(actor=tree.reviewer_a, report=report, score=80)
    assert "当前状态：“已安排”" in exc.value.message_dict["score"][0]


def test_who_may_score(tree, make_report):
    report = step(tree.coordinator_a, make_report(), "submit")
    for user in (tree.leader_a, tree.officer_a, tree.outsider):
        with pytest.raises(Http404):
            services.add_score(actor=user, report=report, score=80)
    assert not Score.objects.exists()


def test_report_date_and_unit_checked(tree, make_report):
    with pytest.raises(ValidationError) as exc:
        make_report(scheduled_on=D(2023, 5, 1))
    assert "述法年度（2025年）" in exc.value.message_dict["scheduled_on"][0]
    with pytest.raises(ValidationError) as exc:
        make_report(actor=tree.city_coordinator, leader_unit=tree.dept_b)
    assert "不在“东城区司法局”所属区划内" in exc.value.message_dict["leader_unit"][0]


def test_access(tree, make_report):
    report = make_report()
    assert not DutyReport.objects.visible_to(tree.outsider).exists()
    # the leader's unit reads the report, not the scores
    assert DutyReport.objects.visible_to(tree.officer_a).get() == report
    step(tree.coordinator_a, report, "submit")
    services.add_score(actor=tree.reviewer_a, report=report, score=80)
    assert not Score.objects.visible_to(tree.officer_a).exists()
    with pytest.raises(Http404):
        make_report(actor=tree.leader_a)
    with pytest.raises(TransitionRefused):
        step(tree.officer_a, report, "comment", comment="x")


def test_published_report_cannot_be_edited(tree, make_report):
    report = step(tree.coordinator_a, make_report(), "submit")
    step(tree.coordinator_a, report, "comment", comment="点评")
    services.add_score(actor=tree.reviewer_a, report=report, score=95)
    step(tree.coordinator_a, report, "close_scoring", "publish")
    report.leader_post = "改"
    with pytest.raises(ValidationError):
        services.save_report(actor=tree.coordinator_a, report=report)


def _docx(*paragraphs: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_upload_docx_report_reads_its_text(tree, make_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.procedures.selectors import attachment_kinds_present

    report = make_report(report_text="")
    services.upload_report(actor=tree.coordinator_a, report=report,
                           file=SimpleUploadedFile("述法报告.docx", _docx("一、履职情况", "二、存在问题")))
    report.refresh_from_db()
    assert report.report_text == "一、履职情况\n二、存在问题"
    assert attachment_kinds_present(report) == {"report"}
    step(tree.coordinator_a, report, "submit")


def test_upload_not_a_docx_refused(tree, make_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.procedures.models import Attachment

    report = make_report(report_text="原文")
    with pytest.raises(ValidationError) as exc:
        services.upload_report(actor=tree.coordinator_a, report=report,
                               file=SimpleUploadedFile("述法报告.docx", b"not a word file"))
    assert exc.value.message_dict["file"] == ["上传的文件不是Word文档（.docx），无法读取正文。"]
    report.refresh_from_db()
    assert report.report_text == "原文" and not Attachment.objects.exists()
    with pytest.raises(Http404):
        services.upload_report(actor=tree.leader_a, report=report,
                               file=SimpleUploadedFile("a.docx", _docx("x")))
