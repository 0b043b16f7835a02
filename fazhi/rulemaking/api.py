"""API of normative documents (/api/v1/rulemaking/): documents, reviews, deliberations, comments, evaluations,
cleanups."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.rulemaking import services
from fazhi.rulemaking.filters import DocumentFilter
from fazhi.rulemaking.models import (
    CleanupCampaign,
    CleanupItem,
    DraftingBody,
    NormativeDocument,
    PublicComment,
)

router = Router(tags=["rulemaking"])


class DocumentOut(Schema):
    id: int
    title: str
    drafting_body_id: int
    drafting_body: str
    leading_unit_id: int
    document_number: str
    registration_number: str
    market_related: bool
    state: str
    state_label: str
    validity_years: int | None
    published_on: datetime.date | None
    effective_on: datetime.date | None
    expires_on: datetime.date | None
    filing_due_on: datetime.date | None
    filed_on: datetime.date | None
    filing_conclusion: str
    filing_materials_complete: bool | None
    nonconforming_on: datetime.date | None
    corrected_on: datetime.date | None
    ended_on: datetime.date | None
    topic: str
    amends_id: int | None

    @staticmethod
    def resolve_drafting_body(obj: NormativeDocument) -> str:
        return obj.drafting_body.unit.name

    @staticmethod
    def resolve_state_label(obj: NormativeDocument) -> str:
        return str(obj.get_state_display())


class DocumentIn(Schema):
    title: str
    drafting_body_id: int
    leading_unit_id: int
    document_number: str = ""
    registration_number: str = ""
    market_related: bool = False
    topic: str = ""
    text: str = ""
    drafting_explanation: str = ""
    legal_bases: str = ""
    comment_summary: str = ""
    validity_years: int | None = None
    published_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    early_effect_reason: str = ""
    amends_id: int | None = None


class ReviewIn(Schema):
    outcome: str
    reasons: str = ""
    fair_competition_checked: bool = False
    fair_competition_findings: list[str] = []
    fair_competition_exception: str = ""
    reviewed_on: datetime.date | None = None


class ReviewOut(Schema):
    id: int
    document_id: int
    outcome: str
    reasons: str
    fair_competition_checked: bool
    fair_competition_findings: list[str]
    reviewed_on: datetime.date


class DeliberationIn(Schema):
    meeting: str
    held_on: datetime.date
    outcome: str
    notes: str = ""


class DeliberationOut(Schema):
    id: int
    document_id: int
    meeting: str
    held_on: datetime.date
    outcome: str


def _visible(user, action="view"):
    return NormativeDocument.objects.visible_to(user, action).select_related("drafting_body__unit")


@router.get("/documents", response=list[DocumentOut], summary="可见的行政规范性文件")
@paginate(PageNumberPagination, page_size=50)
def list_documents(request, q: str | None = None, state: str | None = None, drafting_body: int | None = None,
                   market_related: bool | None = None, year: int | None = None):
    data = {"q": q, "state": state, "drafting_body": drafting_body, "year": year,
            "market_related": None if market_related is None else str(market_related).lower()}
    filterset = DocumentFilter({k: v for k, v in data.items() if v is not None}, _visible(request.auth),
                               user=request.auth)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs.order_by("-created_at", "-pk")


@router.get("/documents/{document_id}", response=DocumentOut, summary="文件详情")
def get_document(request, document_id: int):
    return _visible(request.auth).get_visible_or_404(request.auth, pk=document_id)


@router.post("/documents", response={201: DocumentOut}, summary="新建文件（起草）")
def create_document(request, payload: DocumentIn):
    require_writer(request.auth)
    fields = payload.dict()
    fields["drafting_body"] = DraftingBody.objects.get_visible_or_404(request.auth, pk=fields.pop("drafting_body_id"))
    amends_id = fields.pop("amends_id")
    if amends_id is not None:
        fields["amends"] = NormativeDocument.objects.get_visible_or_404(request.auth, pk=amends_id)
    return Status(201, services.create_document(actor=request.auth, **fields))


@router.post("/documents/{document_id}/reviews", response={201: ReviewOut}, summary="出具合法性审核意见")
def add_review(request, document_id: int, payload: ReviewIn):
    require_writer(request.auth)
    document = NormativeDocument.objects.get_visible_or_404(request.auth, CHANGE, pk=document_id)
    return Status(201, services.record_review(actor=request.auth, document=document, **payload.dict()))


@router.post("/documents/{document_id}/deliberations", response={201: DeliberationOut}, summary="记录集体审议")
def add_deliberation(request, document_id: int, payload: DeliberationIn):
    require_writer(request.auth)
    document = NormativeDocument.objects.get_visible_or_404(request.auth, CHANGE, pk=document_id)
    return Status(201, services.record_deliberation(actor=request.auth, document=document, **payload.dict()))


class CommentOut(Schema):
    id: int
    document_id: int
    name: str
    contact: str
    content: str
    submitted_at: datetime.datetime
    status: str
    adoption: str
    response: str


class ModerationIn(Schema):
    status: str
    moderation_note: str = ""
    adoption: str = ""
    response: str = ""


class EvaluationIn(Schema):
    conclusion: str
    findings: str
    evaluated_on: datetime.date | None = None


class EvaluationOut(Schema):
    id: int
    document_id: int
    conclusion: str
    findings: str
    evaluated_on: datetime.date


class CampaignOut(Schema):
    id: int
    title: str
    unit_id: int
    started_on: datetime.date
    state: str
    published_on: datetime.date | None


class CleanupItemOut(Schema):
    id: int
    document_id: int
    decision: str
    reason: str


@router.get("/documents/{document_id}/comments", response=list[CommentOut], summary="文件收到的公众意见")
@paginate(PageNumberPagination)
def list_comments(request, document_id: int):
    document = NormativeDocument.objects.get_visible_or_404(request.auth, pk=document_id)
    return PublicComment.objects.visible_to(request.auth).filter(document=document).order_by("-submitted_at", "-pk")


@router.post("/comments/{comment_id}", response=CommentOut, summary="审核、答复公众意见")
def moderate_comment(request, comment_id: int, payload: ModerationIn):
    require_writer(request.auth)
    comment = PublicComment.objects.get_visible_or_404(request.auth, CHANGE, pk=comment_id)
    return services.moderate_comment(actor=request.auth, comment=comment, **payload.dict())


@router.post("/documents/{document_id}/evaluations", response={201: EvaluationOut}, summary="记录到期前评估")
def add_evaluation(request, document_id: int, payload: EvaluationIn):
    require_writer(request.auth)
    document = NormativeDocument.objects.get_visible_or_404(request.auth, CHANGE, pk=document_id)
    return Status(201, services.record_evaluation(actor=request.auth, document=document, **payload.dict()))


@router.get("/cleanups", response=list[CampaignOut], summary="文件清理")
@paginate(PageNumberPagination)
def list_campaigns(request):
    return CleanupCampaign.objects.visible_to(request.auth).order_by("-started_on", "-pk")


@router.get("/cleanups/{campaign_id}/items", response=list[CleanupItemOut], summary="清理文件及结论")
@paginate(PageNumberPagination)
def list_cleanup_items(request, campaign_id: int):
    campaign = CleanupCampaign.objects.get_visible_or_404(request.auth, pk=campaign_id)
    return CleanupItem.objects.visible_to(request.auth).filter(campaign=campaign).order_by("pk")
