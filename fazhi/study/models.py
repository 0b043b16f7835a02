"""Law study and exams (学法考法): study sessions with attendance, the study rules they are checked
against, the question bank, exams (任前考法, 年度法治知识测试) and their sittings.

Access: a session belongs to the unit that held it (its legal officer and the office above manage
it); a rule to the office that set it, and everyone in its region sees it; a question to the office
keeping the bank; an exam to its organising unit; a sitting is seen by the office over the
candidate's or the organiser's unit, and by the candidate through `Sitting.objects.of_candidate`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import regions
from fazhi.core.access import VIEW, AccessQuerySet, Grant, Role, grant_q
from fazhi.core.audit import AuditedModel
from fazhi.core.models import UnitType
from fazhi.procedures import clock

MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
SESSION_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER})
RESULT_VIEWERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEADER})

TEXT_MAX = 200
OPTION_LETTERS = "ABCDEF"
TRUE, FALSE = "T", "F"


class StudyKind(models.TextChoices):
    CENTRAL_GROUP = "central_group", _("理论学习中心组学法")
    STANDING_MEETING = "standing_meeting", _("常务会议会前学法")
    UNIT_MONTHLY = "unit_monthly", _("单位月度学法")
    COURT_HEARING = "court_hearing", _("旁听庭审")


class StudySession(AuditedModel):
    """One study session (or court-hearing attendance) held by a unit, with who attended."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT,
                             related_name="study_sessions")
    kind = models.CharField(_("学法形式"), max_length=32, choices=StudyKind.choices)
    held_on = models.DateField(_("学法日期"))
    topic = models.CharField(_("学习主题"), max_length=TEXT_MAX)
    laws = models.TextField(_("学习的法律法规"), blank=True,
                            help_text=_("每行一部，如：《中华人民共和国行政处罚法》"))
    speaker = models.CharField(_("主讲人"), max_length=100, blank=True)
    venue = models.CharField(_("地点"), max_length=TEXT_MAX, blank=True,
                             help_text=_("旁听庭审填写人民法院及案件，如：××区人民法院（某行政处罚案件公开庭审）"))
    notes = models.TextField(_("备注"), blank=True)
    # The procedure of a session has one state: it lets the engine keep its attachments (签到表、课件、照片).
    state = models.CharField(_("状态"), max_length=20, default="recorded", editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = SESSION_WRITERS

    class Meta:
        verbose_name = _("学法活动")
        verbose_name_plural = _("学法活动")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["kind", "held_on"])]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("study:session_detail", args=[self.pk])

    def clean(self) -> None:
        today = clock.today()
        if self.held_on and self.held_on > today:
            raise ValidationError({"held_on": gettext("学法日期不得晚于今天（%(today)s）：学法活动在举行后登记。") % {
                "today": today.isoformat()}})


class Attendance(AuditedModel):
    """One expected attendee of a session: a staff user of the system or a name typed in."""

    session = models.ForeignKey(StudySession, verbose_name=_("学法活动"), on_delete=models.CASCADE,
                                related_name="attendances")
    user = models.ForeignKey("core.User", verbose_name=_("工作人员"), on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    present = models.BooleanField(_("出席"), default=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "session__unit"
    writer_roles = SESSION_WRITERS

    class Meta:
        verbose_name = _("参学人员")
        verbose_name_plural = _("参学人员")
        ordering = ["session_id", "-present", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], condition=Q(user__isnull=False),
                                               name="study_attendance_user_once")]

    def __str__(self) -> str:
        return self.name


