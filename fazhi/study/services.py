"""Writes of law study and exams: keyword-only, typed, validated before the transaction, atomic, audited.

Missing and forbidden records both raise Http404; invalid input raises ValidationError with Chinese
messages keyed by field. Time in a sitting is the server's: the deadline is fixed when the paper is
drawn, an answer or a submission later than the deadline (plus a short grace for the network) is
refused and not saved, and the sitting is closed and marked on what was saved before.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.core import access, audit, regions
from fazhi.core.access import CHANGE, SYSTEM
from fazhi.core.audit import acting_as
from fazhi.core.models import Unit, User
from fazhi.study.models import (
    MANAGERS,
    OPTION_LETTERS,
    SESSION_WRITERS,
    Attendance,
    Candidate,
    Exam,
    PaperItem,
    Question,
    QuestionType,
    Sitting,
    SittingState,
    StudyRule,
    StudySession,
    normalise_answer,
)

# An answer sent in the last seconds reaches the server a little later: this much is still accepted.
# It is a tolerance for the network, not extra time (the page shows the deadline without it).
GRACE = datetime.timedelta(seconds=30)


class TimeUp(ValidationError):
    """An answer or a submission arrived after the sitting's deadline."""


def writable_units(user: Any, roles: frozenset[str] = MANAGERS) -> QuerySet[Unit]:
    """Units in which the user may create records kept by `roles`."""
    return access.writable_units(user, roles)


_save = audit.save_validated  # validate, then save as the actor


def _require_unit(actor: Any, unit_id: int | None, roles: frozenset[str]) -> None:
    if unit_id is None or not writable_units(actor, roles).filter(pk=unit_id).exists():
        raise Http404


# ---- study sessions ----------------------------------------------------------------------------------


@transaction.atomic
def save_session(*, actor: Any, session: StudySession) -> StudySession:
    """Create or update a study session of a unit the actor manages."""
    if not session._state.adding:
        StudySession.objects.get_visible_or_404(actor, CHANGE, pk=session.pk)
    _require_unit(actor, session.unit_id, SESSION_WRITERS)
    return _save(actor, session)


def create_session(*, actor: Any, **fields: Any) -> StudySession:
    return save_session(actor=actor, session=StudySession(**fields))


