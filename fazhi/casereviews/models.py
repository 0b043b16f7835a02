"""Case-file review (案卷评查) and enforcement supervision.

- A score sheet (评查评分表) is versioned data of an office: criteria by category (执法主体, 事实证据,
  法律适用与裁量, 执法程序, 文书制作) with their points (adding up to 100) and the grade bands; frozen
  once a plan has used it (a new version is a new sheet).
- A review plan (评查计划: yearly, quarterly or monthly) of an office draws a sample of the closed cases
  of the bodies in scope with the verifiable draw of random inspections (`randominspections.draw`:
  inputs and the SHA-256 of a secret seed published before the draw, the seed revealed after); each
  drawn case becomes a file review (案卷评查) scored by its drawn reviewer against the sheet.
- A finding (评查发现问题) is returned to the body with a correction deadline (an assigned deadline on
  the engine) and tracked to acceptance; reminder letters (督办函/提醒函, .docx) go to a body from
  findings; wrong-case accountability records (行政错案问责) keep who was held accountable for what.

Access: a plan, its file reviews and scores belong to the office that organises the review; findings,
letters and accountability records belong to the body's unit, so the body's legal officer sees them and
the office (its coordinators and reviewers, region subtree) sees and manages them.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet, Role
from fazhi.core.audit import AuditedModel
from fazhi.procedures import clock

# The office: the committee office (coordinators) and the justice bureau (reviewers), who run reviews.
MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER})
# The body's legal officer changes a finding only through its steps (explanation and evidence).
FINDING_WRITERS = MANAGERS | {Role.LEGAL_OFFICER}

TITLE_MAX = 200
TEXT_MAX = 5000
TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}
POINTS = {"max_digits": 5, "decimal_places": 1}
HUNDRED = Decimal(100)


def _err(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _not_future(errors: dict[str, list[str]], field: str, value: datetime.date | None, label: str) -> None:
    today = clock.today()
    if value and value > today:
        _err(errors, field, gettext("%(label)s不得晚于今天（%(today)s）。") % {"label": label, "today": today.isoformat()})


def points_text(value: Decimal | None) -> str:
    """95 rather than 95.0; 92.5 stays."""
    if value is None:
        return "—"
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


class ScoreCategory(models.TextChoices):
    SUBJECT = "subject", _("执法主体")
    FACTS = "facts", _("事实证据")
    LAW = "law", _("法律适用与裁量")
    PROCEDURE = "procedure", _("执法程序")
    DOCUMENTS = "documents", _("文书制作")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ScoreSheet(AuditedModel):
    """A score sheet (评查评分表) of an office, one version: its criteria and grade bands."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+",
                             error_messages={"required": _("请选择制定单位。"), "null": _("请选择制定单位。")})
    name = models.CharField(_("评分表名称"), max_length=TITLE_MAX,
                            error_messages={**TOO_LONG, "blank": _("请填写评分表名称。")})
    version = models.CharField(_("版本"), max_length=30, error_messages={**TOO_LONG, "blank": _("请填写版本。")},
                               help_text=_("如：2025版"))
    valid_from = models.DateField(_("施行日期"))
    # Grade bands (data, not code): a total ≥ excellent_min is 优秀, ≥ good_min 良好, ≥ pass_min 合格, else 不合格.
    excellent_min = models.DecimalField(_("优秀最低分"), default=Decimal(90), **POINTS)
    good_min = models.DecimalField(_("良好最低分"), default=Decimal(80), **POINTS)
    pass_min = models.DecimalField(_("合格最低分"), default=Decimal(60), **POINTS)
    frozen = models.BooleanField(_("已使用（不可修改）"), default=False, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("评查评分表")
        verbose_name_plural = _("评查评分表")
        ordering = ["-valid_from", "-pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "name", "version"], name="casereviews_sheet_version",
                                               violation_error_message=_("本单位已有同名同版本的评分表。"))]

    def __str__(self) -> str:
        return f"{self.name}（{self.version}）"

    def get_absolute_url(self) -> str:
        return reverse("casereviews:sheet_detail", args=[self.pk])

    def bands(self) -> list[tuple[str, Decimal]]:
        return [(Grade.EXCELLENT, self.excellent_min), (Grade.GOOD, self.good_min), (Grade.PASS, self.pass_min)]

    def grade_for(self, total: Decimal) -> str:
        for grade, minimum in self.bands():
            if total >= minimum:
                return grade
        return Grade.FAIL

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.name, self.version = (self.name or "").strip(), (self.version or "").strip()
        labels = {"excellent_min": gettext("优秀最低分"), "good_min": gettext("良好最低分"),
                  "pass_min": gettext("合格最低分")}
        for field, label in labels.items():
            value = getattr(self, field)
            if value is not None and not (0 <= value <= HUNDRED):
                _err(errors, field, gettext("%(label)s须在0至100分之间（现为%(v)s分）。") % {
                    "label": label, "v": points_text(value)})
        if not errors and None not in (self.excellent_min, self.good_min, self.pass_min):
            if not self.excellent_min > self.good_min:
                _err(errors, "good_min", gettext("等次分数线须由高到低：良好最低分（%(g)s）须低于优秀最低分（%(e)s）。") % {
                    "g": points_text(self.good_min), "e": points_text(self.excellent_min)})
            if not self.good_min > self.pass_min:
                _err(errors, "pass_min", gettext("等次分数线须由高到低：合格最低分（%(p)s）须低于良好最低分（%(g)s）。") % {
                    "p": points_text(self.pass_min), "g": points_text(self.good_min)})
        if errors:
            raise ValidationError(errors)


