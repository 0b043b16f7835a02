"""API of law study and exams (/api/v1/study/): sessions, questions, exams and results, and the
candidate's sitting (start, answer, submit). A paper never shows the correct answers before it is
handed in."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from fazhi.api.base import PageNumberPagination
from fazhi.core.access import require_writer
from fazhi.study import services
from fazhi.study.filters import ExamFilter, QuestionFilter, SessionFilter, SittingFilter
from fazhi.study.models import (
    SESSION_WRITERS,
    Exam,
    Question,
    QuestionType,
    Sitting,
    StudyKind,
    StudySession,
)

router = Router(tags=["study"])


class SessionOut(Schema):
    id: int
    unit_id: int
    unit: str
    kind: str
    kind_label: str
    held_on: datetime.date
    topic: str
    laws: str
    speaker: str
    venue: str
    expected: int
    present: int

    @staticmethod
    def resolve_unit(obj: StudySession) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_kind_label(obj: StudySession) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_expected(obj: StudySession) -> int:
        return len(obj.attendances.all())

    @staticmethod
    def resolve_present(obj: StudySession) -> int:
        return sum(1 for a in obj.attendances.all() if a.present)


class SessionIn(Schema):
    unit_id: int
    kind: StudyKind
    held_on: datetime.date
    topic: str = Field(..., max_length=200)
    laws: str = ""
    speaker: str = Field("", max_length=100)
    venue: str = Field("", max_length=200)
    notes: str = ""


class QuestionOut(Schema):
    id: int
    unit_id: int
    qtype: str
    stem: str
    options: list[str]
    answer: str
    source: str
    tags: str
    active: bool


class QuestionIn(Schema):
    unit_id: int
    qtype: QuestionType
    stem: str
    options: list[str] = []
    answer: str = Field(..., max_length=10)
    source: str = Field(..., max_length=200)
    tags: str = Field("", max_length=200)
    active: bool = True


class ExamOut(Schema):
    id: int
    unit_id: int
    kind: str
    title: str
    time_limit_minutes: int
    pass_mark: int
    total_points: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime


class ItemOut(Schema):
    position: int
    qtype: str
    stem: str
    options: list[str]
    points: int
    given: str
    correct: str | None = None
    is_correct: bool | None = None
    source: str | None = None


class SittingOut(Schema):
    id: int
    exam_id: int
    exam: str
    candidate_id: int
    candidate: str
    candidate_unit: str
    state: str
    state_label: str
    started_at: datetime.datetime
    deadline_at: datetime.datetime
    finished_at: datetime.datetime | None
    score: int | None
    total: int
    passed: bool | None

    @staticmethod
    def resolve_exam(obj: Sitting) -> str:
        return obj.exam.title

    @staticmethod
    def resolve_candidate(obj: Sitting) -> str:
        return str(obj.candidate)

    @staticmethod
    def resolve_candidate_unit(obj: Sitting) -> str:
        return obj.candidate_unit.name

    @staticmethod
    def resolve_state_label(obj: Sitting) -> str:
        return str(obj.get_state_display())


class PaperOut(SittingOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: Sitting) -> list[dict]:
        finished = obj.finished
        return [{"position": i.position, "qtype": i.qtype, "stem": i.stem, "options": i.options,
                 "points": i.points, "given": i.given,
                 "correct": i.correct if finished else None, "is_correct": i.is_correct if finished else None,
                 "source": i.source if finished else None} for i in obj.items.all()]


class AnswersIn(Schema):
    answers: dict[int, str] = Field(..., description="题号 → 作答：单选如 B，多选如 ACD，判断题 T/F")


class SubmitIn(Schema):
    answers: dict[int, str] = Field(default_factory=dict)


def _filtered(filter_class, data: dict, qs, user):
    filterset = filter_class({k: v for k, v in data.items() if v is not None}, qs, user=user)
    if not filterset.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in filterset.form.errors.items()})
    return filterset.qs


def _sessions(user):
    return StudySession.objects.visible_to(user).select_related("unit").prefetch_related("attendances")


@router.get("/sessions", response=list[SessionOut], summary="可见的学法活动")
@paginate(PageNumberPagination, page_size=50)
def list_study_sessions(request, q: str | None = None, kind: str | None = None, region: str | None = None,
                  held_from: datetime.date | None = None, held_to: datetime.date | None = None):
    data = {"q": q, "kind": kind, "region": region, "held_from": held_from, "held_to": held_to}
    return _filtered(SessionFilter, data, _sessions(request.auth), request.auth).order_by("-held_on", "-pk")


@router.get("/sessions/{session_id}", response=SessionOut, summary="学法活动详情")
def get_study_session(request, session_id: int):
    return _sessions(request.auth).get_visible_or_404(request.auth, pk=session_id)


@router.post("/sessions", response={201: SessionOut}, summary="登记学法活动")
def create_study_session(request, payload: SessionIn):
    require_writer(request.auth)
    fields = payload.dict()
    unit = services.writable_units(request.auth, SESSION_WRITERS).filter(pk=fields.pop("unit_id")).first()
    if unit is None:
        raise Http404
    fields["kind"] = StudyKind(fields["kind"]).value
    session = services.create_session(actor=request.auth, unit=unit, **fields)
    return Status(201, _sessions(request.auth).get(pk=session.pk))


@router.get("/questions", response=list[QuestionOut], summary="可见的试题")
@paginate(PageNumberPagination, page_size=50)
def list_study_questions(request, q: str | None = None, qtype: str | None = None, active: bool | None = None):
    data = {"q": q, "qtype": qtype, "active": None if active is None else str(active).lower()}
    return _filtered(QuestionFilter, data, Question.objects.visible_to(request.auth), request.auth).order_by("pk")


@router.get("/questions/{question_id}", response=QuestionOut, summary="试题详情")
def get_study_question(request, question_id: int):
    return Question.objects.get_visible_or_404(request.auth, pk=question_id)


@router.post("/questions", response={201: QuestionOut}, summary="新建试题")
def create_study_question(request, payload: QuestionIn):
    require_writer(request.auth)
    fields = payload.dict()
    unit = services.writable_units(request.auth).filter(pk=fields.pop("unit_id")).first()
    if unit is None:
        raise Http404
    fields["qtype"] = QuestionType(fields["qtype"]).value
    return Status(201, services.create_question(actor=request.auth, unit=unit, **fields))


@router.get("/exams", response=list[ExamOut], summary="可见的考试（组织方）")
@paginate(PageNumberPagination, page_size=50)
def list_study_exams(request, q: str | None = None, kind: str | None = None):
    return _filtered(ExamFilter, {"q": q, "kind": kind}, Exam.objects.visible_to(request.auth),
                     request.auth).order_by("-opens_at", "-pk")


@router.get("/exams/{exam_id}", response=ExamOut, summary="考试详情（组织方）")
def get_study_exam(request, exam_id: int):
    return Exam.objects.get_visible_or_404(request.auth, pk=exam_id)


@router.get("/exams/{exam_id}/results", response=list[SittingOut], summary="考试成绩（按人）")
@paginate(PageNumberPagination, page_size=50)
def study_exam_results(request, exam_id: int, q: str | None = None, state: str | None = None,
                 passed: bool | None = None, region: str | None = None):
    exam = Exam.objects.get_visible_or_404(request.auth, pk=exam_id)
    services.close_expired(exam=exam)
    qs = Sitting.objects.visible_to(request.auth).filter(exam=exam).select_related(
        "exam", "candidate", "candidate_unit")
    data = {"q": q, "state": state, "region": region, "passed": None if passed is None else str(passed).lower()}
    return _filtered(SittingFilter, data, qs, request.auth).order_by("-score", "pk")


# ---- the candidate ------------------------------------------------------------------------------------


class MyExamOut(ExamOut):
    sitting_id: int | None = None


@router.get("/my/exams", response=list[MyExamOut], summary="我可以参加的考试")
def my_study_exams(request):
    services.close_expired(candidate=request.auth)
    own = dict(Sitting.objects.of_candidate(request.auth).values_list("exam_id", "pk"))
    exams = list(services.exams_for_candidate(request.auth).order_by("-opens_at")[:100])
    for exam in exams:
        exam.sitting_id = own.get(exam.pk)
    return exams


def _own_sitting(user, sitting_id: int) -> Sitting:
    sitting = (Sitting.objects.of_candidate(user).select_related("exam", "candidate", "candidate_unit")
               .filter(pk=sitting_id).first())
    if sitting is None:
        raise Http404
    return sitting


@router.post("/exams/{exam_id}/start", response={201: PaperOut}, summary="开始考试：抽取试卷")
def start_study_sitting(request, exam_id: int):
    exam = services.exams_for_candidate(request.auth).filter(pk=exam_id).first()
    if exam is None:
        raise Http404
    sitting = services.start_sitting(actor=request.auth, exam=exam)
    return Status(201, _own_sitting(request.auth, sitting.pk))


@router.get("/sittings/{sitting_id}", response=PaperOut, summary="我的试卷（交卷后含正确答案）")
def get_study_sitting(request, sitting_id: int):
    services.close_expired(candidate=request.auth)
    return _own_sitting(request.auth, sitting_id)


@router.post("/sittings/{sitting_id}/answers", response=PaperOut, summary="保存作答")
def answer_study_sitting(request, sitting_id: int, payload: AnswersIn):
    sitting = _own_sitting(request.auth, sitting_id)
    services.save_answers(actor=request.auth, sitting=sitting, answers=payload.answers)
    return _own_sitting(request.auth, sitting_id)


@router.post("/sittings/{sitting_id}/submit", response=PaperOut, summary="交卷：立即评分")
def submit_study_sitting(request, sitting_id: int, payload: SubmitIn | None = None):
    sitting = _own_sitting(request.auth, sitting_id)
    services.submit(actor=request.auth, sitting=sitting, answers=payload.answers if payload else None)
    return _own_sitting(request.auth, sitting_id)

