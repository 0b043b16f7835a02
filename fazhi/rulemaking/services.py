"""Writes on normative documents: keyword-only, typed, validated, atomic."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from fazhi.core.access import (
    CHANGE,
    READ_ONLY_ROLES,
    SYSTEM,
    Role,
    grant_q,
    grants_of,
    is_unrestricted,
    roles_of,
)
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit
from fazhi.procedures import clock
from fazhi.procedures.services import transition
from fazhi.rulemaking import rules
from fazhi.rulemaking.models import (
    DOCUMENT_WRITERS,
    Adoption,
    CommentStatus,
    Deliberation,
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
    if is_unrestricted(user):
        return Unit.objects.all()
    q = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role in DOCUMENT_WRITERS and grant.role not in READ_ONLY_ROLES:
            q |= grant_q(grant, "")
    return Unit.objects.filter(q)


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
                  fair_competition_checked: bool = False,
                  reviewed_on: datetime.date | None = None) -> LegalityReview:
    """Record the legality review opinion; only a reviewer (司法局审核人员) during the review step."""
    document = NormativeDocument.objects.get_visible_or_404(actor, CHANGE, pk=document.pk)
    if not is_unrestricted(actor) and Role.REVIEWER not in roles_of(actor):
        raise ValidationError(gettext("合法性审核意见须由司法局审核人员出具（国办发〔2018〕115号）。"))
    if document.state != DocumentState.LEGALITY_REVIEW:
        raise ValidationError(gettext("文件不在合法性审核阶段，不能出具审核意见。"))
    review = LegalityReview(document=document, reviewer=actor, outcome=outcome, reasons=reasons,
                            fair_competition_checked=fair_competition_checked,
                            reviewed_on=reviewed_on or clock.today())
    if review.outcome != "pass" and not reasons.strip():
        raise ValidationError({"reasons": gettext("修改后通过或不予通过的，须说明理由。")})
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