def _names(lines: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for line in lines:
        for name in str(line).replace("，", ",").replace("、", ",").replace("\n", ",").split(","):
            name = name.strip()
            if name and name not in seen:
                seen.append(name)
    return seen


def set_attendance(*, actor: Any, session: StudySession, present_users: Iterable[User] = (),
                   absent_users: Iterable[User] = (), present_names: Iterable[str] = (),
                   absent_names: Iterable[str] = ()) -> list[Attendance]:
    """Replace the session's attendance: staff users of the unit and/or names typed in, present or absent."""
    StudySession.objects.get_visible_or_404(actor, CHANGE, pk=session.pk)
    present_users, absent_users = list(present_users), list(absent_users)
    errors: dict[str, list[str]] = {}
    both = {u.pk for u in present_users} & {u.pk for u in absent_users}
    if both:
        errors["absent_users"] = [gettext("同一人不能既出席又缺席。")]
    staff = set(User.objects.filter(unit__path__startswith=session.unit.path).values_list("pk", flat=True))
    outside = [str(u) for u in (*present_users, *absent_users) if u.pk not in staff]
    if outside:
        errors["present_users"] = [gettext("“%(names)s”不是%(unit)s的工作人员：其他人员请在姓名栏填写。") % {
            "names": "、".join(outside), "unit": session.unit.name}]
    pn, an = _names(present_names), _names(absent_names)
    if set(pn) & set(an):
        errors["absent_names"] = [gettext("同一姓名不能既出席又缺席：%(n)s。") % {"n": "、".join(set(pn) & set(an))}]
    if any(len(n) > 50 for n in (*pn, *an)):
        errors["present_names"] = [gettext("姓名不得超过50个字。")]
    if errors:
        raise ValidationError(errors)
    rows = ([(u, str(u), True) for u in present_users] + [(u, str(u), False) for u in absent_users]
            + [(None, n, True) for n in pn] + [(None, n, False) for n in an])
    with transaction.atomic(), acting_as(actor):
        for old in list(session.attendances.all()):
            old.delete()
        saved = []
        for user, name, present in rows:
            row = Attendance(session=session, user=user, name=name[:50], present=present)
            row.save()
            saved.append(row)
    return saved


@transaction.atomic
def save_rule(*, actor: Any, rule: StudyRule) -> StudyRule:
    if not rule._state.adding:
        StudyRule.objects.get_visible_or_404(actor, CHANGE, pk=rule.pk)
    _require_unit(actor, rule.unit_id, MANAGERS)
    return _save(actor, rule)


def create_rule(*, actor: Any, **fields: Any) -> StudyRule:
    return save_rule(actor=actor, rule=StudyRule(**fields))


# ---- question bank -------------------------------------------------------------------------------------


@transaction.atomic
def save_question(*, actor: Any, question: Question) -> Question:
    if not question._state.adding:
        Question.objects.get_visible_or_404(actor, CHANGE, pk=question.pk)
    _require_unit(actor, question.unit_id, MANAGERS)
    return _save(actor, question)


def create_question(*, actor: Any, **fields: Any) -> Question:
    return save_question(actor=actor, question=Question(**fields))


def bank_for(unit: Unit, topic: str = "") -> QuerySet[Question]:
    """The active questions an exam of `unit` draws from: those kept in its region or any region above."""
    prefix = unit.region_prefix
    codes = [unit.region_id, *regions.ancestor_codes(prefix)]
    qs = Question.objects.filter(active=True, unit__region_id__in=codes)
    if topic:
        qs = qs.filter(tags__contains=topic)
    return qs


def _check_bank(exam: Exam) -> None:
    if exam.unit_id is None:
        return
    counts = dict(bank_for(exam.unit, exam.topic).order_by().values_list("qtype").annotate(n=Count("pk")))
    errors: dict[str, list[str]] = {}
    for qtype, wanted, _points in exam.draw_counts():
        have = counts.get(qtype, 0)
        if wanted > have:
            field = f"{qtype}_count"
            errors[field] = [gettext("组卷规则要求%(type)s%(want)d道，题库中%(topic)s在用的%(type)s只有%(have)d道。") % {
                "type": QuestionType(qtype).label, "want": wanted, "have": have,
                "topic": gettext("专题“%(t)s”") % {"t": exam.topic} if exam.topic else ""}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_exam(*, actor: Any, exam: Exam, candidates: Iterable[User] | None = None) -> Exam:
    """Create or update an exam; `candidates` (if given) replaces the named candidates."""
    if not exam._state.adding:
        old = Exam.objects.get_visible_or_404(actor, CHANGE, pk=exam.pk)
        if old.sittings.exists() and (old.draw_counts() != exam.draw_counts() or old.topic != exam.topic
                                      or old.pass_mark != exam.pass_mark):
            raise ValidationError({"pass_mark": gettext("已有考生参加考试，不能再修改组卷规则和合格分数。")})
    _require_unit(actor, exam.unit_id, MANAGERS)
    exam.full_clean()
    _check_bank(exam)
    with acting_as(actor):
        exam.save()
        if candidates is not None:
            wanted = {u.pk: u for u in candidates}
            for row in list(exam.candidates.all()):
                if row.user_id not in wanted:
                    row.delete()
                else:
                    wanted.pop(row.user_id)
            for user in wanted.values():
                Candidate(exam=exam, user=user).save()
    return exam


def create_exam(*, actor: Any, candidates: Iterable[User] | None = None, **fields: Any) -> Exam:
    return save_exam(actor=actor, exam=Exam(**fields), candidates=candidates)


def is_candidate(exam: Exam, user: Any) -> bool:
    if not getattr(user, "pk", None):
        return False
    if exam.candidates.filter(user_id=user.pk).exists():
        return True
    if exam.candidate_unit_id and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id, path__startswith=exam.candidate_unit.path).exists()
    return False


def exams_for_candidate(user: Any) -> QuerySet[Exam]:
    """Exams the user may sit: named, or on the staff of the candidate unit (or a unit below it)."""
    if not getattr(user, "pk", None):
        return Exam.objects.none()
    q = Q(candidates__user_id=user.pk)
    if user.unit_id:
        path = Unit.objects.filter(pk=user.unit_id).values_list("path", flat=True).first() or ""
        prefixes = [p for p in path.strip("/").split("/") if p]
        q |= Q(candidate_unit_id__in=[int(p) for p in prefixes])
    return Exam.objects.filter(q).distinct()


# ---- sittings ------------------------------------------------------------------------------------------


def _seed(exam: Exam, user: Any) -> int:
    digest = hashlib.sha256(f"study:{exam.pk}:{user.pk}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def draw(exam: Exam, seed: int) -> list[tuple[Question, int]]:
    """The paper for a seed: questions by type in the exam's order, each with its points. Deterministic:
    the same seed and bank give the same paper."""
    rng = random.Random(seed)
    paper: list[tuple[Question, int]] = []
    bank = bank_for(exam.unit, exam.topic)
    for qtype, count, points in exam.draw_counts():
        if not count:
            continue
        ids = sorted(bank.filter(qtype=qtype).values_list("pk", flat=True))
        if len(ids) < count:
            raise ValidationError(gettext("题库中在用的%(type)s不足%(n)d道，无法组卷，请联系考试组织单位。") % {
                "type": QuestionType(qtype).label, "n": count})
        chosen = rng.sample(ids, count)
        by_id = Question.objects.in_bulk(chosen)
        paper += [(by_id[pk], points) for pk in chosen]
    return paper


def start_sitting(*, actor: Any, exam: Exam, now: datetime.datetime | None = None) -> Sitting:
    """The candidate starts: the paper is drawn, stored, and the deadline fixed. Starting again returns
    the same sitting (a reload does not draw a new paper)."""
    now = now or timezone.now()
    if not is_candidate(exam, actor):
        raise Http404
    existing = Sitting.objects.of_candidate(actor).filter(exam=exam).first()
    if existing is not None:
        return existing
    if not exam.is_open(now):
        raise ValidationError(gettext("考试开放时间为%(a)s至%(b)s，现在不能开始答题。") % {
            "a": timezone.localtime(exam.opens_at).strftime("%Y-%m-%d %H:%M"),
            "b": timezone.localtime(exam.closes_at).strftime("%Y-%m-%d %H:%M")})
    if actor.unit_id is None:
        raise ValidationError(gettext("您的账号未设所属单位，不能参加考试。"))
    seed = _seed(exam, actor)
    paper = draw(exam, seed)
    deadline = min(now + datetime.timedelta(minutes=exam.time_limit_minutes), exam.closes_at)
    with transaction.atomic(), acting_as(actor):
        sitting = Sitting(exam=exam, candidate=actor, candidate_unit_id=actor.unit_id, seed=seed,
                          started_at=now, deadline_at=deadline, total=exam.total_points)
        sitting.save()
        for position, (question, points) in enumerate(paper, start=1):
            PaperItem(sitting=sitting, position=position, question=question, qtype=question.qtype,
                      stem=question.stem, options=question.options, correct=question.answer,
                      source=question.source, points=points).save()
    return sitting


def _own(actor: Any, sitting: Sitting) -> Sitting:
    locked = Sitting.objects.of_candidate(actor).select_for_update().filter(pk=sitting.pk).first()
    if locked is None:
        raise Http404
    return locked


def _late(sitting: Sitting, now: datetime.datetime) -> bool:
    return now > sitting.deadline_at + GRACE


def _time_up_message(sitting: Sitting) -> str:
    return gettext("考试时间已到（交卷截止时间%(t)s），本次提交未保存；试卷已按截止前保存的作答自动评分。") % {
        "t": timezone.localtime(sitting.deadline_at).strftime("%Y-%m-%d %H:%M:%S")}


def _validate_answer(item: PaperItem, raw: str) -> str:
    value = normalise_answer(item.qtype, raw)
    if not value:
        return ""
    if item.qtype == QuestionType.JUDGE:
        ok = value in ("T", "F")
    else:
        ok = set(value) <= set(OPTION_LETTERS[:len(item.options)]) and (
            item.qtype != QuestionType.SINGLE or len(value) == 1)
    if not ok:
        raise ValidationError({f"q{item.position}": gettext("第%(n)d题的作答“%(a)s”不是该题的选项。") % {
            "n": item.position, "a": raw}})
    return value


def _mark(sitting: Sitting, state: str, now: datetime.datetime) -> Sitting:
    """Mark the sitting (inside the caller's transaction). Answered items were marked when answered
    (shown only once the paper is handed in); the unanswered ones are marked wrong now."""
    score = 0
    for item in sitting.items.all():
        if item.is_correct is None:
            item.is_correct = False
            item.save()
        if item.is_correct:
            score += item.points
    sitting.score = score
    sitting.passed = score >= sitting.exam.pass_mark
    sitting.state = state
    sitting.finished_at = min(now, sitting.deadline_at) if state == SittingState.EXPIRED else now
    sitting.save()
    return sitting


def _close_expired_one(sitting: Sitting, now: datetime.datetime) -> None:
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.state == SittingState.IN_PROGRESS and _late(locked, now):
            with acting_as(SYSTEM):  # the clock closes it, not a person
                _mark(locked, SittingState.EXPIRED, now)


def save_answers(*, actor: Any, sitting: Sitting, answers: dict[int, str],
                 now: datetime.datetime | None = None) -> Sitting:
    """Save the candidate's answers by question number. After the deadline nothing is saved."""
    now = now or timezone.now()
    own = Sitting.objects.of_candidate(actor).filter(pk=sitting.pk).first()
    if own is None:
        raise Http404
    if own.state != SittingState.IN_PROGRESS:
        raise ValidationError(gettext("本场考试已交卷，不能再作答。"))
    if _late(own, now):
        _close_expired_one(own, now)
        raise TimeUp(_time_up_message(own))
    items = {i.position: i for i in own.items.all()}
    unknown = [n for n in answers if n not in items]
    if unknown:
        raise ValidationError(gettext("试卷中没有第%(n)s题。") % {"n": "、".join(map(str, unknown))})
    values = {n: _validate_answer(items[n], raw) for n, raw in answers.items()}
    with transaction.atomic(), acting_as(actor):
        own = _own(actor, own)
        for n, value in values.items():
            item = items[n]
            if item.given != value:
                item.given = value
                item.answered_at = now
                item.is_correct = (value == item.correct) if value else None
                item.save()
    return own


def submit(*, actor: Any, sitting: Sitting, answers: dict[int, str] | None = None,
           now: datetime.datetime | None = None) -> Sitting:
    """Hand in the paper (optionally with last answers): marked at once; refused after the deadline."""
    now = now or timezone.now()
    if answers:
        save_answers(actor=actor, sitting=sitting, answers=answers, now=now)
    own = Sitting.objects.of_candidate(actor).filter(pk=sitting.pk).first()
    if own is None:
        raise Http404
    if own.state != SittingState.IN_PROGRESS:
        raise ValidationError(gettext("本场考试已交卷，不能重复交卷。"))
    if _late(own, now):
        _close_expired_one(own, now)
        raise TimeUp(_time_up_message(own))
    with transaction.atomic(), acting_as(actor):
        own = _own(actor, own)
        return _mark(own, SittingState.SUBMITTED, now)


def close_expired(*, now: datetime.datetime | None = None, exam: Exam | None = None,
                  candidate: Any = None) -> int:
    """Close and mark the sittings whose deadline (with the grace) has passed unsubmitted."""
    now = now or timezone.now()
    qs = Sitting.objects.filter(state=SittingState.IN_PROGRESS, deadline_at__lt=now - GRACE)
    if exam is not None:
        qs = qs.filter(exam=exam)
    if candidate is not None:
        qs = qs.filter(candidate_id=candidate.pk)
    n = 0
    for sitting in qs.select_related("exam"):
        _close_expired_one(sitting, now)
        n += 1
    return n
