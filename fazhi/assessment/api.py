"""API of the assessment module (/api/v1/assessment/): indicator systems, rounds, ranking, score
sheets, and the main actions (self-assessment, reviewer's score)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.assessment import scoring, services
from fazhi.assessment.filters import DemonstrationFilter, RoundFilter, SystemFilter, VillageFilter
from fazhi.assessment.models import (
    AssessmentRound,
    Demonstration,
    DemonstrationVillage,
    IndicatorSystem,
    Participant,
    ScoreEntry,
)
from fazhi.core.access import require_writer

router = Router(tags=["assessment"])


class IndicatorOut(Schema):
    id: int
    parent_id: int | None
    level: int
    position: int
    name: str
    points: Decimal
    method: str
    figure_key: str
    rule: str
    standard: str


class SystemOut(Schema):
    id: int
    title: str
    year: int
    version: int
    categories: list[str]
    total_points: Decimal
    frozen_on: datetime.date | None
    unit_id: int
    unit: str

    @staticmethod
    def resolve_unit(obj: IndicatorSystem) -> str:
        return obj.unit.name


class SystemDetailOut(SystemOut):
    indicators: list[IndicatorOut]
    weight_problems: list[str]

    @staticmethod
    def resolve_indicators(obj: IndicatorSystem) -> list:
        return [i for i, _depth in scoring.tree(list(obj.indicators.all()))]

    @staticmethod
    def resolve_weight_problems(obj: IndicatorSystem) -> list[str]:
        return services.weight_problems(obj)


class RoundOut(Schema):
    id: int
    title: str
    year: int
    state: str
    state_label: str
    system_id: int
    unit_id: int
    evidence_due_on: datetime.date
    objection_days: int
    notified_on: datetime.date | None
    objection_due_on: datetime.date | None
    finalised_on: datetime.date | None

    @staticmethod
    def resolve_state_label(obj: AssessmentRound) -> str:
        return str(obj.get_state_display())


class StandingOut(Schema):
    participant_id: int
    unit_id: int
    unit: str
    category: str
    total: Decimal
    rank: int
    last_rank: int | None
    change: int | None


class EntryOut(Schema):
    id: int
    indicator_id: int
    indicator: str
    points: Decimal
    method: str
    self_score: Decimal | None
    self_note: str
    figure_value: str
    computed_score: Decimal | None
    score: Decimal | None
    deduction_items: int | None
    comment: str
    evidence_requested: bool
    final_score: Decimal | None


class SheetOut(Schema):
    id: int
    round_id: int
    unit_id: int
    unit: str
    category: str
    state: str
    total: Decimal
    rank: int | None
    entries: list[EntryOut]


class SelfAssessIn(Schema):
    self_score: Decimal | None = None
    self_note: str = ""


class ScoreIn(Schema):
    score: Decimal | None = None
    deduction_items: int | None = None
    comment: str = ""


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _sheet(participant: Participant) -> dict:
    scored = scoring.score_participant(participant)
    entries = []
    for s in sorted(scored.values(), key=lambda s: (s.entry.indicator.level, s.entry.indicator.position,
                                                    s.entry.indicator_id)):
        e, i = s.entry, s.entry.indicator
        entries.append({"id": e.pk, "indicator_id": i.pk, "indicator": i.name, "points": i.points, "method": i.method,
                        "self_score": e.self_score, "self_note": e.self_note, "figure_value": s.display,
                        "computed_score": s.computed, "score": e.score, "deduction_items": e.deduction_items,
                        "comment": e.comment, "evidence_requested": e.evidence_requested, "final_score": s.final})
    return {"id": participant.pk, "round_id": participant.round_id, "unit_id": participant.unit_id,
            "unit": participant.unit.name, "category": participant.category, "state": participant.state,
            "total": scoring.total_of(scored), "rank": participant.rank, "entries": entries}


@router.get("/systems", response=list[SystemOut], summary="可见的考核指标体系")
@paginate(PageNumberPagination, page_size=50)
def assessment_list_systems(request, q: str | None = None, year: int | None = None):
    qs = IndicatorSystem.objects.visible_to(request.auth).select_related("unit")
    return _filtered(SystemFilter, {"q": q, "year": year}, qs, request.auth).order_by("-year", "title", "-version")


@router.get("/systems/{system_id}", response=SystemDetailOut, summary="指标体系详情（含指标树和分值检查）")
def assessment_get_system(request, system_id: int):
    return IndicatorSystem.objects.select_related("unit").get_visible_or_404(request.auth, pk=system_id)


@router.get("/rounds", response=list[RoundOut], summary="可见的考核轮次")
@paginate(PageNumberPagination, page_size=50)
def assessment_list_rounds(request, q: str | None = None, year: int | None = None, state: str | None = None):
    qs = AssessmentRound.objects.visible_to(request.auth)
    return _filtered(RoundFilter, {"q": q, "year": year, "state": state}, qs, request.auth).order_by("-year", "-pk")


@router.get("/rounds/{round_id}", response=RoundOut, summary="考核轮次详情")
def assessment_get_round(request, round_id: int):
    return AssessmentRound.objects.get_visible_or_404(request.auth, pk=round_id)


@router.get("/rounds/{round_id}/ranking", response=list[StandingOut], summary="分类别排名（含上年名次）")
def assessment_ranking(request, round_id: int):
    round_ = AssessmentRound.objects.get_visible_or_404(request.auth, pk=round_id)
    return [{"participant_id": s.participant.pk, "unit_id": s.participant.unit_id, "unit": s.participant.unit.name,
             "category": category, "total": s.total, "rank": s.rank, "last_rank": s.last_rank, "change": s.change}
            for category, rows in scoring.ranking(round_).items() for s in rows]


@router.get("/sheets/{participant_id}", response=SheetOut, summary="被考核单位的评分表")
def assessment_get_sheet(request, participant_id: int):
    participant = Participant.objects.select_related("round", "unit__region").get_visible_or_404(
        request.auth, pk=participant_id)
    return _sheet(participant)


@router.post("/entries/{entry_id}/self", response=SheetOut, summary="填报自评得分")
def assessment_self_assess(request, entry_id: int, payload: SelfAssessIn):
    require_writer(request.auth)
    entry = ScoreEntry.objects.get_visible_or_404(request.auth, pk=entry_id)
    entry = services.self_assess(actor=request.auth, entry=entry, self_score=payload.self_score,
                                 self_note=payload.self_note)
    return _sheet(Participant.objects.select_related("round", "unit__region").get(pk=entry.participant_id))


@router.post("/entries/{entry_id}/score", response=SheetOut, summary="评审打分")
def assessment_score(request, entry_id: int, payload: ScoreIn):
    require_writer(request.auth)
    entry = ScoreEntry.objects.get_visible_or_404(request.auth, pk=entry_id)
    entry = services.score(actor=request.auth, entry=entry, score=payload.score, comment=payload.comment,
                           deduction_items=payload.deduction_items)
    return _sheet(Participant.objects.select_related("round", "unit__region").get(pk=entry.participant_id))


class DemonstrationOut(Schema):
    id: int
    kind: str
    name: str
    level: str
    year: int
    unit_id: int
    unit: str
    region_code: str
    naming_document: str

    @staticmethod
    def resolve_unit(obj: Demonstration) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_region_code(obj: Demonstration) -> str:
        return obj.region_id


class VillageOut(Schema):
    id: int
    village_code: str
    village: str
    level: str
    year: int
    unit_id: int
    naming_document: str

    @staticmethod
    def resolve_village_code(obj: DemonstrationVillage) -> str:
        return obj.village_id

    @staticmethod
    def resolve_village(obj: DemonstrationVillage) -> str:
        return obj.village.name


@router.get("/demonstrations", response=list[DemonstrationOut], summary="可见的示范地区、示范单位和示范项目")
@paginate(PageNumberPagination, page_size=50)
def assessment_list_demonstrations(request, q: str | None = None, kind: str | None = None, level: str | None = None,
                                   year: int | None = None):
    qs = Demonstration.objects.visible_to(request.auth).select_related("unit")
    data = {"q": q, "kind": kind, "level": level, "year": year}
    return _filtered(DemonstrationFilter, data, qs, request.auth).order_by("-year", "level", "pk")


@router.get("/villages", response=list[VillageOut], summary="可见的民主法治示范村（社区）")
@paginate(PageNumberPagination, page_size=50)
def assessment_list_villages(request, q: str | None = None, level: str | None = None, year: int | None = None):
    qs = DemonstrationVillage.objects.visible_to(request.auth).select_related("village")
    return _filtered(VillageFilter, {"q": q, "level": level, "year": year}, qs, request.auth).order_by(
        "-year", "level", "pk")
