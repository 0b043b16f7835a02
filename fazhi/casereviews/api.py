"""API of case-file review (/api/v1/casereviews/): plans (list, detail, steps, verification), file reviews
(list, detail, scoring), findings (list, detail, return, evidence, steps), reminder letters (list, issue,
download) and wrong-case accountability records (list, detail, create)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.casereviews import services
from fazhi.casereviews.filters import (
    AccountabilityFilter,
    FindingFilter,
    LetterFilter,
    PlanFilter,
    ReviewFilter,
)
from fazhi.casereviews.models import (
    Decision,
    ErrorKind,
    FileReview,
    FoundBy,
    ReminderLetter,
    ReviewFinding,
    ReviewPlan,
    ScoreCategory,
    WrongCaseAccountability,
)
from fazhi.cases.models import EnforcementCase
from fazhi.core.access import CHANGE, require_writer
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer

router = Router(tags=["casereviews"])


class PlanOut(Schema):
    id: int
    title: str
    office_id: int
    office: str
    period_kind: str
    year: int
    quarter: int | None
    month: int | None
    start_on: datetime.date
    end_on: datetime.date
    ratio_bp: int
    min_per_body: int
    sheet_id: int
    state: str
    state_label: str
    inputs_hash: str
    seed_hash: str
    committed_at: datetime.datetime | None
    drawn_at: datetime.datetime | None

    @staticmethod
    def resolve_office(obj: ReviewPlan) -> str:
        return obj.office.name

    @staticmethod
    def resolve_state_label(obj: ReviewPlan) -> str:
        return str(obj.get_state_display())


class StepIn(Schema):
    comment: str = ""
    on: datetime.date | None = None


class VerifyOut(Schema):
    agrees: bool
    problems: list[str]


class ScoreOut(Schema):
    item_id: int
    points: Decimal
    note: str


class ReviewOut(Schema):
    id: int
    plan_id: int
    case_id: int
    case_number: str
    body_id: int
    body: str
    reviewer: str
    total: Decimal | None
    grade: str
    comments: str
    scored_on: datetime.date | None
    scores: list[ScoreOut]

    @staticmethod
    def resolve_case_number(obj: FileReview) -> str:
        return obj.case.number

    @staticmethod
    def resolve_body(obj: FileReview) -> str:
        return obj.body.unit.name

    @staticmethod
    def resolve_reviewer(obj: FileReview) -> str:
        return obj.reviewer.username

    @staticmethod
    def resolve_scores(obj: FileReview) -> list[dict]:
        return [{"item_id": s.item_id, "points": s.points, "note": s.note} for s in obj.scores.all()]


class ScoreIn(Schema):
    points: dict[int, Decimal]
    notes: dict[int, str] = {}
    comments: str = ""
    on: datetime.date | None = None


class FindingOut(Schema):
    id: int
    review_id: int
    case_number: str
    body_id: int
    body: str
    category: str
    text: str
    requirement: str
    returned_on: datetime.date
    due_on: datetime.date
    state: str
    correction_note: str
    corrected_on: datetime.date | None
    accepted_on: datetime.date | None

    @staticmethod
    def resolve_case_number(obj: ReviewFinding) -> str:
        return obj.review.case.number

    @staticmethod
    def resolve_body(obj: ReviewFinding) -> str:
        return obj.body.unit.name


class FindingIn(Schema):
    category: ScoreCategory
    text: str
    requirement: str = ""
    returned_on: datetime.date | None = None
    due_on: datetime.date


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str


class LetterOut(Schema):
    id: int
    number: str
    body_id: int
    office_id: int
    issued_on: datetime.date
    text: str
    finding_ids: list[int]

    @staticmethod
    def resolve_finding_ids(obj: ReminderLetter) -> list[int]:
        return [f.pk for f in obj.findings.all()]


class LetterIn(Schema):
    finding_ids: list[int]
    number: str = ""
    issued_on: datetime.date | None = None
    text: str = ""


class AccountabilityOut(Schema):
    id: int
    body_id: int
    case_id: int | None
    case_number: str
    officer_ids: list[int]
    persons: str
    error_kind: str
    found_by: str
    description: str
    decision: str
    decided_on: datetime.date
    decided_by: str
    basis: str

    @staticmethod
    def resolve_officer_ids(obj: WrongCaseAccountability) -> list[int]:
        return [o.pk for o in obj.officers.all()]


class AccountabilityIn(Schema):
    body_id: int
    case_id: int | None = None
    case_number: str = ""
    officer_ids: list[int] = []
    persons: str = ""
    error_kind: ErrorKind
    found_by: FoundBy
    description: str = ""
    decision: Decision
    decided_on: datetime.date
    decided_by: str
    basis: str


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _reviews(user):
    return FileReview.objects.visible_to(user).select_related("case", "body__unit", "reviewer").prefetch_related(
        "scores")


def _findings(user):
    return ReviewFinding.objects.visible_to(user).select_related("review__case", "body__unit")


# ---- plans ------------------------------------------------------------------------------------------


@router.get("/plans", response=list[PlanOut], url_name="casereviews_list_plans", summary="可见的案卷评查计划")
@paginate(PageNumberPagination, page_size=50)
def list_plans(request, q: str | None = None, year: int | None = None, period_kind: str | None = None,
               state: str | None = None):
    qs = ReviewPlan.objects.visible_to(request.auth).select_related("office")
    data = {"q": q, "year": year, "period_kind": period_kind, "state": state}
    return _filtered(PlanFilter, data, qs, request.auth).order_by("-start_on", "-pk")


@router.get("/plans/{plan_id}", response=PlanOut, url_name="casereviews_get_plan", summary="评查计划详情")
def get_plan(request, plan_id: int):
    return ReviewPlan.objects.select_related("office").get_visible_or_404(request.auth, pk=plan_id)


@router.post("/plans/{plan_id}/transitions/{name}", response=PlanOut, url_name="casereviews_plan_step",
             summary="办理评查计划：commit 公布抽取输入、draw 抽取案卷、start 开始评查、finish 完成评查、close 结束评查")
def plan_step(request, plan_id: int, name: str, payload: StepIn):
    require_writer(request.auth)
    plan = ReviewPlan.objects.get_visible_or_404(request.auth, pk=plan_id)
    services.plan_step(actor=request.auth, plan=plan, name=name, on=payload.on, comment=payload.comment)
    return ReviewPlan.objects.select_related("office").get(pk=plan.pk)


@router.get("/plans/{plan_id}/verify", response=VerifyOut, url_name="casereviews_verify_draw",
            summary="由公开的抽取输入和随机种子重算抽取结果")
def verify_draw(request, plan_id: int):
    plan = ReviewPlan.objects.get_visible_or_404(request.auth, pk=plan_id)
    problems = services.verify_plan(plan)
    return {"agrees": not problems, "problems": problems}


@router.get("/plans/{plan_id}/files", response=list[ReviewOut], url_name="casereviews_list_plan_files",
            summary="评查计划抽取的案卷")
@paginate(PageNumberPagination, page_size=50)
def list_plan_files(request, plan_id: int):
    plan = ReviewPlan.objects.get_visible_or_404(request.auth, pk=plan_id)
    return _reviews(request.auth).filter(plan=plan).order_by("body_id", "pk")


@router.post("/plans/{plan_id}/cases/{case_id}/score", response=ReviewOut, url_name="casereviews_score_case",
             summary="按案件评分（案件须在本计划抽取的样本中）")
def score_case(request, plan_id: int, case_id: int, payload: ScoreIn):
    require_writer(request.auth)
    plan = ReviewPlan.objects.get_visible_or_404(request.auth, pk=plan_id)
    case = EnforcementCase.objects.filter(pk=case_id).first()
    if case is None:
        raise Http404
    review = services.review_for_case(actor=request.auth, plan=plan, case=case)
    services.score_file(actor=request.auth, review=review, points=payload.points, notes=payload.notes,
                        comments=payload.comments, on=payload.on)
    return _reviews(request.auth).get(pk=review.pk)


# ---- file reviews -----------------------------------------------------------------------------------


@router.get("/files", response=list[ReviewOut], url_name="casereviews_list_files", summary="可见的评查案卷")
@paginate(PageNumberPagination, page_size=50)
def list_files(request, q: str | None = None, plan: int | None = None, body: int | None = None,
               grade: str | None = None, scored: bool | None = None):
    data = {"q": q, "plan": plan, "body": body, "grade": grade, "scored": scored}
    return _filtered(ReviewFilter, data, _reviews(request.auth), request.auth).order_by("plan_id", "body_id", "pk")


@router.get("/files/{review_id}", response=ReviewOut, url_name="casereviews_get_file", summary="案卷评查详情")
def get_file(request, review_id: int):
    return _reviews(request.auth).get_visible_or_404(request.auth, pk=review_id)


@router.post("/files/{review_id}/score", response=ReviewOut, url_name="casereviews_score_file",
             summary="评分（本案卷的评查人员或组织单位；每项不超过分值）")
def score_file(request, review_id: int, payload: ScoreIn):
    require_writer(request.auth)
    review = FileReview.objects.get_visible_or_404(request.auth, pk=review_id)
    services.score_file(actor=request.auth, review=review, points=payload.points, notes=payload.notes,
                        comments=payload.comments, on=payload.on)
    return _reviews(request.auth).get(pk=review.pk)


@router.post("/files/{review_id}/findings", response={201: FindingOut}, url_name="casereviews_return_finding",
             summary="反馈评查发现问题（启动整改时限）")
def return_finding(request, review_id: int, payload: FindingIn):
    require_writer(request.auth)
    review = FileReview.objects.get_visible_or_404(request.auth, pk=review_id)
    data = payload.dict()
    data["category"] = ScoreCategory(data["category"]).value
    finding = services.return_finding(actor=request.auth, review=review, **data)
    return Status(201, _findings(request.auth).get(pk=finding.pk))


# ---- findings ---------------------------------------------------------------------------------------


@router.get("/findings", response=list[FindingOut], url_name="casereviews_list_findings", summary="评查发现问题")
@paginate(PageNumberPagination, page_size=50)
def list_findings(request, q: str | None = None, body: int | None = None, category: str | None = None,
                  state: str | None = None, deadline: str | None = None, year: int | None = None):
    data = {"q": q, "body": body, "category": category, "state": state, "deadline": deadline, "year": year}
    return _filtered(FindingFilter, data, _findings(request.auth), request.auth).order_by("due_on", "pk")


@router.get("/findings/{finding_id}", response=FindingOut, url_name="casereviews_get_finding",
            summary="评查发现问题详情")
def get_finding(request, finding_id: int):
    return _findings(request.auth).get_visible_or_404(request.auth, pk=finding_id)


@router.post("/findings/{finding_id}/evidence", response={201: AttachmentOut}, url_name="casereviews_upload_evidence",
             summary="上传整改佐证材料")
def upload_evidence(request, finding_id: int, file: File[UploadedFile]):
    require_writer(request.auth)
    finding = ReviewFinding.objects.get_visible_or_404(request.auth, CHANGE, pk=finding_id)
    return Status(201, services.add_evidence(actor=request.auth, finding=finding, file=file))


@router.post("/findings/{finding_id}/transitions/{name}", response=FindingOut, url_name="casereviews_finding_step",
             summary="办理评查发现问题：correct 报送整改情况、accept 验收通过、send_back 退回整改")
def finding_step(request, finding_id: int, name: str, payload: StepIn):
    require_writer(request.auth)
    finding = ReviewFinding.objects.get_visible_or_404(request.auth, pk=finding_id)
    services.finding_step(actor=request.auth, finding=finding, name=name, comment=payload.comment, on=payload.on)
    return _findings(request.auth).get(pk=finding.pk)


# ---- reminder letters -------------------------------------------------------------------------------


@router.get("/letters", response=list[LetterOut], url_name="casereviews_list_letters", summary="评查督办函")
@paginate(PageNumberPagination, page_size=50)
def list_letters(request, q: str | None = None, body: int | None = None, year: int | None = None):
    qs = ReminderLetter.objects.visible_to(request.auth).prefetch_related("findings")
    return _filtered(LetterFilter, {"q": q, "body": body, "year": year}, qs, request.auth).order_by(
        "-issued_on", "-pk")


@router.post("/letters", response={201: LetterOut}, url_name="casereviews_issue_letter",
             summary="发出督办函（由评查发现问题生成Word文件）")
def issue_letter(request, payload: LetterIn):
    require_writer(request.auth)
    findings = list(ReviewFinding.objects.visible_to(request.auth).filter(pk__in=payload.finding_ids))
    if len(findings) != len(set(payload.finding_ids)):
        raise Http404
    letter = services.issue_letter(actor=request.auth, findings=findings, number=payload.number,
                                   issued_on=payload.issued_on, text=payload.text)
    return Status(201, letter)


@router.get("/letters/{letter_id}/download", url_name="casereviews_download_letter", summary="下载督办函（Word）")
def download_letter(request, letter_id: int):
    letter = ReminderLetter.objects.get_visible_or_404(request.auth, pk=letter_id)
    if not letter.file:
        raise Http404
    return FileResponse(letter.file.open("rb"), as_attachment=True, filename=f"reminder-letter-{letter.pk}.docx")


# ---- wrong-case accountability ----------------------------------------------------------------------


@router.get("/accountability", response=list[AccountabilityOut], url_name="casereviews_list_accountability",
            summary="行政错案问责记录")
@paginate(PageNumberPagination, page_size=50)
def list_accountability(request, q: str | None = None, body: int | None = None, error_kind: str | None = None,
                        found_by: str | None = None, decision: str | None = None, year: int | None = None):
    data = {"q": q, "body": body, "error_kind": error_kind, "found_by": found_by, "decision": decision, "year": year}
    qs = WrongCaseAccountability.objects.visible_to(request.auth).prefetch_related("officers")
    return _filtered(AccountabilityFilter, data, qs, request.auth).order_by("-decided_on", "-pk")


@router.get("/accountability/{record_id}", response=AccountabilityOut, url_name="casereviews_get_accountability",
            summary="行政错案问责记录详情")
def get_accountability(request, record_id: int):
    return WrongCaseAccountability.objects.get_visible_or_404(request.auth, pk=record_id)


@router.post("/accountability", response={201: AccountabilityOut}, url_name="casereviews_create_accountability",
             summary="登记行政错案问责")
def create_accountability(request, payload: AccountabilityIn):
    require_writer(request.auth)
    data = payload.dict()
    body = EnforcementBody.objects.visible_to(request.auth).filter(pk=data.pop("body_id")).first()
    if body is None:
        raise Http404
    case_id = data.pop("case_id")
    case = EnforcementCase.objects.get_visible_or_404(request.auth, pk=case_id) if case_id is not None else None
    officer_ids = data.pop("officer_ids")
    officers = list(EnforcementOfficer.objects.visible_to(request.auth).filter(pk__in=officer_ids))
    if len(officers) != len(set(officer_ids)):
        raise Http404
    for key in ("error_kind", "found_by", "decision"):
        data[key] = str(data[key].value if hasattr(data[key], "value") else data[key])
    record = services.create_accountability(actor=request.auth, body=body, case=case, officers=officers, **data)
    return Status(201, record)
