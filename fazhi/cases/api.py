"""API of enforcement cases (/api/v1/cases/). Operations are named `cases_…` (route names api:cases_…).

A person's ID number is never returned whole (`party_id_number_masked` only).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.cases import services
from fazhi.cases.filters import BenchmarkFilter, CaseFilter
from fazhi.cases.models import (
    ActType,
    DiscretionBenchmark,
    EnforcementCase,
    InspectionOrigin,
    MeasureKind,
    Outcome,
    PartyKind,
    RecordedAct,
    SeverePenalty,
    join_acts,
)
from fazhi.core.access import require_writer
from fazhi.enforcement.models import EnforcementItem, EnforcementOfficer, mask_id_number

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: int
    number: str
    body_id: int
    body_name: str
    item_id: int | None
    act_type: str
    party_kind: str
    party_name: str
    party_id_number_masked: str
    party_credit_code: str
    cause: str
    facts: str
    officer_ids: list[int]
    major: bool
    hearing_right: bool
    recorded_acts: list[str]
    fine_amount: Decimal | None
    confiscation_value: Decimal | None
    severe_penalties: list[str]
    hearing_grounds: list[str]
    other_penalties: str
    outcome: str
    decision_reasons: str
    remedies_notified: bool
    measure_kind: str
    inspection_origin: str
    follow_up_of_id: int | None
    benchmark_id: int | None
    state: str
    state_label: str
    registered_on: datetime.date
    reviewer_id: int | None
    review_conclusion: str
    reviewed_on: datetime.date | None
    approved_on: datetime.date | None
    imposed_on: datetime.date | None
    inspected_on: datetime.date | None
    decided_on: datetime.date | None
    decision_due_on: datetime.date | None
    decided_late: bool
    publicity_due_on: datetime.date | None
    published_on: datetime.date | None
    closed_on: datetime.date | None

    @staticmethod
    def resolve_severe_penalties(obj: EnforcementCase) -> list[str]:
        return obj.severe_penalty_list

    @staticmethod
    def resolve_hearing_grounds(obj: EnforcementCase) -> list[str]:
        return obj.hearing_grounds()

    @staticmethod
    def resolve_decided_late(obj: EnforcementCase) -> bool:
        return obj.decided_late()

    @staticmethod
    def resolve_body_name(obj: EnforcementCase) -> str:
        return obj.body.unit.name

    @staticmethod
    def resolve_party_id_number_masked(obj: EnforcementCase) -> str:
        return mask_id_number(obj.party_id_number) if obj.party_id_number else ""

    @staticmethod
    def resolve_officer_ids(obj: EnforcementCase) -> list[int]:
        return sorted(o.pk for o in obj.officers.all())

    @staticmethod
    def resolve_recorded_acts(obj: EnforcementCase) -> list[str]:
        return obj.recorded_act_list

    @staticmethod
    def resolve_state_label(obj: EnforcementCase) -> str:
        return str(obj.get_state_display())


class CaseIn(Schema):
    body_id: int
    number: str
    item_id: int | None = None
    act_type: ActType = ActType.PENALTY
    party_kind: PartyKind = PartyKind.ORGANISATION
    party_name: str
    party_id_number: str = ""
    party_credit_code: str = ""
    cause: str
    facts: str = ""
    officer_ids: list[int]
    major: bool = False
    recorded_acts: list[RecordedAct] = []
    benchmark_id: int | None = None
    fine_amount: Decimal | None = None
    deviation_reason: str = ""
    confiscation_value: Decimal | None = None
    severe_penalties: list[SeverePenalty] = []
    other_penalties: str = ""
    outcome: Outcome | None = None
    decision_reasons: str = ""
    remedies_notified: bool = False
    measure_kind: MeasureKind | None = None
    inspection_origin: InspectionOrigin | None = None
    reviewer_id: int | None = None
    registered_on: datetime.date


class StepIn(Schema):
    transition: str
    comment: str = ""
    on: datetime.date | None = None


def _cases(user):
    return EnforcementCase.objects.visible_to(user).select_related("body__unit").prefetch_related("officers")


@router.get("/", response=list[CaseOut], summary="可见的行政执法案件", url_name="cases_list_cases")
@paginate(PageNumberPagination, page_size=50)
def list_cases(request, q: str | None = None, act_type: str | None = None, state: str | None = None,
               outcome: str | None = None, body: int | None = None):
    data = {k: v for k, v in {"q": q, "act_type": act_type, "state": state, "outcome": outcome,
                              "body": body}.items() if v is not None}
    filterset = CaseFilter(data, _cases(request.auth), user=request.auth)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs.order_by("-registered_on", "-pk")


@router.get("/{case_id}", response=CaseOut, summary="行政执法案件详情", url_name="cases_get_case")
def get_case(request, case_id: int):
    return _cases(request.auth).get_visible_or_404(request.auth, pk=case_id)


@router.post("/", response={201: CaseOut}, summary="立案登记", url_name="cases_create_case")
def create_case(request, payload: CaseIn):
    require_writer(request.auth)
    fields = {k: getattr(v, "value", v) for k, v in payload.dict().items()}
    officer_ids = fields.pop("officer_ids")
    fields["recorded_acts"] = join_acts(fields["recorded_acts"])
    severe = [v for v in SeverePenalty.values if v in set(fields["severe_penalties"])]
    fields["severe_penalties"] = f",{','.join(severe)}," if severe else ""
    for name in ("outcome", "measure_kind", "inspection_origin"):
        fields[name] = fields[name] or ""
    officers = list(EnforcementOfficer.objects.visible_to(request.auth).filter(pk__in=officer_ids))
    if len(officers) != len(set(officer_ids)):
        raise Http404
    try:
        case = services.register_case(actor=request.auth, officers=officers, **fields)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "officers" in exc.error_dict:  # the payload names them officer_ids
            exc.error_dict["officer_ids"] = exc.error_dict.pop("officers")
        raise
    return Status(201, _cases(request.auth).get(pk=case.pk))


@router.post("/{case_id}/steps", response=CaseOut, summary="办理程序步骤（告知、法制审核、决定、公示等）",
             url_name="cases_step_case")
def step_case(request, case_id: int, payload: StepIn):
    require_writer(request.auth)
    case = EnforcementCase.objects.get_visible_or_404(request.auth, pk=case_id)
    services.take_step(actor=request.auth, case=case, name=payload.transition, comment=payload.comment,
                       on=payload.on)
    return _cases(request.auth).get(pk=case.pk)


# ---- discretion benchmarks (裁量基准) ----


class BenchmarkOut(Schema):
    id: int
    item_id: int
    item_name: str
    circumstance: str
    min_fine: Decimal
    max_fine: Decimal
    citation: str
    lenient: bool
    valid_from: datetime.date

    @staticmethod
    def resolve_item_name(obj: DiscretionBenchmark) -> str:
        return obj.item.name


class BenchmarkIn(Schema):
    item_id: int
    circumstance: str
    min_fine: Decimal
    max_fine: Decimal
    citation: str
    lenient: bool = False
    valid_from: datetime.date


def _benchmarks(user):
    return DiscretionBenchmark.objects.visible_to(user).select_related("item")


@router.get("/benchmarks/", response=list[BenchmarkOut], summary="可见的裁量基准", url_name="cases_list_benchmarks")
@paginate(PageNumberPagination, page_size=50)
def list_benchmarks(request, q: str | None = None, lenient: str | None = None, item: int | None = None):
    data = {k: v for k, v in {"q": q, "lenient": lenient}.items() if v is not None}
    filterset = BenchmarkFilter(data, _benchmarks(request.auth), user=request.auth)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    qs = filterset.qs
    if item is not None:
        qs = qs.filter(item_id=item)
    return qs.order_by("item_id", "circumstance", "-valid_from")


@router.get("/benchmarks/{benchmark_id}", response=BenchmarkOut, summary="裁量基准详情（罚款幅度、依据、首违不罚）",
            url_name="cases_get_benchmark")
def get_benchmark(request, benchmark_id: int):
    return _benchmarks(request.auth).get_visible_or_404(request.auth, pk=benchmark_id)


@router.post("/benchmarks/", response={201: BenchmarkOut}, summary="新增裁量基准", url_name="cases_create_benchmark")
def create_benchmark(request, payload: BenchmarkIn):
    require_writer(request.auth)
    fields = payload.dict()
    item = EnforcementItem.objects.visible_to(request.auth).filter(pk=fields.pop("item_id")).first()
    if item is None:
        raise Http404
    benchmark = services.create_benchmark(actor=request.auth, item=item, **fields)
    return Status(201, _benchmarks(request.auth).get(pk=benchmark.pk))
