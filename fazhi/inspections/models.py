"""Rule-of-law inspections (法治督察): inspections, their findings, the rectification ledger (整改台账)
with escalation of late items, and the records of interference in enforcement cases.

Access: an inspection belongs to the office that organises it (依法治市（县）办, hosted by the
justice bureau); a finding to the inspected unit whose problem it is; a rectification item to its
responsible unit (whose legal officer sees it and submits evidence; the region's coordinators manage
it); an escalation to its item's responsible unit; an interference record to the department that
keeps it.

Rules: 《法治政府建设与责任落实督察工作规定》(中共中央办公厅、国务院办公厅，2019). Its text is not in
the project's legal corpus, so the regulation is cited by name only.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet, Role
from fazhi.core.audit import AuditedModel
from fazhi.procedures import clock

REGULATION = "《法治政府建设与责任落实督察工作规定》"
MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR})
# The responsible unit's legal officer changes an item only through its steps (evidence, submission).
ITEM_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEGAL_OFFICER})
INTERFERENCE_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEGAL_OFFICER,
                                  Role.ENFORCEMENT_OFFICER})

TITLE_MAX = 200
TEXT_MAX = 5000
TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def _err(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _not_future(errors: dict[str, list[str]], field: str, value: datetime.date | None, label: str) -> None:
    today = clock.today()
    if value and value > today:
        _err(errors, field, gettext("%(label)s不得晚于今天（%(today)s）。") % {
            "label": label, "today": today.isoformat()})


class Level(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


class Inspection(AuditedModel):
    """An inspection (督察) organised by an office: topic, inspected units, team, dates and methods."""

    organizer = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT,
                                  related_name="+", help_text=_("依法治市（县、区）委员会办公室所在单位"))
    title = models.CharField(_("督察名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    topic = models.TextField(_("督察内容"), blank=True)
    level = models.CharField(_("督察层级"), max_length=10, choices=Level.choices)
    inspected_units = models.ManyToManyField("core.Unit", verbose_name=_("被督察单位"), related_name="+")
    team = models.TextField(_("督察组成员"), blank=True, help_text=_("每行一人：姓名、单位、职务"))
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    by_hearing = models.BooleanField(_("听取汇报和意见"), default=False)
    by_files = models.BooleanField(_("调阅资料"), default=False)
    by_site_visit = models.BooleanField(_("实地走访"), default=False)
    by_unannounced_visit = models.BooleanField(_("暗访"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "organizer"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("督察")
        verbose_name_plural = _("督察")
        ordering = ["-start_on", "-pk"]
        indexes = [models.Index(fields=["start_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.pk])

    def method_labels(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name)
                for f in ("by_hearing", "by_files", "by_site_visit", "by_unannounced_visit") if getattr(self, f)]

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _not_future(errors, "start_on", self.start_on, gettext("开始日期"))
        if self.start_on and self.end_on and self.end_on < self.start_on:
            _err(errors, "end_on", gettext("结束日期不得早于开始日期。"))
        if not (self.by_hearing or self.by_files or self.by_site_visit or self.by_unannounced_visit):
            _err(errors, "by_hearing", gettext("请至少选择一种督察方式。"))
        if errors:
            raise ValidationError(errors)


class Category(models.TextChoices):
    """Finding categories: the duties the regulation inspects (its chapter on 督察内容)."""

    FIRST_RESPONSIBILITY = "first_responsibility", _("党政主要负责人履行第一责任人职责")
    MECHANISM = "mechanism", _("法治建设工作机制和机构")
    DECISION = "decision", _("重大行政决策")
    NORMATIVE_DOCUMENTS = "normative_documents", _("规范性文件和合法性审核")
    ENFORCEMENT = "enforcement", _("行政执法")
    REVIEW_LITIGATION = "review_litigation", _("行政复议和行政应诉")
    BUSINESS = "business", _("法治化营商环境")
    PUBLICITY = "publicity", _("普法和法治社会建设")
    GRASSROOTS = "grassroots", _("基层法治建设")
    OTHER = "other", _("其他")


class Source(models.TextChoices):
    LOCAL = "local", _("本级督察发现")
    HIGHER = "higher", _("上级督察反馈")


class Finding(AuditedModel):
    """A problem found by an inspection (ours, or a higher level's handed down to us) in one unit."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("督察"), on_delete=models.PROTECT,
                                   related_name="findings", null=True, blank=True)
    source = models.CharField(_("问题来源"), max_length=10, choices=Source.choices, default=Source.LOCAL)
    higher_inspection = models.CharField(_("上级督察名称"), max_length=TITLE_MAX, blank=True,
                                         error_messages=TOO_LONG, help_text=_("上级督察反馈的问题填写"))
    higher_document = models.CharField(_("反馈文件（文号）"), max_length=TITLE_MAX, blank=True,
                                       error_messages=TOO_LONG)
    unit = models.ForeignKey("core.Unit", verbose_name=_("问题所在单位"), on_delete=models.PROTECT,
                             related_name="+", error_messages={"required": _("请选择问题所在单位。"), "null": _("请选择问题所在单位。")})
    category = models.CharField(_("问题类别"), max_length=30, choices=Category.choices)
    found_on = models.DateField(_("发现（反馈）日期"))
    description = models.TextField(_("问题描述"), error_messages={"blank": _("请填写问题描述。")})
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("督察发现问题")
        verbose_name_plural = _("督察发现问题")
        ordering = ["-found_on", "pk"]
        indexes = [models.Index(fields=["found_on"]), models.Index(fields=["category"])]

    def __str__(self) -> str:
        text = " ".join((self.description or "").split())
        return text if len(text) <= 40 else text[:40] + "…"

    def get_absolute_url(self) -> str:
        return reverse("inspections:finding_detail", args=[self.pk])

    @property
    def origin(self) -> str:
        if self.source == Source.HIGHER:
            return self.higher_inspection
        return self.inspection.title if self.inspection_id else ""

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _not_future(errors, "found_on", self.found_on, gettext("发现（反馈）日期"))
        if self.source == Source.LOCAL and not self.inspection_id:
            _err(errors, "inspection", gettext("本级督察发现的问题须选择所属督察。"))
        if self.source == Source.HIGHER:
            if not (self.higher_inspection or "").strip():
                _err(errors, "higher_inspection", gettext("上级督察反馈的问题须填写上级督察名称。"))
            if self.inspection_id:
                _err(errors, "inspection", gettext("上级督察反馈的问题不属于本级督察，请勿选择本级督察。"))
        if self.inspection_id and self.found_on and self.found_on < self.inspection.start_on:
            _err(errors, "found_on", gettext("发现日期不得早于督察开始日期（%(d)s）。") % {
                "d": self.inspection.start_on.isoformat()})
        if errors:
            raise ValidationError(errors)


