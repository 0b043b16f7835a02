"""Leaders' rule-of-law duty reports (述法): the office's yearly schedule of which principal leaders
report (on site or in writing), each report, the party secretary's comments (书记点评), the reviewers'
scores and the published result.

Access: a schedule and its reports belong to the office that keeps the schedule (the committee office,
in the justice bureau); the leader's own unit reads its leader's report but not the reviewers' scores.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import VIEW, AccessQuerySet, Grant, Role, grant_q
from fazhi.core.audit import AuditedModel
from fazhi.procedures import clock

MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
# Who may sit on the review panel and score (评议): the office, the inspectors, the justice bureau's reviewers.
SCORERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.REVIEWER})

TITLE_MAX = 200
REPORT_MAX = 20000
COMMENT_MAX = 2000
FIRST_YEAR = 2016  # 《党政主要负责人履行推进法治建设第一责任人职责规定》(2016) made it a yearly duty
MIN_SCORE, MAX_SCORE = 0, 100
TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def _err(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _too_long(errors: dict[str, list[str]], field: str, value: str, limit: int, label: str) -> None:
    if len(value or "") > limit:
        _err(errors, field, gettext("%(label)s不得超过%(n)d个字（现有%(len)d个字）。") % {
            "label": label, "n": limit, "len": len(value)})


class DutyReportSchedule(AuditedModel):
    """The office's yearly schedule of duty reports (年度述法工作安排)."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("依法治市（县）办所在单位"))
    year = models.PositiveSmallIntegerField(_("述法年度"))
    title = models.CharField(_("名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    notes = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("年度述法安排")
        verbose_name_plural = _("年度述法安排")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="dutyreports_schedule_unique",
                                               violation_error_message=_("该单位已有同一年度的述法安排。"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dutyreports:schedule_detail", args=[self.pk])

    def clean(self) -> None:
        last = clock.today().year + 1
        if self.year is not None and not FIRST_YEAR <= self.year <= last:
            raise ValidationError({"year": gettext("述法年度应在%(first)d年至%(last)d年之间。") % {
                "first": FIRST_YEAR, "last": last}})


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("现场述法")
    WRITTEN = "written", _("书面述法")


class ReportState(models.TextChoices):
    PLANNED = "planned", _("已安排")
    SUBMITTED = "submitted", _("已述法")
    COMMENTED = "commented", _("已点评")
    SCORED = "scored", _("已评分")
    PUBLISHED = "published", _("已公布")


SCORING_STATES = (ReportState.SUBMITTED, ReportState.COMMENTED)


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# Lower bounds of the grades (a common local scheme: 90 / 80 / 60; the local 述法 rules may differ).
GRADE_BOUNDS = ((Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.PASS))


def grade_of(score: Decimal | None) -> Grade | None:
    if score is None:
        return None
    for bound, grade in GRADE_BOUNDS:
        if score >= bound:
            return grade
    return Grade.FAIL


class DutyReport(AuditedModel):
    """One leader's duty report in a schedule, moved along by the procedure in `procedures.py`."""

    schedule = models.ForeignKey(DutyReportSchedule, verbose_name=_("年度述法安排"), on_delete=models.PROTECT,
                                 related_name="reports")
    leader_name = models.CharField(_("述法人"), max_length=50, error_messages=TOO_LONG)
    leader_post = models.CharField(_("职务"), max_length=100, error_messages=TOO_LONG)
    leader_unit = models.ForeignKey("core.Unit", verbose_name=_("述法人所在单位"), on_delete=models.PROTECT,
                                    related_name="+")
    mode = models.CharField(_("述法方式"), max_length=20, choices=Mode.choices, default=Mode.ON_SITE)
    scheduled_on = models.DateField(_("述法日期"))
    report_text = models.TextField(_("述法报告"), blank=True, help_text=_("可填写正文，或上传述法报告（.docx）"))
    secretary_comment = models.TextField(_("书记点评"), blank=True, editable=False)
    score = models.DecimalField(_("评议得分"), max_digits=5, decimal_places=2, null=True, blank=True,
                                editable=False, help_text=_("各评议人评分的平均分，评分结束时由数据库计算"))
    state = models.CharField(_("状态"), max_length=20, choices=ReportState.choices, default=ReportState.PLANNED,
                             editable=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "schedule__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("述法")
        verbose_name_plural = _("述法")
        ordering = ["scheduled_on", "pk"]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["scheduled_on"])]

    def __str__(self) -> str:
        return f"{self.leader_name}（{self.leader_post}）"

    def get_absolute_url(self) -> str:
        return reverse("dutyreports:report_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> models.Q:
        q = grant_q(grant, "schedule__unit")
        if action == VIEW:  # the leader's unit reads its leader's report
            q |= grant_q(grant, "leader_unit")
        return q

    @property
    def grade(self) -> Grade | None:
        return grade_of(self.score)

    @property
    def year(self) -> int:
        return self.schedule.year

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.leader_name = (self.leader_name or "").strip()
        self.leader_post = (self.leader_post or "").strip()
        _too_long(errors, "report_text", self.report_text, REPORT_MAX, gettext("述法报告"))
        if self.schedule_id:
            schedule = self.schedule
            if self.scheduled_on and self.scheduled_on.year not in (schedule.year, schedule.year + 1):
                _err(errors, "scheduled_on", gettext(
                    "述法日期应在述法年度（%(year)d年）或次年年初（述上一年度履职情况）内。") % {"year": schedule.year})
            if self.leader_unit_id and not self.leader_unit.region_id.startswith(schedule.unit.region_prefix):
                _err(errors, "leader_unit", gettext("述法人所在单位“%(unit)s”不在“%(office)s”所属区划内。") % {
                    "unit": self.leader_unit.name, "office": schedule.unit.name})
        if errors:
            raise ValidationError(errors)


class Score(AuditedModel):
    """One reviewer's score of a report (评议打分): 0–100, once per reviewer."""

    report = models.ForeignKey(DutyReport, verbose_name=_("述法"), on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评议人"), on_delete=models.PROTECT,
                                 related_name="+")
    score = models.SmallIntegerField(_("评分"))
    comment = models.TextField(_("评议意见"), blank=True)
    scored_at = models.DateTimeField(_("评分时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "report__schedule__unit"
    writer_roles = SCORERS

    class Meta:
        verbose_name = _("评议评分")
        verbose_name_plural = _("评议评分")
        ordering = ["report_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "reviewer"], name="dutyreports_one_score",
                                               violation_error_message=_("您已为该述法评分，每位评议人只能评分一次。"))]

    def __str__(self) -> str:
        return f"{self.report} · {self.score}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.score is not None and not MIN_SCORE <= self.score <= MAX_SCORE:
            _err(errors, "score", gettext("评分应在%(min)d分至%(max)d分之间（现为%(v)s分）。") % {
                "min": MIN_SCORE, "max": MAX_SCORE, "v": self.score})
        _too_long(errors, "comment", self.comment, COMMENT_MAX, gettext("评议意见"))
        if errors:
            raise ValidationError(errors)
