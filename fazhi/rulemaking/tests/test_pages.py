"""Staff pages added with the lifecycle: Word upload, review checklist, comments, evaluation, bodies, cleanups."""

import datetime
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.procedures.services import transition
from fazhi.rulemaking import services
from fazhi.rulemaking.models import (
    CleanupCampaign,
    CleanupItem,
    DocumentState,
    DraftingBody,
    NormativeDocument,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def word(*paragraphs) -> SimpleUploadedFile:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("办法.docx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def form_data(doc, **changes):
    data = {"title": doc.title, "drafting_body": doc.drafting_body_id, "leading_unit": doc.leading_unit_id,
            "text": doc.text, "drafting_explanation": doc.drafting_explanation, "comment_summary": ""}
    data.update(changes)
    return data


def test_the_text_is_read_from_an_uploaded_word_file(tree, client_as, make_doc):
    doc = make_doc()
    client = client_as(tree.officer_a)
    url = reverse("rulemaking:document_edit", args=[doc.pk])
    response = client.post(url, {**form_data(doc), "docx": word("第一条 为了规范管理，制定本办法。", "第二条 本办法自公布之日起施行。")})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.text == "第一条 为了规范管理，制定本办法。\n第二条 本办法自公布之日起施行。"
    assert "共 2 条" in client.get(doc.get_absolute_url()).content.decode()


def test_a_file_that_is_not_word_is_refused_next_to_the_field_and_nothing_changes(tree, client_as, make_doc):
    doc = make_doc()
    response = client_as(tree.officer_a).post(reverse("rulemaking:document_edit", args=[doc.pk]), {
        **form_data(doc, title="改过的名称"), "docx": SimpleUploadedFile("办法.docx", b"%PDF-1.4 fake")})
    assert response.status_code == 200
    assert "上传的文件不是Word文档（.docx）" in response.content.decode()
    doc.refresh_from_db()
    assert doc.title != "改过的名称"


def test_duplicate_document_number_of_the_same_issuer_is_refused(tree, client_as, make_doc):
    make_doc(document_number="东市监规〔2025〕1号")
    doc = make_doc(title="另一个办法")
    response = client_as(tree.officer_a).post(reverse("rulemaking:document_edit", args=[doc.pk]),
                                              form_data(doc, document_number="东市监规〔2025〕1号"))
    assert "该制定主体已使用此文号" in response.content.decode()


def test_review_form_with_the_fair_competition_checklist(tree, client_as, today, make_doc):
    doc = make_doc(market_related=True)
    today(D(2025, 8, 1))
    transition(actor=tree.officer_a, record=doc, name="open_comment")
    today(D(2025, 9, 1))
    transition(actor=tree.officer_a, record=doc, name="close_comment")
    client = client_as(tree.reviewer_a)
    url = reverse("rulemaking:review_add", args=[doc.pk])
    page = client.get(url).content.decode()
    assert "第十条第二项：给予特定经营者选择性、差异化的财政奖励或者补贴" in page
    response = client.post(url, {"outcome": "pass", "fair_competition_checked": "on",
                                 "fair_competition_findings": ["10.2"]})
    assert "第十八条" in response.content.decode() and not doc.reviews.exists()
    response = client.post(url, {"outcome": "fail", "reasons": "给予特定经营者补贴", "fair_competition_checked": "on",
                                 "fair_competition_findings": ["10.2"]})
    assert response.status_code == 302
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "第十条第二项" in page and "不予通过" in page


def test_comment_moderation_page(tree, client_as, today, make_doc):
    doc = make_doc()
    today(D(2025, 8, 1))
    transition(actor=tree.officer_a, record=doc, name="open_comment")
    comment = services.submit_comment(document_id=doc.pk, content="建议增加听证程序", contact="13900000000")
    url = reverse("rulemaking:comment_moderate", args=[comment.pk])
    assert client_as(tree.outsider).get(url).status_code == 404
    assert client_as(tree.leader_a).get(url).status_code == 404
    client = client_as(tree.officer_a)
    assert "13900000000" in client.get(url).content.decode()  # the drafting unit sees the contact
    response = client.post(url, {"status": "rejected"})
    assert "不予公开的，须说明理由" in response.content.decode()
    response = client.post(url, {"status": "published", "adoption": "adopted", "response": "已增加"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.adoption) == ("published", "adopted")


def test_evaluation_page(tree, client_as, today, make_doc):
    doc = make_doc()
    url = reverse("rulemaking:evaluation_add", args=[doc.pk])
    response = client_as(tree.officer_a).post(url, {"conclusion": "continue", "findings": "执行良好"})
    assert "只能评估现行有效的文件" in response.content.decode()
    doc.state, doc.published_on, doc.effective_on = DocumentState.IN_FORCE, D(2021, 1, 1), D(2021, 2, 1)
    with acting_as(SYSTEM):
        doc.save()
    today(D(2025, 9, 1))
    response = client_as(tree.officer_a).post(url, {"conclusion": "continue", "findings": "执行良好"})
    assert response.status_code == 302 and doc.evaluations.get().evaluated_on == D(2025, 9, 1)


def test_drafting_body_pages(tree, client_as, body):
    client = client_as(tree.coordinator_a)
    page = client.get(reverse("rulemaking:body_list")).content.decode()
    assert tree.dept_a.name in page
    assert tree.dept_a.name not in client_as(tree.outsider).get(reverse("rulemaking:body_list")).content.decode()
    client = client_as(tree.coordinator_a)  # one test client: log back in
    response = client.post(reverse("rulemaking:body_create"), {"unit": tree.street_a.pk, "confirmed": "on"})
    assert "确认制定主体须填写确认日期和确认依据文件" in response.content.decode()
    assert not DraftingBody.objects.filter(unit=tree.street_a).exists()
    response = client.post(reverse("rulemaking:body_create"), {
        "unit": tree.street_a.pk, "confirmed": "on", "confirmed_on": "2025-01-10", "basis_document": "东府发〔2025〕1号"})
    assert response.status_code == 302 and DraftingBody.objects.get(unit=tree.street_a).confirmed
    assert client_as(tree.officer_a).get(reverse("rulemaking:body_create")).status_code == 404


def test_cleanup_campaign_in_the_browser_pages(tree, client_as, today, make_doc, django_assert_max_num_queries):
    docs = []
    for i in range(12):
        doc = make_doc(title=f"东城区清理对象办法{i}", document_number=f"东市监规〔2020〕{i + 1}号", topic="市场监管")
        doc.state, doc.published_on, doc.effective_on = DocumentState.IN_FORCE, D(2020, 6, 1), D(2020, 7, 1)
        with acting_as(SYSTEM):
            doc.save()
        docs.append(doc)
    today(D(2025, 12, 1))
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("rulemaking:campaign_create"), {
        "title": "东城区2025年文件清理", "unit": tree.gov_a.pk, "started_on": "2025-11-01"})
    campaign = CleanupCampaign.objects.get()
    assert response.status_code == 302
    client.post(reverse("rulemaking:campaign_select", args=[campaign.pk]), {"topic": "市场监管"})
    assert campaign.items.count() == 12
    with django_assert_max_num_queries(15):
        page = client.get(campaign.get_absolute_url()).content.decode()
    assert "0 / 12" in page
    items = list(CleanupItem.objects.order_by("pk"))
    response = client.post(reverse("rulemaking:item_decide", args=[items[0].pk]), {"decision": "repeal", "reason": ""})
    assert "须说明理由" in client.get(response["Location"]).content.decode()
    for item in items:
        client.post(reverse("rulemaking:item_decide", args=[item.pk]), {"decision": "repeal", "reason": "已过时"})
    assert client_as(tree.outsider).post(reverse("rulemaking:campaign_publish", args=[campaign.pk])).status_code == 404
    client = client_as(tree.coordinator_a)
    client.post(reverse("rulemaking:campaign_publish", args=[campaign.pk]), {"published_on": "2025-11-30"})
    campaign.refresh_from_db()
    assert campaign.state == "published"
    assert set(NormativeDocument.objects.values_list("state", flat=True)) == {"repealed"}
    assert client.get(reverse("rulemaking:campaign_list")).status_code == 200