class ItemState(models.TextChoices):
    ISSUED = "issued", _("已交办")
    RECTIFYING = "rectifying", _("整改中")
    SUBMITTED = "submitted", _("已报送整改材料")
    CLOSED = "closed", _("已销号")


class EscalationKind(models.TextChoices):
    """In order of severity: each step presupposes the one before it."""

    REMINDER_LETTER = "reminder_letter", _("督办函")
    INTERVIEW = "interview", _("约谈")
    PUBLIC_NOTICE = "public_notice", _("通报")


ESCALATION_ORDER = [EscalationKind.REMINDER_LETTER, EscalationKind.INTERVIEW, EscalationKind.PUBLIC_NOTICE]


class EscalationLevel(models.TextChoices):
    NONE = "", _("未督办")
    REMINDER_LETTER = "reminder_letter", _("督办函")
    INTERVIEW = "interview", _("约谈")
    PUBLIC_NOTICE = "public_notice", _("通报")


class RectificationItem(AuditedModel):
    """One rectification requirement (整改要求) of a finding, on the ledger until closed out (销号).

    `state` moves only through the procedure; `escalation` is the highest escalation taken so far
    (kept on the row, written with each Escalation, so the ledger filters and sorts on it).
    """

    finding = models.ForeignKey(Finding, verbose_name=_("督察发现问题"), on_delete=models.PROTECT,
                                related_name="items")
    requirement = models.TextField(_("整改要求"), error_messages={"blank": _("请填写整改要求。")})
    measures = models.TextField(_("整改措施"), blank=True)
    responsible_unit = models.ForeignKey("core.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT,
                                         related_name="+", error_messages={"required": _("请选择责任单位。"), "null": _("请选择责任单位。")})
    responsible_leader = models.CharField(_("责任领导"), max_length=100, error_messages={
        "blank": _("请填写责任领导。"), **TOO_LONG})
    issued_on = models.DateField(_("交办日期"))
    due_on = models.DateField(_("整改时限"))
    state = models.CharField(_("状态"), max_length=20, choices=ItemState.choices, default=ItemState.ISSUED,
                             editable=False)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    escalation = models.CharField(_("督办升级"), max_length=20, choices=EscalationLevel.choices, blank=True,
                                  default="", editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "responsible_unit"
    writer_roles = ITEM_WRITERS

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"]), models.Index(fields=["closed_on"]),
                   models.Index(fields=["issued_on"])]

    def __str__(self) -> str:
        text = " ".join((self.requirement or "").split())
        return text if len(text) <= 40 else text[:40] + "…"

    def get_absolute_url(self) -> str:
        return reverse("inspections:item_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state == ItemState.CLOSED

    def days_overdue(self, on: datetime.date | None = None) -> int:
        """Calendar days past the deadline (0 if not late); a closed item counts to its close-out."""
        end = self.closed_on if self.closed_on else (on or clock.today())
        return max((end - self.due_on).days, 0) if self.due_on else 0

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return not self.is_closed and self.due_on is not None and self.due_on < (on or clock.today())

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _not_future(errors, "issued_on", self.issued_on, gettext("交办日期"))
        found_on = self.finding.found_on if self.finding_id else None
        if found_on and self.due_on and self.due_on < found_on:
            _err(errors, "due_on", gettext("整改时限（%(due)s）不得早于发现问题日期（%(found)s）。") % {
                "due": self.due_on.isoformat(), "found": found_on.isoformat()})
        elif self.issued_on and self.due_on and self.due_on < self.issued_on:
            _err(errors, "due_on", gettext("整改时限（%(due)s）不得早于交办日期（%(issued)s）。") % {
                "due": self.due_on.isoformat(), "issued": self.issued_on.isoformat()})
        if found_on and self.issued_on and self.issued_on < found_on:
            _err(errors, "issued_on", gettext("交办日期不得早于发现问题日期（%(found)s）。") % {
                "found": found_on.isoformat()})
        if errors:
            raise ValidationError(errors)


class Escalation(AuditedModel):
    """A step taken on a late item: reminder letter (督办函, generated as a Word file), interview, notice."""

    item = models.ForeignKey(RectificationItem, verbose_name=_("整改事项"), on_delete=models.PROTECT,
                             related_name="escalations")
    kind = models.CharField(_("督办方式"), max_length=20, choices=EscalationKind.choices)
    on = models.DateField(_("日期"))
    days_overdue = models.PositiveIntegerField(_("逾期天数"), editable=False)
    note = models.TextField(_("说明"), blank=True, help_text=_("约谈对象、通报范围等"))
    letter = models.ForeignKey("procedures.Attachment", verbose_name=_("督办函文件"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+", editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "item__responsible_unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Manner(models.TextChoices):
    ASKING = "asking", _("过问")
    INTERVENING = "intervening", _("干预")
    MEDDLING = "meddling", _("插手")


class Handling(models.TextChoices):
    RECORDED = "recorded", _("登记备查")
    REFUSED = "refused", _("拒绝并登记")
    REPORTED = "reported", _("报告纪检监察机关")
    TRANSFERRED = "transferred", _("移送追责")


class InterferenceRecord(AuditedModel):
    """过问、干预、插手执法案件记录: kept by the enforcement department that received the interference."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("记录单位"), on_delete=models.PROTECT, related_name="+",
                             error_messages={"required": _("请选择记录单位。"), "null": _("请选择记录单位。")})
    occurred_on = models.DateField(_("发生日期"))
    person_name = models.CharField(_("过问（干预）人姓名"), max_length=50, error_messages={
        "blank": _("请填写过问（干预）人姓名。"), **TOO_LONG})
    person_post = models.CharField(_("过问（干预）人单位及职务"), max_length=TITLE_MAX, error_messages={
        "blank": _("请填写过问（干预）人单位及职务。"), **TOO_LONG})
    case = models.CharField(_("涉及案件"), max_length=TITLE_MAX, error_messages={
        "blank": _("请填写涉及的执法案件（案号或名称）。"), **TOO_LONG})
    manner = models.CharField(_("方式"), max_length=20, choices=Manner.choices)
    content = models.TextField(_("过问（干预）内容"), blank=True)
    handling = models.CharField(_("处理情况"), max_length=20, choices=Handling.choices)
    handling_note = models.TextField(_("处理说明"), blank=True)
    recorded_by = models.CharField(_("记录人"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = INTERFERENCE_WRITERS

    class Meta:
        verbose_name = _("过问、干预、插手执法案件记录")
        verbose_name_plural = _("过问、干预、插手执法案件记录")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["occurred_on"])]

    def __str__(self) -> str:
        return f"{self.person_name}{self.get_manner_display()}{self.case}"[:80]

    def get_absolute_url(self) -> str:
        return reverse("inspections:interference_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _not_future(errors, "occurred_on", self.occurred_on, gettext("发生日期"))
        if errors:
            raise ValidationError(errors)