class ScoreSheetItem(AuditedModel):
    """One criterion of a score sheet (评查标准), its category, basis and points."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("评查类别"), max_length=20, choices=ScoreCategory.choices)
    criterion = models.TextField(_("评查标准"), error_messages={"blank": _("请填写评查标准。")})
    basis = models.CharField(_("依据"), max_length=TITLE_MAX, blank=True, error_messages=TOO_LONG)
    max_points = models.DecimalField(_("分值"), validators=[MinValueValidator(Decimal("0.5"))],
                                     error_messages={"min_value": _("分值须大于0。")}, **POINTS)
    order = models.PositiveIntegerField(_("序号"), default=0)

    objects = AccessQuerySet.as_manager()
    access_anchor = "sheet__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("评查标准")
        verbose_name_plural = _("评查标准")
        ordering = ["sheet_id", "order", "pk"]

    def __str__(self) -> str:
        text = " ".join((self.criterion or "").split())
        return f"{self.order}. " + (text if len(text) <= 40 else text[:40] + "…")


class PeriodKind(models.TextChoices):
    YEARLY = "yearly", _("年度")
    QUARTERLY = "quarterly", _("季度")
    MONTHLY = "monthly", _("月度")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    COMMITTED = "committed", _("已公布抽取输入")
    DRAWN = "drawn", _("已抽取")
    REVIEWING = "reviewing", _("评查中")
    FINISHED = "finished", _("评查完成")
    CLOSED = "closed", _("已结束")


def period_dates(kind: str, year: int, quarter: int | None, month: int | None) -> tuple[datetime.date, datetime.date]:
    if kind == PeriodKind.QUARTERLY:
        first = 3 * (quarter - 1) + 1
        return datetime.date(year, first, 1), datetime.date(year, first + 2, pycalendar.monthrange(year, first + 2)[1])
    if kind == PeriodKind.MONTHLY:
        return datetime.date(year, month, 1), datetime.date(year, month, pycalendar.monthrange(year, month)[1])
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class ReviewPlan(AuditedModel):
    """A review plan (评查计划) of an office and its verifiable draw of closed case files."""

    office = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+",
                               help_text=_("依法治市（县、区）办或司法局"),
                               error_messages={"required": _("请选择组织单位。"), "null": _("请选择组织单位。")})
    title = models.CharField(_("计划名称"), max_length=TITLE_MAX,
                             error_messages={**TOO_LONG, "blank": _("请填写计划名称。")})
    period_kind = models.CharField(_("评查周期"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEARLY)
    year = models.PositiveIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
                                       error_messages={"min_value": _("年度须在2000至2100之间。"),
                                                       "max_value": _("年度须在2000至2100之间。")})
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    start_on = models.DateField(_("评查期间起"), editable=False)
    end_on = models.DateField(_("评查期间止"), editable=False)
    bodies = models.ManyToManyField("enforcement.EnforcementBody", verbose_name=_("评查范围（执法主体）"),
                                    blank=True, related_name="+",
                                    help_text=_("留空：组织单位所在区划（含下级）的全部有效执法主体"))
    ratio_bp = models.PositiveIntegerField(_("抽取比例（万分比）"), default=500,
                                           help_text=_("500 = 5%：每个执法主体按该比例抽取，向上取整"))
    min_per_body = models.PositiveIntegerField(_("每个执法主体最少抽取案卷数"), default=2)
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("评分表"), on_delete=models.PROTECT, related_name="plans",
                              error_messages={"required": _("请选择评分表。"), "null": _("请选择评分表。")})
    reviewers = models.ManyToManyField("core.User", verbose_name=_("评查人员"), related_name="+", blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT,
                             editable=False)
    # The commitment (published before the draw) and the draw (the seed revealed, the picks).
    inputs_json = models.TextField(_("抽取输入"), blank=True, editable=False)
    inputs_hash = models.CharField(_("抽取输入哈希（SHA-256）"), max_length=64, blank=True, editable=False)
    seed_hash = models.CharField(_("随机种子哈希（SHA-256）"), max_length=64, blank=True, editable=False)
    committed_on = models.DateField(_("公布日期"), null=True, blank=True, editable=False)
    committed_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)
    seed = models.CharField(_("随机种子"), max_length=64, blank=True, editable=False)
    drawn_on = models.DateField(_("抽取日期"), null=True, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True, editable=False)
    picks_json = models.TextField(_("抽取结果"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "office"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("评查计划")
        verbose_name_plural = _("评查计划")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["start_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casereviews:plan_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTERLY:
            return gettext("%(y)d年第%(q)d季度") % {"y": self.year, "q": self.quarter or 0}
        if self.period_kind == PeriodKind.MONTHLY:
            return gettext("%(y)d年%(m)d月") % {"y": self.year, "m": self.month or 0}
        return gettext("%(y)d年度") % {"y": self.year}

    @property
    def inputs(self) -> dict:
        return json.loads(self.inputs_json) if self.inputs_json else {}

    @property
    def picks(self) -> list:
        return json.loads(self.picks_json) if self.picks_json else []

    @property
    def is_drawn(self) -> bool:
        return bool(self.seed and self.picks_json and self.drawn_at)

    def published_draw(self) -> dict:
        """What the portal shows and offers for download: enough to recompute the draw (the seed and the
        picks only once drawn). Case numbers only: no party data."""
        return {"plan": self.pk, "title": self.title, "period": [self.start_on.isoformat(), self.end_on.isoformat()],
                "inputs": self.inputs, "inputs_hash": self.inputs_hash, "seed_hash": self.seed_hash,
                "committed_at": self.committed_at.isoformat() if self.committed_at else None,
                "seed": self.seed if self.is_drawn else None,
                "drawn_at": self.drawn_at.isoformat() if self.drawn_at else None,
                "picks": self.picks if self.is_drawn else None}

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.title = (self.title or "").strip()
        if self.period_kind == PeriodKind.QUARTERLY:
            if self.quarter not in (1, 2, 3, 4):
                _err(errors, "quarter", gettext("季度评查计划须填写季度（1至4）。"))
            self.month = None
        elif self.period_kind == PeriodKind.MONTHLY:
            if self.month is None or not 1 <= self.month <= 12:
                _err(errors, "month", gettext("月度评查计划须填写月份（1至12）。"))
            self.quarter = None
        else:
            self.quarter = self.month = None
        if self.ratio_bp is not None and not 1 <= self.ratio_bp <= 10000:
            _err(errors, "ratio_bp", gettext("抽取比例须在1至10000（万分比，即0.01%至100%）之间。"))
        if self.sheet_id and self.office_id and self.sheet.unit_id != self.office_id:
            _err(errors, "sheet", gettext("评分表须是组织单位制定的评分表。"))
        if not errors and self.year and 2000 <= self.year <= 2100:
            self.start_on, self.end_on = period_dates(self.period_kind, self.year, self.quarter, self.month)
        if errors:
            raise ValidationError(errors)


class FileReview(AuditedModel):
    """One drawn case file (案卷) of a plan, its reviewer and its scores (total and grade stored)."""

    plan = models.ForeignKey(ReviewPlan, verbose_name=_("评查计划"), on_delete=models.PROTECT, related_name="reviews")
    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("案件"), on_delete=models.PROTECT,
                             related_name="+")
    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="+")
    reviewer = models.ForeignKey("core.User", verbose_name=_("评查人员"), on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("总分"), null=True, blank=True, editable=False, **POINTS)
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices, blank=True, editable=False)
    comments = models.TextField(_("评查意见"), blank=True)
    scored_on = models.DateField(_("评查日期"), null=True, blank=True, editable=False)
    scored_by = models.ForeignKey("core.User", verbose_name=_("评分人"), on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", editable=False)

    objects = AccessQuerySet.as_manager()
    access_anchor = "plan__office"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("案卷评查")
        verbose_name_plural = _("案卷评查")
        ordering = ["plan_id", "body_id", "pk"]
        indexes = [models.Index(fields=["scored_on"]), models.Index(fields=["grade"])]
        constraints = [models.UniqueConstraint(fields=["plan", "case"], name="casereviews_review_unique_case")]

    def __str__(self) -> str:
        return self.case.number

    def get_absolute_url(self) -> str:
        return reverse("casereviews:review_detail", args=[self.pk])

    @property
    def scored(self) -> bool:
        return self.scored_on is not None


class FileReviewScore(AuditedModel):
    """The points a file got on one criterion (≤ the criterion's points)."""

    review = models.ForeignKey(FileReview, verbose_name=_("案卷评查"), on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScoreSheetItem, verbose_name=_("评查标准"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("得分"), validators=[MinValueValidator(Decimal(0))], **POINTS)
    note = models.CharField(_("扣分理由"), max_length=TITLE_MAX, blank=True, error_messages=TOO_LONG)

    objects = AccessQuerySet.as_manager()
    access_anchor = "review__plan__office"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("评查得分")
        verbose_name_plural = _("评查得分")
        ordering = ["review_id", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="casereviews_score_unique_item")]


class FindingState(models.TextChoices):
    RETURNED = "returned", _("已反馈待整改")
    CORRECTED = "corrected", _("已报送整改情况")
    ACCEPTED = "accepted", _("已整改验收")


class ReviewFinding(AuditedModel):
    """A problem found in a reviewed file, returned to the body with a correction deadline."""

    review = models.ForeignKey(FileReview, verbose_name=_("案卷评查"), on_delete=models.PROTECT,
                               related_name="findings")
    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="+", editable=False)
    category = models.CharField(_("问题类别"), max_length=20, choices=ScoreCategory.choices)
    text = models.TextField(_("存在问题"), error_messages={"blank": _("请填写存在的问题。")})
    requirement = models.TextField(_("整改要求"), blank=True)
    returned_on = models.DateField(_("反馈日期"))
    due_on = models.DateField(_("整改时限"))
    state = models.CharField(_("状态"), max_length=20, choices=FindingState.choices, default=FindingState.RETURNED,
                             editable=False)
    correction_note = models.TextField(_("整改情况说明"), blank=True, editable=False)
    corrected_on = models.DateField(_("报送日期"), null=True, blank=True, editable=False)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = FINDING_WRITERS

    class Meta:
        verbose_name = _("评查发现问题")
        verbose_name_plural = _("评查发现问题")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"]), models.Index(fields=["returned_on"]),
                   models.Index(fields=["accepted_on"])]

    def __str__(self) -> str:
        text = " ".join((self.text or "").split())
        return text if len(text) <= 40 else text[:40] + "…"

    def get_absolute_url(self) -> str:
        return reverse("casereviews:finding_detail", args=[self.pk])

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.state != FindingState.ACCEPTED and self.due_on < (on or clock.today())

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.text, self.requirement = (self.text or "").strip(), (self.requirement or "").strip()
        _not_future(errors, "returned_on", self.returned_on, gettext("反馈日期"))
        if self.returned_on and self.due_on and self.due_on < self.returned_on:
            _err(errors, "due_on", gettext("整改时限（%(due)s）不得早于反馈日期（%(on)s）。") % {
                "due": self.due_on.isoformat(), "on": self.returned_on.isoformat()})
        if errors:
            raise ValidationError(errors)


