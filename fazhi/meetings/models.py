"""Meetings and deliberations (会议与议事): meetings of the rule-of-law committee, its office and its
coordination groups, and party-committee standing meetings (or government executive meetings)
deliberating rule-of-law topics; the topics each meeting deliberated and the decisions it took, which
the office may turn into tasks of a plan.

Access: a meeting belongs to the unit that convened it (the committee office sits in the justice
bureau; a standing meeting belongs to the party committee). Its topics and decisions follow it; the
unit responsible for a decision sees that decision as well.
"""

from __future__ import annotations

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

TITLE_MAX = 200
TEXT_MAX = 2000
ATTENDEES_MAX = 2000
TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def _too_long(errors: dict[str, list[str]], field: str, value: str, limit: int, label: str) -> None:
    if len(value or "") > limit:
        errors.setdefault(field, []).append(gettext("%(label)s不得超过%(n)d个字（现有%(len)d个字）。") % {
            "label": label, "n": limit, "len": len(value)})


class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", _("全面依法治市（县）委员会会议")
    OFFICE = "office", _("委员会办公室会议")
    COORDINATION_GROUP = "coordination_group", _("协调小组会议")
    PARTY_STANDING = "party_standing", _("党委常委会会议")
    GOVERNMENT_EXECUTIVE = "government_executive", _("政府常务会议")


class MeetingState(models.TextChoices):
    HELD = "held", _("已召开")
    MINUTES_ISSUED = "minutes_issued", _("纪要已印发")


class Meeting(AuditedModel):
    """One meeting: when, where, who chaired and attended; its topics and decisions hang below it."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("召集单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("委员会及其办公室的会议：依法治市（县）办所在单位；常委会会议：党委"))
    kind = models.CharField(_("会议类别"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("会议地点"), max_length=200, blank=True, error_messages=TOO_LONG)
    chair = models.CharField(_("主持人"), max_length=100, blank=True, error_messages=TOO_LONG)
    attendees = models.TextField(_("出席人员"), blank=True, help_text=_("出席、列席人员姓名和职务"))
    attendee_users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("出席的平台用户"), blank=True,
                                            related_name="+")
    state = models.CharField(_("状态"), max_length=20, choices=MeetingState.choices, default=MeetingState.HELD,
                             editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.title = (self.title or "").strip()
        today = clock.today()
        if self.held_on and self.held_on > today:
            errors.setdefault("held_on", []).append(gettext(
                "会议日期不得晚于今天（%(today)s）：只登记已召开的会议。") % {"today": today.isoformat()})
        _too_long(errors, "attendees", self.attendees, ATTENDEES_MAX, gettext("出席人员"))
        if not self._state.adding and self.held_on:
            first_due = self.decisions.filter(due_on__isnull=False).order_by("due_on").values_list(
                "due_on", flat=True).first()
            if first_due and first_due < self.held_on:
                errors.setdefault("held_on", []).append(gettext(
                    "会议日期不得晚于本次会议决定事项的完成时限（%(date)s）。") % {"date": first_due.isoformat()})
        if errors:
            raise ValidationError(errors)


class Topic(AuditedModel):
    """A topic the meeting deliberated (议题), flagged when it is a rule-of-law topic."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("议题"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    rule_of_law = models.BooleanField(_("法治议题"), default=True,
                                      help_text=_("审议法治建设有关议题（如听取法治政府建设情况汇报、审议法治建设规划）"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0, editable=False)

    objects = AccessQuerySet.as_manager()
    access_anchor = "meeting__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()

    def clean(self) -> None:
        self.title = (self.title or "").strip()
        if not self.title:
            raise ValidationError({"title": gettext("请填写议题。")})


class Decision(AuditedModel):
    """A decision (议定事项) of a meeting: what is to be done, by which unit, by when; and the task it
    became once the office put it into a plan."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE,
                                related_name="decisions")
    text = models.TextField(_("议定事项"))
    responsible_unit = models.ForeignKey("core.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT,
                                         related_name="+")
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    task = models.ForeignKey("tasks.Task", verbose_name=_("转为的任务"), on_delete=models.SET_NULL, null=True,
                             blank=True, editable=False, related_name="+",
                             help_text=_("依法治市（县）办将决定事项纳入任务分解方案后生成的任务"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "meeting__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("会议决定事项")
        verbose_name_plural = _("会议决定事项")
        ordering = ["meeting_id", "position", "pk"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        text = " ".join((self.text or "").split())
        return text if len(text) <= 40 else text[:40] + "…"

    def get_absolute_url(self) -> str:
        return reverse("meetings:decision_detail", args=[self.pk])

    @staticmethod
    def access_filter(grant: Grant, action: str) -> models.Q:
        q = grant_q(grant, "meeting__unit")
        if action == VIEW:  # the responsible unit reads what it was charged with
            q |= grant_q(grant, "responsible_unit")
        return q

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.text = (self.text or "").strip()
        if not self.text:
            errors.setdefault("text", []).append(gettext("请填写议定事项。"))
        _too_long(errors, "text", self.text, TEXT_MAX, gettext("议定事项"))
        if self.meeting_id:
            meeting = self.meeting
            if self.due_on and meeting.held_on and self.due_on < meeting.held_on:
                errors.setdefault("due_on", []).append(gettext(
                    "完成时限（%(due)s）不得早于会议日期（%(held)s）。") % {
                    "due": self.due_on.isoformat(), "held": meeting.held_on.isoformat()})
            if self.responsible_unit_id and not self.responsible_unit.region_id.startswith(
                    meeting.unit.region_prefix):
                errors.setdefault("responsible_unit", []).append(gettext(
                    "责任单位“%(unit)s”不在召集单位“%(host)s”所属区划内。") % {
                    "unit": self.responsible_unit.name, "host": meeting.unit.name})
        if errors:
            raise ValidationError(errors)
