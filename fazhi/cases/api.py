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
from fazhi.cases.filters import CaseFilter
from fazhi.cases.models import ActType, EnforcementCase, Outcome, PartyKind, RecordedAct, join_acts
from fazhi.core.access import require_writer
from fazhi.enforcement.models import EnforcementOfficer, mask_id_number

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
    other_penalties: str
    outcome: str
    state: str
    state_label: str
    registered_on: datetime.date
    reviewer_id: int | None
    review_conclusion: str
    reviewed_on: datetime.date | None
    decided_on: datetime.date | None
    decision_due_on: datetime.date | None
    published_on: datetime.date | None
    closed_on: datetime.date | None

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
    hearing_right: bool = False
    recorded_acts: list[RecordedAct] = []
    benchmark_id: int | None = None
    fine_amount: Decimal | None = None
    deviation_reason: str = ""
    other_penalties: str = ""
    outcome: Outcome | None = None
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
    fields["outcome"] = fields["outcome"] or ""
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
