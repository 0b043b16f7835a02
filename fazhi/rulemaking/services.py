"""Writes on normative documents: keyword-only, typed, validated, atomic."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core import access
from fazhi.core.access import (
    CHANGE,
    READ_ONLY_ROLES,
    SYSTEM,
    Role,
    grants_of,
    is_unrestricted,
    roles_of,
)
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit
from fazhi.procedures import clock
from fazhi.procedures.services import stop_deadline, transition
from fazhi.rulemaking import rules
from fazhi.rulemaking.models import (
    DOCUMENT_WRITERS,
    PASSING_OUTCOMES,
    VALID_STATES,
    Adoption,
    CampaignState,
    CleanupCampaign,
    CleanupDecision,
    CleanupItem,
    CommentStatus,
    Deliberation,
    DocumentEvaluation,
    DocumentState,
    DraftingBody,
    LegalityReview,
    NormativeDocument,
    PublicComment,
)

EDITABLE_STATES = {DocumentState.DRAFTING, DocumentState.PUBLIC_COMMENT, DocumentState.LEGALITY_REVIEW,
                   DocumentState.DELIBERATION, DocumentState.REGISTERED}


def writable_units(user: Any) -> QuerySet[Unit]:
    """Units that may lead a document the user can change (by the user's grants of document writer roles)."""
    return access.writable_units(user, DOCUMENT_WRITERS)


def _has_writer_grant(user: Any, roles: frozenset) -> bool:
    return is_unrestricted(user) or any(g.role in roles and g.role not in READ_ONLY_ROLES for g in grants_of(user))


def can_manage_bodies(user: Any) -> bool:
    return _has_writer_grant(user, DraftingBody.writer_roles)


def can_manage_campaigns(user: Any) -> bool:
    return _has_writer_grant(user, CleanupCampaign.writer_roles)


@transaction.atomic
def save_drafting_body(*, actor: Any, body: DraftingBody) -> DraftingBody:
    if not Unit.objects.visible_to(actor, CHANGE).filter(pk=body.unit_id).exists():
        raise Http404
    body.full_clean()
    with acting_as(actor):
        body.save()
    return body


def _prepare(document: NormativeDocument) -> None:
    if document.validity_years is None and document.leading_unit_id:
        document.validity_years = rules.validity_years_for(document)


@transaction.atomic
def save_document(*, actor: Any, document: NormativeDocument) -> NormativeDocument:
    """Create or update a document (validated); the validity period defaults by title (暂行/试行: 2 years)."""
    if not writable_units(actor).filter(pk=document.leading_unit_id).exists():
        raise Http404
    if not document._state.adding:
        current = NormativeDocument.objects.get_visible_or_404(actor, CHANGE, pk=document.pk)
        if current.state not in EDITABLE_STATES:
            raise ValidationError(gettext("文件已公布，不能再修改；如需修改请另行制定修改文件。"))
    _prepare(document)
    document.full_clean()
    with acting_as(actor):
        document.save()
    return document


def create_document(*, actor: Any, **fields: Any) -> NormativeDocument:
    return save_document(actor=actor, document=NormativeDocument(**fields))


@transaction.atomic
def record_review(*, actor: Any, document: NormativeDocument, outcome: str, reasons: str = "",
                  fair_competition_checked: bool = False, fair_competition_findings: list[str] | None = None,
                  fair_competition_exception: str = "",
                  reviewed_on: datetime.date | None = None) -> LegalityReview:
    """Record the legality review opinion; only a reviewer (司法局审核人员) during the review step.

    For a document concerning market entities the fair-competition checklist is required; a draft
    found to contain any item of it may pass only under an art. 12 exception (公平竞争审查条例第十八条).
    """
    document = NormativeDocument.objects.get_visible_or_404(actor, CHANGE, pk=document.pk)
    if not is_unrestricted(actor) and Role.REVIEWER not in roles_of(actor):
        raise ValidationError(gettext("合法性审核意见须由司法局审核人员出具（国办发〔2018〕115号）。"))
    if document.state != DocumentState.LEGALITY_REVIEW:
        raise ValidationError(gettext("文件不在合法性审核阶段，不能出具审核意见。"))
    given = set(fair_competition_findings or [])
    findings = [key for key, _, _ in rules.FAIR_COMPETITION_ITEMS if key in given]  # in the regulation's order
    errors: dict[str, list[str]] = {}
    unknown = sorted(given - rules.FAIR_COMPETITION_KEYS)
    if unknown:
        errors["fair_competition_findings"] = [gettext("未知的公平竞争审查事项：%(keys)s") % {"keys": "、".join(unknown)}]
    if document.market_related and not fair_competition_checked:
        errors["fair_competition_checked"] = [gettext(
            "涉及市场主体经济活动的文件须进行公平竞争审查（%(basis)s）。") % {"basis": rules.FAIR_COMPETITION_BASIS}]
    if findings and not fair_competition_checked:
        errors.setdefault("fair_competition_checked", []).append(gettext("勾选了公平竞争审查问题，请同时确认已进行公平竞争审查。"))
    if findings and outcome in PASSING_OUTCOMES and not fair_competition_exception.strip():
        errors["fair_competition_exception"] = [gettext(
            "含有排除、限制竞争内容的，不得出台，除非符合公平竞争审查条例第十二条的例外情形，须说明理由"
            "（公平竞争审查条例第十八条）。")]
    if outcome != "pass" and not reasons.strip():
        errors["reasons"] = [gettext("修改后通过或不予通过的，须说明理由。")]
    if errors:
        raise ValidationError(errors)
    review = LegalityReview(document=document, reviewer=actor, outcome=outcome, reasons=reasons,
                            fair_competition_checked=fair_competition_checked,
                            fair_competition_findings=findings,
                            fair_competition_exception=fair_competition_exception.strip(),
                            reviewed_on=reviewed_on or clock.today())
    review.full_clean()
    with acting_as(actor):
        review.save()
    return review


@transaction.atomic
def record_deliberation(*, actor: Any, document: NormativeDocument, meeting: str, held_on: datetime.date,
                        outcome: str, notes: str = "") -> Deliberation:
    document = NormativeDocument.objects.get_visible_or_404(actor, CHANGE, pk=document.pk)
    if document.state != DocumentState.DELIBERATION:
        raise ValidationError(gettext("文件不在集体审议阶段，不能记录审议结果。"))
    deliberation = Deliberation(document=document, meeting=meeting, held_on=held_on, outcome=outcome,
                                notes=notes)
    deliberation.full_clean()
    with acting_as(actor):
        deliberation.save()
    return deliberation


def take_step(*, actor: Any, document: NormativeDocument, name: str, comment: str = "") -> NormativeDocument:
    """A procedure step (through the engine, which checks gates, permissions and deadlines)."""
    transition(actor=actor, record=document, name=name, comment=comment)
    return document


# ---- public comments ---------------------------------------------------------------------------


def open_for_comment() -> QuerySet[NormativeDocument]:
    """Drafts the public may read and comment on now (the portal's list; no access layer: public)."""
    return NormativeDocument.objects.filter(state=DocumentState.PUBLIC_COMMENT)


@transaction.atomic
def submit_comment(*, document_id: int, content: str, name: str = "", contact: str = "") -> PublicComment:
    """A comment from the public on the portal: accepted only while the draft is open for comment;
    held for moderation before it is shown."""
    document = open_for_comment().select_for_update().filter(pk=document_id).first()
    if document is None:
        raise ValidationError(gettext("该草案不在公开征求意见期内，不能提交意见。"))
    comment = PublicComment(document=document, content=(content or "").strip(), name=(name or "").strip(),
                            contact=(contact or "").strip())
    comment.full_clean()
    with acting_as(SYSTEM):  # a resident is not a staff user: the platform records it on their behalf
        comment.save()
    return comment


@transaction.atomic
def moderate_comment(*, actor: Any, comment: PublicComment, status: str, moderation_note: str = "",
                     adoption: str = "", response: str = "") -> PublicComment:
    """The drafting unit publishes or withholds a comment and records whether it was adopted."""
    comment = PublicComment.objects.get_visible_or_404(actor, CHANGE, pk=comment.pk)
    if status == CommentStatus.REJECTED and not moderation_note.strip():
        raise ValidationError({"moderation_note": gettext("不予公开的，须说明理由（如含有个人信息、与草案无关）。")})
    if adoption in (Adoption.NOT_ADOPTED, Adoption.PARTLY) and not response.strip():
        raise ValidationError({"response": gettext("未采纳或部分采纳的，须说明理由（优化营商环境条例第六十二条）。")})
    comment.status, comment.moderation_note = status, moderation_note.strip()
    comment.adoption, comment.response = adoption, response.strip()
    comment.full_clean()
    with acting_as(actor):
        comment.save()
    return comment


# ---- evaluation before expiry ------------------------------------------------------------------


@transaction.atomic
def record_evaluation(*, actor: Any, document: NormativeDocument, conclusion: str, findings: str,
                      evaluated_on: datetime.date | None = None) -> DocumentEvaluation:
    """Record the evaluation of a valid document (it meets the evaluation deadline, if one runs)."""
    document = NormativeDocument.objects.get_visible_or_404(actor, CHANGE, pk=document.pk)
    if document.state not in VALID_STATES:
        raise ValidationError(gettext("只能评估现行有效的文件。"))
    evaluated_on = evaluated_on or clock.today()
    if evaluated_on > clock.today():
        raise ValidationError({"evaluated_on": gettext("评估日期不得晚于今天。")})
    evaluation = DocumentEvaluation(document=document, conclusion=conclusion, findings=(findings or "").strip(),
                                    evaluated_on=evaluated_on)
    evaluation.full_clean()
    with acting_as(actor):
        evaluation.save()
    stop_deadline(actor=actor, record=document, key=rules.EVALUATION.key, on=evaluated_on, by="evaluation")
    return evaluation


# ---- cleanup campaigns -------------------------------------------------------------------------


def cleanup_candidates(*, actor: Any, issuers: Any = None, published_from: datetime.date | None = None,
                       published_to: datetime.date | None = None, topic: str = "") -> QuerySet[NormativeDocument]:
    """Valid documents the actor may change, selected by issuer (drafting-body units), date and topic."""
    qs = NormativeDocument.objects.visible_to(actor, CHANGE).filter(state__in=VALID_STATES)
    if issuers:
        qs = qs.filter(drafting_body__unit__in=issuers)
    if published_from:
        qs = qs.filter(published_on__gte=published_from)
    if published_to:
        qs = qs.filter(published_on__lte=published_to)
    if topic.strip():
        qs = qs.filter(Q(topic__icontains=topic.strip()) | Q(title__icontains=topic.strip()))
    return qs


@transaction.atomic
def save_campaign(*, actor: Any, campaign: CleanupCampaign) -> CleanupCampaign:
    if not Unit.objects.visible_to(actor, CHANGE).filter(pk=campaign.unit_id).exists():
        raise Http404
    if not campaign._state.adding:
        current = CleanupCampaign.objects.get_visible_or_404(actor, CHANGE, pk=campaign.pk)
        if current.state != CampaignState.OPEN:
            raise ValidationError(gettext("清理结果已公布，不能再修改。"))
    campaign.full_clean()
    with acting_as(actor):
        campaign.save()
    return campaign


def _open_campaign(actor: Any, campaign: CleanupCampaign) -> CleanupCampaign:
    campaign = CleanupCampaign.objects.select_for_update().get_visible_or_404(actor, CHANGE, pk=campaign.pk)
    if campaign.state != CampaignState.OPEN:
        raise ValidationError(gettext("清理结果已公布，不能再修改。"))
    return campaign


@transaction.atomic
def add_to_campaign(*, actor: Any, campaign: CleanupCampaign, documents: QuerySet[NormativeDocument]) -> int:
    """Put the selected documents in the campaign (those already in it are skipped). Returns how many."""
    campaign = _open_campaign(actor, campaign)
    present = set(campaign.items.values_list("document_id", flat=True))
    added = 0
    with acting_as(actor):
        for document in documents.filter(pk__in=cleanup_candidates(actor=actor).values("pk")).exclude(pk__in=present):
            CleanupItem(campaign=campaign, document=document).save()
            added += 1
    return added


@transaction.atomic
def decide(*, actor: Any, item: CleanupItem, decision: str, reason: str = "") -> CleanupItem:
    item = CleanupItem.objects.select_related("campaign").get_visible_or_404(actor, CHANGE, pk=item.pk)
    _open_campaign(actor, item.campaign)
    if decision not in CleanupDecision.values:
        raise ValidationError({"decision": gettext("请选择清理结果。")})
    if decision != CleanupDecision.KEEP and not reason.strip():
        raise ValidationError({"reason": gettext("修改、废止或宣布失效的，须说明理由。")})
    item.decision, item.reason = decision, reason.strip()
    item.full_clean()
    with acting_as(actor):
        item.save()
    return item


CLEANUP_STEPS = {CleanupDecision.REPEAL: "repeal", CleanupDecision.LAPSE: "declare_lapsed"}


@transaction.atomic
def publish_campaign(*, actor: Any, campaign: CleanupCampaign, published_on: datetime.date | None = None
                     ) -> CleanupCampaign:
    """Publish the result list: every document decided; repeals and declarations of lapse take effect."""
    campaign = _open_campaign(actor, campaign)
    published_on = published_on or clock.today()
    if published_on > clock.today() or published_on < campaign.started_on:
        raise ValidationError({"published_on": gettext("公布日期应在清理开始日期与今天之间。")})
    items = list(campaign.items.select_related("document"))
    if not items:
        raise ValidationError(gettext("清理范围内没有文件，不能公布结果。"))
    undecided = [str(i.document) for i in items if not i.decision]
    if undecided:
        raise ValidationError(gettext("以下文件尚未作出清理结论：%(docs)s") % {"docs": "、".join(undecided[:10])})
    for item in items:
        name = CLEANUP_STEPS.get(item.decision)
        if name and item.document.state in VALID_STATES:
            transition(actor=actor, record=item.document, name=name,
                       comment=gettext("%(campaign)s：%(reason)s") % {"campaign": campaign.title, "reason": item.reason},
                       data={"on": published_on.isoformat(), "cleanup": campaign.pk})
    campaign.state, campaign.published_on = CampaignState.PUBLISHED, published_on
    with acting_as(actor):
        campaign.save()
    return campaign