class ReminderLetter(AuditedModel):
    """A reminder letter (督办函/提醒函) to a body from one or more findings, generated as a Word file."""

    office = models.ForeignKey("core.Unit", verbose_name=_("发函单位"), on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="+")
    number = models.CharField(_("文号"), max_length=60, error_messages={**TOO_LONG, "blank": _("请填写文号。")})
    issued_on = models.DateField(_("发函日期"))
    text = models.TextField(_("督办要求"), error_messages={"blank": _("请填写督办要求。")})
    findings = models.ManyToManyField(ReviewFinding, verbose_name=_("评查发现问题"), related_name="letters")
    file = models.FileField(_("督办函文件"), upload_to="casereviews/letters/%Y/", editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("督办函")
        verbose_name_plural = _("督办函")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["issued_on"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("casereviews:letter_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.number, self.text = (self.number or "").strip(), (self.text or "").strip()
        _not_future(errors, "issued_on", self.issued_on, gettext("发函日期"))
        if errors:
            raise ValidationError(errors)


class ErrorKind(models.TextChoices):
    """The kinds of wrong decision (行政诉讼法第七十条、行政复议法第六十四条 list the grounds)."""

    FACTS = "facts", _("主要事实不清、证据不足")
    LAW = "law", _("适用依据错误")
    PROCEDURE = "procedure", _("违反法定程序")
    AUTHORITY = "authority", _("超越职权")
    ABUSE = "abuse", _("滥用职权")
    UNREASONABLE = "unreasonable", _("明显不当")
    INACTION = "inaction", _("不履行法定职责")
    OTHER = "other", _("其他")


class FoundBy(models.TextChoices):
    REVIEW = "review", _("案卷评查")
    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION = "litigation", _("行政诉讼")
    COMPLAINT = "complaint", _("投诉举报")
    SUPERVISION = "supervision", _("执法监督检查")
    OTHER = "other", _("其他")


class Decision(models.TextChoices):
    CRITICISM = "criticism", _("批评教育")
    SELF_EXAMINATION = "self_examination", _("责令作出书面检查")
    ADMONITION = "admonition", _("诫勉谈话")
    NOTICE = "notice", _("通报批评")
    SUSPENSION = "suspension", _("暂扣执法证件")
    DISQUALIFICATION = "disqualification", _("取消执法资格")
    TRANSFER = "transfer", _("调离执法岗位")
    SANCTION = "sanction", _("党纪政务处分")
    REFERRAL = "referral", _("移送纪检监察机关")


class WrongCaseAccountability(AuditedModel):
    """A wrong-case accountability record (行政错案问责): the case, who, what went wrong, the decision."""

    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="+", error_messages={"required": _("请选择执法主体。"),
                                                               "null": _("请选择执法主体。")})
    case = models.ForeignKey("cases.EnforcementCase", verbose_name=_("案件"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="+", help_text=_("平台内的案件；否则填写案件编号"))
    case_number = models.CharField(_("案件编号"), max_length=60, blank=True, error_messages=TOO_LONG)
    officers = models.ManyToManyField("enforcement.EnforcementOfficer", verbose_name=_("责任人员"), blank=True,
                                      related_name="+")
    persons = models.CharField(_("其他责任人员"), max_length=TITLE_MAX, blank=True, error_messages=TOO_LONG,
                               help_text=_("非持证执法人员的责任人（如审核、批准人员），姓名及职务"))
    error_kind = models.CharField(_("错误类型"), max_length=20, choices=ErrorKind.choices)
    found_by = models.CharField(_("发现途径"), max_length=20, choices=FoundBy.choices)
    description = models.TextField(_("错案情况"), blank=True)
    decision = models.CharField(_("问责方式"), max_length=20, choices=Decision.choices)
    decided_on = models.DateField(_("问责日期"))
    decided_by = models.CharField(_("问责机关"), max_length=TITLE_MAX,
                                  error_messages={**TOO_LONG, "blank": _("请填写问责机关。")})
    basis = models.TextField(_("问责依据"), error_messages={"blank": _("请填写问责依据。")})
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("行政错案问责")
        verbose_name_plural = _("行政错案问责")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["decided_on"])]

    def __str__(self) -> str:
        return f"{self.case_number} {self.get_decision_display()}"

    def get_absolute_url(self) -> str:
        return reverse("casereviews:accountability_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.case_number = (self.case_number or "").strip()
        self.decided_by, self.basis = (self.decided_by or "").strip(), (self.basis or "").strip()
        if self.case_id:
            if self.body_id and self.case.body_id != self.body_id:
                _err(errors, "case", gettext("案件“%(n)s”不属于执法主体“%(b)s”。") % {
                    "n": self.case.number, "b": self.body.name})
            self.case_number = self.case.number
        elif not self.case_number:
            _err(errors, "case_number", gettext("请填写案件编号。"))
        _not_future(errors, "decided_on", self.decided_on, gettext("问责日期"))
        if errors:
            raise ValidationError(errors)
