"""API of inspections (/api/v1/inspections/): inspections, findings, the rectification ledger (list, detail,
issue, evidence, steps, escalation), reminder letters, interference records."""

import datetime

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.models import Unit
from fazhi.inspections import services
from fazhi.inspections.filters import FindingFilter, InspectionFilter, InterferenceFilter, ItemFilter
from fazhi.inspections.models import (
    Category,
    Escalation,
    EscalationKind,
    Finding,
    Inspection,
    InterferenceRecord,
    RectificationItem,
    Source,
)

router = Router(tags=["inspections"])


class InspectionOut(Schema):
    id: int
    title: str
    level: str
    organizer_id: int
    organizer: str
    topic: str
    team: str
    start_on: datetime.date
    end_on: datetime.date | None
    methods: list[str]
    inspected_unit_ids: list[int]

    @staticmethod
    def resolve_organizer(obj: Inspection) -> str:
        return obj.organizer.name

    @staticmethod
    def resolve_methods(obj: Inspection) -> list[str]:
        return obj.method_labels()

    @staticmethod
    def resolve_inspected_unit_ids(obj: Inspection) -> list[int]:
        return [u.pk for u in obj.inspected_units.all()]


class FindingOut(Schema):
    id: int
    inspection_id: int | None
    source: str
    higher_inspection: str
    higher_document: str
    unit_id: int
    unit: str
    category: str
    category_label: str
    found_on: datetime.date
    description: str

    @staticmethod
    def resolve_unit(obj: Finding) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_category_label(obj: Finding) -> str:
        return str(obj.get_category_display())


class FindingIn(Schema):
    inspection_id: int | None = None
    source: Source = Source.LOCAL
    higher_inspection: str = ""
    higher_document: str = ""
    unit_id: int
    category: Category
    found_on: datetime.date
    description: str


class ItemOut(Schema):
    id: int
    finding_id: int
    category: str
    inspection: str
    requirement: str
    measures: str
    responsible_unit_id: int
    responsible_unit: str
    responsible_leader: str
    issued_on: datetime.date
    due_on: datetime.date
    state: str
    state_label: str
    closed_on: datetime.date | None
    escalation: str
    days_overdue: int

    @staticmethod
    def resolve_category(obj: RectificationItem) -> str:
        return obj.finding.category

    @staticmethod
    def resolve_inspection(obj: RectificationItem) -> str:
        return obj.finding.origin

    @staticmethod
    def resolve_responsible_unit(obj: RectificationItem) -> str:
        return obj.responsible_unit.name

    @staticmethod
    def resolve_state_label(obj: RectificationItem) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_days_overdue(obj: RectificationItem) -> int:
        return obj.days_overdue()


class ItemIn(Schema):
    finding_id: int
    requirement: str
    measures: str = ""
    responsible_unit_id: int | None = None
    responsible_leader: str
    issued_on: datetime.date
    due_on: datetime.date


class StepIn(Schema):
    comment: str = ""
    on: datetime.date | None = None


class EscalationIn(Schema):
    kind: EscalationKind
    on: datetime.date | None = None
    note: str = ""


class EscalationOut(Schema):
    id: int
    item_id: int
    kind: str
    on: datetime.date
    days_overdue: int
    note: str
    has_letter: bool

    @staticmethod
    def resolve_has_letter(obj: Escalation) -> bool:
        return obj.letter_id is not None


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str


class InterferenceOut(Schema):
    id: int
    unit_id: int
    unit: str
    occurred_on: datetime.date
    person_name: str
    person_post: str
    case: str
    manner: str
    content: str
    handling: str
    handling_note: str

    @staticmethod
    def resolve_unit(obj: InterferenceRecord) -> str:
        return obj.unit.name


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _items(user):
    return RectificationItem.objects.visible_to(user).select_related("finding__inspection", "responsible_unit")


@router.get("/inspections", response=list[InspectionOut],
             url_name="inspections_list_inspections", summary="可见的督察")
@paginate(PageNumberPagination, page_size=50)
def list_inspections(request, q: str | None = None, year: int | None = None, level: str | None = None):
    qs = Inspection.objects.visible_to(request.auth).select_related("organizer").prefetch_related("inspected_units")
    return _filtered(InspectionFilter, {"q": q, "year": year, "level": level}, qs, request.auth).order_by(
        "-start_on", "-pk")


@router.get("/inspections/{inspection_id}", response=InspectionOut,
             url_name="inspections_get_inspection", summary="督察详情")
def get_inspection(request, inspection_id: int):
    return Inspection.objects.select_related("organizer").get_visible_or_404(request.auth, pk=inspection_id)


@router.get("/findings", response=list[FindingOut], url_name="inspections_list_findings", summary="可见的督察发现问题")
@paginate(PageNumberPagination, page_size=50)
def list_findings(request, q: str | None = None, category: str | None = None, source: str | None = None,
                  inspection: int | None = None, unit: int | None = None, year: int | None = None):
    data = {"q": q, "category": category, "source": source, "inspection": inspection, "unit": unit, "year": year}
    qs = Finding.objects.visible_to(request.auth).select_related("unit", "inspection")
    return _filtered(FindingFilter, data, qs, request.auth).order_by("-found_on", "pk")


@router.get("/findings/{finding_id}", response=FindingOut,
             url_name="inspections_get_finding", summary="督察发现问题详情")
