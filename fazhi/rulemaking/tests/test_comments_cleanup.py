"""Public comments, the fair-competition checklist and cleanup campaigns."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.procedures.services import transition
from fazhi.rulemaking import services
from fazhi.rulemaking.models import (
    CampaignState,
    CleanupCampaign,
    CleanupItem,
    DocumentState,
    NormativeDocument,
    PublicComment,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def test_comments_only_while_open_and_moderated(tree, today, make_doc):
    doc = make_doc()
    with pytest.raises(ValidationError, match="不在公开征求意见期内"):
        services.submit_comment(document_id=doc.pk, content="建议删除第五条")
    today(D(2025, 8, 1))
    transition(actor=tree.officer_a, record=doc, name="open_comment")
    with pytest.raises(ValidationError) as exc:
        services.submit_comment(document_id=doc.pk, content="  ")
    assert "content" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.submit_comment(document_id=doc.pk, content="长" * 2001)
    assert "content" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.submit_comment(document_id=doc.pk, content="好", name="名" * 51)
    assert "name" in exc.value.message_dict
    assert not PublicComment.objects.exists()
    comment = services.submit_comment(document_id=doc.pk, content="建议删除第五条", name="张三", contact="13800000000")
    assert comment.status == "pending"
    with pytest.raises(Http404):
        services.moderate_comment(actor=tree.outsider, comment=comment, status="published")
    with pytest.raises(ValidationError) as exc:
        services.moderate_comment(actor=tree.officer_a, comment=comment, status="rejected")
    assert "moderation_note" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.moderate_comment(actor=tree.officer_a, comment=comment, status="published", adoption="not_adopted")
    assert "response" in exc.value.message_dict
    services.moderate_comment(actor=tree.officer_a, comment=comment, status="published", adoption="partly",
                              response="第五条已修改")
    comment.refresh_from_db()
    assert (comment.status, comment.adoption) == ("published", "partly")


def to_review(tree, today, doc):
    today(D(2025, 8, 1))
    transition(actor=tree.officer_a, record=doc, name="open_comment")
    today(D(2025, 9, 1))
    transition(actor=tree.officer_a, record=doc, name="close_comment")


def test_fair_competition_checklist(tree, today, make_doc):
    doc = make_doc(market_related=True)
    to_review(tree, today, doc)
    with pytest.raises(ValidationError) as exc:
        services.record_review(actor=tree.reviewer_a, document=doc, outcome="pass")
    assert "公平竞争审查条例" in exc.value.message_dict["fair_competition_checked"][0]
    with pytest.raises(ValidationError) as exc:
        services.record_review(actor=tree.reviewer_a, document=doc, outcome="pass", fair_competition_checked=True,
                               fair_competition_findings=["10.2", "99.9"])
    errors = exc.value.message_dict
    assert "99.9" in errors["fair_competition_findings"][0]
    assert "第十八条" in errors["fair_competition_exception"][0]
    review = services.record_review(actor=tree.reviewer_a, document=doc, outcome="fail", reasons="给予特定经营者补贴",
                                    fair_competition_checked=True, fair_competition_findings=["10.2", "8.3"])
    assert review.fair_competition_findings == ["8.3", "10.2"]
    review = services.record_review(
        actor=tree.reviewer_a, document=doc, outcome="pass_after_changes", reasons="补充实施期限",
        fair_competition_checked=True, fair_competition_findings=["10.2"],
        fair_competition_exception="为促进欠发达地区发展（第十二条第三项），无替代方案，实施期限三年")
    assert review.passed


@pytest.fixture
def valid_docs(tree, make_doc):
    docs = []
    for i, (title, topic, published) in enumerate([
            ("东城区市场主体登记管理办法", "市场监管", D(2020, 5, 1)),
            ("东城区食品摊贩管理规定", "市场监管", D(2022, 3, 1)),
            ("东城区中小学校园安全管理办法", "教育", D(2023, 7, 1))], start=1):
        doc = make_doc(title=title, topic=topic, document_number=f"东市监规〔{published.year}〕{i}号")
        doc.state, doc.published_on, doc.effective_on = DocumentState.IN_FORCE, published, published
        with acting_as(SYSTEM):
            doc.save()
        docs.append(doc)
    draft = make_doc(title="东城区市场监管草案")  # not valid: never selectable
    return docs, draft


def test_a_cleanup_campaign_from_selection_to_published_results(tree, today, valid_docs):
    docs, draft = valid_docs
    today(D(2025, 12, 1))
    campaign = services.save_campaign(actor=tree.coordinator_a, campaign=CleanupCampaign(
        title="2025年东城区行政规范性文件集中清理", unit=tree.gov_a, started_on=D(2025, 11, 1)))
    selected = services.cleanup_candidates(actor=tree.coordinator_a, topic="市场监管", published_to=D(2022, 12, 31))
    assert set(selected) == {docs[0], docs[1]}
    assert services.add_to_campaign(actor=tree.coordinator_a, campaign=campaign,
                                    documents=NormativeDocument.objects.all()) == 3  # drafts are skipped
    assert services.add_to_campaign(actor=tree.coordinator_a, campaign=campaign,
                                    documents=NormativeDocument.objects.all()) == 0
    with pytest.raises(ValidationError, match="尚未作出清理结论"):
        services.publish_campaign(actor=tree.coordinator_a, campaign=campaign)
    items = {i.document_id: i for i in CleanupItem.objects.all()}
    with pytest.raises(ValidationError) as exc:
        services.decide(actor=tree.coordinator_a, item=items[docs[0].pk], decision="repeal")
    assert "reason" in exc.value.message_dict
    with pytest.raises(Http404):
        services.decide(actor=tree.outsider, item=items[docs[0].pk], decision="keep")
    services.decide(actor=tree.coordinator_a, item=items[docs[0].pk], decision="repeal", reason="上位法已废止")
    services.decide(actor=tree.coordinator_a, item=items[docs[1].pk], decision="lapse", reason="调整对象已消失")
    services.decide(actor=tree.coordinator_a, item=items[docs[2].pk], decision="keep")
    with pytest.raises(ValidationError) as exc:
        services.publish_campaign(actor=tree.coordinator_a, campaign=campaign, published_on=D(2025, 10, 1))
    assert "published_on" in exc.value.message_dict
    services.publish_campaign(actor=tree.coordinator_a, campaign=campaign, published_on=D(2025, 11, 28))
    states = dict(NormativeDocument.objects.values_list("pk", "state"))
    assert [states[d.pk] for d in docs] == ["repealed", "lapsed", "in_force"]
    assert NormativeDocument.objects.get(pk=docs[0].pk).ended_on == D(2025, 11, 28)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.PUBLISHED
    with pytest.raises(ValidationError, match="已公布"):
        services.decide(actor=tree.coordinator_a, item=items[docs[2].pk], decision="repeal", reason="x")


def test_a_failed_publication_changes_nothing(tree, today, valid_docs, monkeypatch):
    docs, _ = valid_docs
    today(D(2025, 12, 1))
    campaign = services.save_campaign(actor=tree.coordinator_a, campaign=CleanupCampaign(
        title="清理", unit=tree.gov_a, started_on=D(2025, 11, 1)))
    services.add_to_campaign(actor=tree.coordinator_a, campaign=campaign, documents=NormativeDocument.objects.all())
    for item in CleanupItem.objects.all():
        services.decide(actor=tree.coordinator_a, item=item, decision="repeal", reason="过时")
    # The last document cannot be repealed by this user (another county's record): the whole publication fails.
    NormativeDocument.objects.filter(pk=docs[2].pk).update(state=DocumentState.IN_FORCE)
    monkeypatch.setattr(services, "CLEANUP_STEPS", {**services.CLEANUP_STEPS, "repeal": "no_such_step"})
    with pytest.raises(ValidationError):
        services.publish_campaign(actor=tree.coordinator_a, campaign=campaign)
    assert set(NormativeDocument.objects.filter(pk__in=[d.pk for d in docs]).values_list("state", flat=True)) == {
        "in_force"}
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.OPEN