class Period(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


def _unit_type_choices() -> list[tuple[str, str]]:
    return list(UnitType.choices)


class StudyRule(AuditedModel):
    """A rule the units of a region are checked against: kind, how many per period, which unit types."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("规定适用于该单位所在区划及其下级区划的单位"))
    title = models.CharField(_("规则"), max_length=TEXT_MAX, help_text=_("如：每个部门每月至少集体学法1次"))
    kind = models.CharField(_("学法形式"), max_length=32, choices=StudyKind.choices)
    required_count = models.PositiveSmallIntegerField(_("至少次数"), default=1)
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices)
    unit_types = models.JSONField(_("适用单位类型"), default=list, blank=True)  # checked in clean()
    source = models.TextField(_("依据"), help_text=_("制度出处：文件名称、文号和条款；本地规定请写明"))
    active = models.BooleanField(_("有效"), default=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("学法规则")
        verbose_name_plural = _("学法规则")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("study:rule_edit", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> Q:
        q = grant_q(grant, "unit")
        if action == VIEW:
            # Everyone sees the rules that apply to them: those set in their region or above it.
            q |= Q(unit__region_id__in=[grant.region_prefix.ljust(6, "0")[:6] if len(grant.region_prefix) <= 6
                                        else grant.region_prefix, *regions.ancestor_codes(grant.region_prefix)])
        return q

    def unit_type_labels(self) -> str:
        labels = dict(UnitType.choices)
        return "、".join(str(labels.get(t, t)) for t in self.unit_types)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        valid = {v for v, _label in UnitType.choices}
        if not self.unit_types:
            errors["unit_types"] = [gettext("请至少选择一种适用单位类型。")]
        elif not set(self.unit_types) <= valid:
            errors["unit_types"] = [gettext("适用单位类型有误。")]
        if not self.required_count:
            errors["required_count"] = [gettext("至少次数应为不小于1的整数。")]
        if errors:
            raise ValidationError(errors)


# ---- question bank ---------------------------------------------------------------------------------


class QuestionType(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    JUDGE = "judge", _("判断题")


def answer_text(qtype: str, answer: str) -> str:
    if qtype == QuestionType.JUDGE:
        return gettext("正确") if answer == TRUE else gettext("错误") if answer == FALSE else ""
    return answer


def normalise_answer(qtype: str, raw: str) -> str:
    """The stored form of an answer: letters sorted (“CA” → “AC”), or T/F for true-false."""
    raw = (raw or "").strip().upper().replace(",", "").replace("，", "").replace("、", "").replace(" ", "")
    if qtype == QuestionType.JUDGE:
        if raw in ("T", "对", "正确", "√", "是", "TRUE"):
            return TRUE
        if raw in ("F", "错", "错误", "×", "否", "FALSE"):
            return FALSE
        return raw
    return "".join(sorted(set(raw)))


class Question(AuditedModel):
    unit = models.ForeignKey("core.Unit", verbose_name=_("题库单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("维护题库的单位（依法治市办、司法局）"))
    qtype = models.CharField(_("题型"), max_length=10, choices=QuestionType.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.CharField(_("答案"), max_length=6,
                              help_text=_("单选如 B，多选如 ACD，判断题填 正确 或 错误"))
    source = models.CharField(_("依据"), max_length=TEXT_MAX,
                              help_text=_("如：《中华人民共和国行政处罚法》第三十六条"))
    tags = models.CharField(_("专题"), max_length=TEXT_MAX, blank=True, help_text=_("多个用逗号分隔"))
    active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        ordering = ["qtype", "pk"]

    def __str__(self) -> str:
        return self.stem[:60]

    def get_absolute_url(self) -> str:
        return reverse("study:question_detail", args=[self.pk])

    def lettered_options(self) -> list[tuple[str, str]]:
        return list(zip(OPTION_LETTERS, self.options, strict=False))

    def clean(self) -> None:
        self.answer = normalise_answer(self.qtype, self.answer)
        self.options = [str(o).strip() for o in (self.options or []) if str(o).strip()]
        errors: dict[str, list[str]] = {}
        if self.qtype == QuestionType.JUDGE:
            if self.options:
                errors["options"] = [gettext("判断题不设选项。")]
            if self.answer not in (TRUE, FALSE):
                errors["answer"] = [gettext("判断题的答案应为“正确”或“错误”。")]
        elif self.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if not 2 <= len(self.options) <= len(OPTION_LETTERS):
                errors["options"] = [gettext("选择题应有2至%(n)d个选项。") % {"n": len(OPTION_LETTERS)}]
            letters = OPTION_LETTERS[:len(self.options)]
            if not self.answer:
                errors["answer"] = [gettext("请填写正确答案。")]
            elif not set(self.answer) <= set(letters):
                errors["answer"] = [gettext("答案“%(a)s”不在选项%(letters)s之中。") % {
                    "a": self.answer, "letters": "、".join(letters) or "—"}]
            elif self.qtype == QuestionType.SINGLE and len(self.answer) != 1:
                errors["answer"] = [gettext("单选题只能有一个正确答案。")]
            elif self.qtype == QuestionType.MULTIPLE and len(self.answer) < 2:
                errors["answer"] = [gettext("多选题应有两个以上正确答案。")]
        if errors:
            raise ValidationError(errors)

    @property
    def answer_display(self) -> str:
        return answer_text(self.qtype, self.answer)

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]


# ---- exams -----------------------------------------------------------------------------------------


class ExamKind(models.TextChoices):
    PRE_APPOINTMENT = "pre_appointment", _("任前考法")
    ANNUAL = "annual", _("年度法治知识测试")


class Exam(AuditedModel):
    unit = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("考试类别"), max_length=20, choices=ExamKind.choices)
    title = models.CharField(_("考试名称"), max_length=TEXT_MAX)
    time_limit_minutes = models.PositiveSmallIntegerField(_("考试时长（分钟）"), default=60)
    pass_mark = models.PositiveSmallIntegerField(_("合格分数"), default=60)
    single_count = models.PositiveSmallIntegerField(_("单选题数"), default=0)
    single_points = models.PositiveSmallIntegerField(_("单选题每题分值"), default=2)
    multiple_count = models.PositiveSmallIntegerField(_("多选题数"), default=0)
    multiple_points = models.PositiveSmallIntegerField(_("多选题每题分值"), default=3)
    judge_count = models.PositiveSmallIntegerField(_("判断题数"), default=0)
    judge_points = models.PositiveSmallIntegerField(_("判断题每题分值"), default=1)
    topic = models.CharField(_("限定专题"), max_length=50, blank=True, help_text=_("留空：全部在用试题"))
    opens_at = models.DateTimeField(_("开考时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    candidate_unit = models.ForeignKey("core.Unit", verbose_name=_("参考单位"), on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+",
                                       help_text=_("该单位及下属单位的全体工作人员均可参考；也可逐一指定参考人员"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("考试")
        verbose_name_plural = _("考试")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("study:exam_detail", args=[self.pk])

    @property
    def total_points(self) -> int:
        return (self.single_count * self.single_points + self.multiple_count * self.multiple_points
                + self.judge_count * self.judge_points)

    def draw_counts(self) -> list[tuple[str, int, int]]:
        """(type, count, points per question) in paper order."""
        return [(QuestionType.SINGLE, self.single_count, self.single_points),
                (QuestionType.MULTIPLE, self.multiple_count, self.multiple_points),
                (QuestionType.JUDGE, self.judge_count, self.judge_points)]

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = [gettext("截止时间应晚于开考时间。")]
        if not self.time_limit_minutes:
            errors["time_limit_minutes"] = [gettext("考试时长应为不小于1的分钟数。")]
        total = self.total_points
        if total == 0:
            errors["single_count"] = [gettext("组卷规则至少应抽取一道试题。")]
        elif self.pass_mark > total:
            errors["pass_mark"] = [gettext("合格分数（%(p)d分）不得高于试卷总分（%(t)d分）。") % {
                "p": self.pass_mark, "t": total}]
        if errors:
            raise ValidationError(errors)


class Candidate(AuditedModel):
    """A staff user named as a candidate of an exam (besides the staff of its candidate unit)."""

    exam = models.ForeignKey(Exam, verbose_name=_("考试"), on_delete=models.CASCADE, related_name="candidates")
    user = models.ForeignKey("core.User", verbose_name=_("参考人员"), on_delete=models.PROTECT, related_name="+")

    objects = AccessQuerySet.as_manager()
    access_anchor = "exam__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("参考人员")
        verbose_name_plural = _("参考人员")
        constraints = [models.UniqueConstraint(fields=["exam", "user"], name="study_candidate_once")]

    def __str__(self) -> str:
        return str(self.user)


class SittingState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("答题中")
    SUBMITTED = "submitted", _("已交卷")
    EXPIRED = "expired", _("超时自动交卷")


class SittingQuerySet(AccessQuerySet):
    def of_candidate(self, user) -> SittingQuerySet:
        """The user's own sittings: a candidate sees them whatever roles they hold (none at all, too)."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
            return self.none()
        return self.filter(candidate_id=user.pk)


class Sitting(AuditedModel):
    """One candidate's sitting of an exam: the paper drawn for it, the deadline, the mark."""

    exam = models.ForeignKey(Exam, verbose_name=_("考试"), on_delete=models.PROTECT, related_name="sittings")
    candidate = models.ForeignKey("core.User", verbose_name=_("考生"), on_delete=models.PROTECT, related_name="+")
    candidate_unit = models.ForeignKey("core.Unit", verbose_name=_("考生单位"), on_delete=models.PROTECT,
                                       related_name="+", editable=False)
    seed = models.BigIntegerField(_("组卷种子"), editable=False)
    state = models.CharField(_("状态"), max_length=20, choices=SittingState.choices,
                             default=SittingState.IN_PROGRESS, editable=False)
    started_at = models.DateTimeField(_("开始时间"), editable=False)
    deadline_at = models.DateTimeField(_("交卷截止时间"), editable=False)
    finished_at = models.DateTimeField(_("交卷时间"), null=True, blank=True, editable=False)
    score = models.PositiveSmallIntegerField(_("得分"), null=True, blank=True, editable=False)
    total = models.PositiveSmallIntegerField(_("总分"), editable=False)
    passed = models.BooleanField(_("合格"), null=True, blank=True, editable=False)

    objects = SittingQuerySet.as_manager()
    access_anchor = "candidate_unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("考试记录")
        verbose_name_plural = _("考试记录")
        ordering = ["-started_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["exam", "candidate"], name="study_sitting_once")]
        indexes = [models.Index(fields=["state", "deadline_at"])]

    def __str__(self) -> str:
        return f"{self.exam} · {self.candidate}"

    def get_absolute_url(self) -> str:
        return reverse("study:sitting_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> Q:
        # Results are the office's business: the organiser's office and the candidate unit's office.
        if grant.role not in RESULT_VIEWERS:
            return Q(pk__in=[])
        return grant_q(grant, "candidate_unit") | grant_q(grant, "exam__unit")

    @property
    def finished(self) -> bool:
        return self.state != SittingState.IN_PROGRESS


class PaperItem(AuditedModel):
    """One question of a sitting's paper: a copy of the question as drawn (later edits of the bank do
    not change a paper already drawn), the candidate's answer and whether it was right."""

    sitting = models.ForeignKey(Sitting, verbose_name=_("考试记录"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("题号"))
    question = models.ForeignKey(Question, verbose_name=_("试题"), on_delete=models.PROTECT, related_name="+")
    qtype = models.CharField(_("题型"), max_length=10, choices=QuestionType.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list)
    correct = models.CharField(_("正确答案"), max_length=6)
    source = models.CharField(_("依据"), max_length=TEXT_MAX)
    points = models.PositiveSmallIntegerField(_("分值"))
    given = models.CharField(_("作答"), max_length=6, blank=True)
    answered_at = models.DateTimeField(_("作答时间"), null=True, blank=True)
    is_correct = models.BooleanField(_("答对"), null=True, blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "sitting__candidate_unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("试卷题目")
        verbose_name_plural = _("试卷题目")
        ordering = ["sitting_id", "position"]
        constraints = [models.UniqueConstraint(fields=["sitting", "position"], name="study_item_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.stem[:40]}"

    def lettered_options(self) -> list[tuple[str, str]]:
        return list(zip(OPTION_LETTERS, self.options, strict=False))

    @property
    def correct_text(self) -> str:
        return answer_text(self.qtype, self.correct)

    @property
    def given_text(self) -> str:
        return answer_text(self.qtype, self.given)