def get_finding(request, finding_id: int):
    return Finding.objects.select_related("unit").get_visible_or_404(request.auth, pk=finding_id)


@router.post("/findings", response={201: FindingOut},
             url_name="inspections_create_finding", summary="登记督察发现问题（本级督察或上级督察反馈）")
def create_finding(request, payload: FindingIn):
    require_writer(request.auth)
    fields = payload.dict()
    fields["source"], fields["category"] = Source(fields["source"]).value, Category(fields["category"]).value
    unit = Unit.objects.visible_to(request.auth).filter(pk=fields.pop("unit_id")).first()
    if unit is None:
        raise Http404
    inspection_id = fields.pop("inspection_id")
    inspection = None
    if inspection_id is not None:
        inspection = Inspection.objects.get_visible_or_404(request.auth, CHANGE, pk=inspection_id)
    return Status(201, services.create_finding(actor=request.auth, unit=unit, inspection=inspection, **fields))


@router.get("/items", response=list[ItemOut], url_name="inspections_list_items", summary="整改台账")
@paginate(PageNumberPagination, page_size=50)
def list_items(request, q: str | None = None, inspection: int | None = None, source: str | None = None,
               category: str | None = None, responsible_unit: int | None = None, state: str | None = None,
               deadline: str | None = None, escalation: str | None = None, year: int | None = None):
    data = {"q": q, "inspection": inspection, "source": source, "category": category,
            "responsible_unit": responsible_unit, "state": state, "deadline": deadline, "escalation": escalation,
            "year": year}
    return _filtered(ItemFilter, data, _items(request.auth), request.auth).order_by("due_on", "pk")


@router.get("/items/{item_id}", response=ItemOut, url_name="inspections_get_item", summary="整改事项详情")
def get_item(request, item_id: int):
    return _items(request.auth).get_visible_or_404(request.auth, pk=item_id)


@router.post("/items", response={201: ItemOut}, url_name="inspections_create_item", summary="交办整改事项（启动整改时限）")
def create_item(request, payload: ItemIn):
    require_writer(request.auth)
    fields = payload.dict()
    finding = Finding.objects.get_visible_or_404(request.auth, CHANGE, pk=fields.pop("finding_id"))
    unit_id = fields.pop("responsible_unit_id")
    unit = None
    if unit_id is not None:
        unit = Unit.objects.visible_to(request.auth).filter(pk=unit_id).first()
        if unit is None:
            raise Http404
    item = services.issue_item(actor=request.auth, finding=finding, responsible_unit=unit, **fields)
    return Status(201, _items(request.auth).get(pk=item.pk))


@router.post("/items/{item_id}/evidence", response={201: AttachmentOut},
             url_name="inspections_upload_evidence", summary="上传整改佐证材料")
def upload_evidence(request, item_id: int, file: File[UploadedFile]):
    require_writer(request.auth)
    item = RectificationItem.objects.get_visible_or_404(request.auth, CHANGE, pk=item_id)
    return Status(201, services.add_evidence(actor=request.auth, item=item, file=file))


@router.post("/items/{item_id}/transitions/{name}", response=ItemOut,
             url_name="inspections_take_step", summary="办理整改事项：start 开始整改、submit 报送整改材料、close 销号、return 退回整改")
def take_step(request, item_id: int, name: str, payload: StepIn):
    require_writer(request.auth)
    item = RectificationItem.objects.get_visible_or_404(request.auth, pk=item_id)
    services.take_step(actor=request.auth, item=item, name=name, comment=payload.comment, on=payload.on)
    return _items(request.auth).get(pk=item.pk)


@router.post("/items/{item_id}/escalations", response={201: EscalationOut},
             url_name="inspections_escalate",
             summary="督办逾期整改事项：reminder_letter 督办函（生成Word文件）、interview 约谈、public_notice 通报")
def escalate(request, item_id: int, payload: EscalationIn):
    require_writer(request.auth)
    item = RectificationItem.objects.get_visible_or_404(request.auth, CHANGE, pk=item_id)
    return Status(201, services.escalate(actor=request.auth, item=item, kind=EscalationKind(payload.kind).value,
                                         on=payload.on, note=payload.note))


@router.get("/escalations/{escalation_id}/letter",
             url_name="inspections_download_letter", summary="下载督办函（Word）")
def download_letter(request, escalation_id: int):
    escalation = Escalation.objects.select_related("letter").get_visible_or_404(request.auth, pk=escalation_id)
    if escalation.letter is None:
        raise Http404
    return FileResponse(escalation.letter.file.open("rb"), as_attachment=True, filename=escalation.letter.name)


@router.get("/interference", response=list[InterferenceOut],
             url_name="inspections_list_interference", summary="过问、干预、插手执法案件记录")
@paginate(PageNumberPagination, page_size=50)
def list_interference(request, q: str | None = None, unit: int | None = None, manner: str | None = None,
                      handling: str | None = None, year: int | None = None):
    data = {"q": q, "unit": unit, "manner": manner, "handling": handling, "year": year}
    qs = InterferenceRecord.objects.visible_to(request.auth).select_related("unit")
    return _filtered(InterferenceFilter, data, qs, request.auth).order_by("-occurred_on", "-pk")


@router.get("/interference/{record_id}", response=InterferenceOut,
             url_name="inspections_get_interference", summary="干预记录详情")
def get_interference(request, record_id: int):
    return InterferenceRecord.objects.select_related("unit").get_visible_or_404(request.auth, pk=record_id)
