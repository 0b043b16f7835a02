"""Rule-of-law assessment (法治建设考核): indicator systems as data, and rounds run against a frozen
version of one.

An indicator system belongs to the office that draws it up (its `unit`); its indicators form a tree
of up to three levels whose points add up (children to their parent, level 1 to the system's total).
A leaf is scored in one of three ways: computed from a registry figure with a scoring rule
(`fazhi.assessment.rules`), scored by reviewers from evidence against a written standard, or a
deduction list (points per item found). A round (考核轮次) belongs to the office too; each assessed
unit is a `Participant` anchored at that unit, so the unit sees and self-assesses its own score
sheet while the office, whose scope covers it, reviews it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet, Role
from fazhi.core.audit import AuditedModel
from fazhi.core.models import UnitType

MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
OFFICE = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER})
UNIT_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.REVIEWER})
MAX_LEVEL = 3
POINTS = {"max_digits": 6, "decimal_places": 2}
ZERO = Decimal("0")


class Category(models.TextChoices):
    """Categories of assessed units: counties are assessed through their people's government."""

    COUNTY = "county", _("县（市、区）")
    DEPARTMENT = "department", _("市直部门")
    SELF = "self", _("示范创建自评地区")  # a city or county government assessing itself (national template)


CATEGORY_UNIT_TYPES = {Category.COUNTY: {UnitType.GOVERNMENT}, Category.DEPARTMENT: {UnitType.DEPARTMENT},
                       Category.SELF: {UnitType.GOVERNMENT}}


class Method(models.TextChoices):
    COMPUTED = "computed", _("数据自动")
    EVIDENCE = "evidence", _("材料评分")
    DEDUCTION = "deduction", _("扣分")


class IndicatorSystem(AuditedModel):
    """A versioned indicator system. A round runs against a frozen version; a frozen one never changes."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("指标体系名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("适用年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1, editable=False)
    previous = models.ForeignKey("self", verbose_name=_("上一版本"), null=True, blank=True, editable=False,
                                 on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(_("被考核单位类别"), default=list)
    total_points = models.DecimalField(_("总分"), default=Decimal("100"), validators=[MinValueValidator(1)], **POINTS)
    description = models.TextField(_("说明"), blank=True)
    frozen_on = models.DateField(_("冻结日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("考核指标体系")
        verbose_name_plural = _("考核指标体系")
        ordering = ["-year", "title", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "title", "version"], name="assessment_system_version",
                                               violation_error_message=_("该单位已有同名同版本的指标体系。"))]

    def __str__(self) -> str:
        return gettext("%(title)s（第%(v)d版）") % {"title": self.title, "v": self.version}

    def get_absolute_url(self) -> str:
        return reverse("assessment:system_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_on is not None

    def category_labels(self) -> str:
        return "、".join(str(Category(c).label) for c in self.categories if c in Category.values)

    def clean(self) -> None:
        if not self.categories or any(c not in Category.values for c in self.categories):
            raise ValidationError({"categories": gettext("请至少选择一个被考核单位类别。")})


class Indicator(AuditedModel):
    """One indicator of a system. Groups (levels 1–2 with children) have no method; leaves have one."""

    system = models.ForeignKey(IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.CASCADE,
                               related_name="indicators")
    parent = models.ForeignKey("self", verbose_name=_("上级指标"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    level = models.PositiveSmallIntegerField(_("层级"), default=1, editable=False)
    position = models.PositiveIntegerField(_("排序"), default=0)
    name = models.CharField(_("指标名称"), max_length=200)
    points = models.DecimalField(_("分值"), validators=[MinValueValidator(0)], **POINTS)
    method = models.CharField(_("评分方式"), max_length=16, choices=Method.choices, blank=True,
                              help_text=_("末级指标必填；有下级指标的留空"))
    figure_key = models.CharField(_("数据指标代码"), max_length=100, blank=True,
                                  help_text=_("“数据自动”指标引用的统计指标代码，如 rulemaking.filing.rate"))
    rule = models.CharField(_("评分规则"), max_length=200, blank=True)
    standard = models.TextField(_("评分标准"), blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "system__unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["system", "level", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from fazhi.assessment import rules

        errors: dict[str, list[str]] = {}
        if self.parent_id:
            if self.parent.system_id != self.system_id:
                errors.setdefault("parent", []).append(gettext("上级指标不属于同一指标体系。"))
            self.level = self.parent.level + 1
            if self.level > MAX_LEVEL:
                errors.setdefault("parent", []).append(gettext("指标最多分三级，不能在三级指标下再设下级指标。"))
            elif self.parent.method:
                errors.setdefault("parent", []).append(gettext(
                    "上级指标“%(p)s”已设评分方式，是末级指标，不能再设下级指标。") % {"p": self.parent.name})
        else:
            self.level = 1
        if self.method:
            try:
                rules.check(method=self.method, figure_key=self.figure_key, rule=self.rule, standard=self.standard)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.setdefault(field, []).extend(messages)
        elif self.figure_key or self.rule:
            errors.setdefault("method", []).append(gettext("填写了数据指标代码或评分规则，请选择评分方式。"))
        if errors:
            raise ValidationError(errors)


class RoundState(models.TextChoices):
    PREPARING = "preparing", _("筹备")
    SELF_ASSESSMENT = "self_assessment", _("自评")
    REVIEW = "review", _("评审")
    OBJECTION = "objection", _("结果告知")
    FINALISED = "finalised", _("已定档")
    PUBLISHED = "published", _("已公布")


CLOSED_ROUND_STATES = (RoundState.FINALISED, RoundState.PUBLISHED)


class AssessmentRound(AuditedModel):
    """One year's assessment of a set of units against a frozen indicator system."""

    unit = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    system = models.ForeignKey(IndicatorSystem, verbose_name=_("指标体系"), on_delete=models.PROTECT,
                               related_name="rounds")
    title = models.CharField(_("考核名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    state = models.CharField(_("状态"), max_length=20, choices=RoundState.choices, default=RoundState.PREPARING)
    evidence_due_on = models.DateField(_("自评及材料提交截止日"))
    objection_days = models.PositiveSmallIntegerField(
        _("异议期（工作日）"), default=5, validators=[MinValueValidator(1)],
        help_text=_("结果告知之日起算的工作日数，期满后方可定档"))
    on_portal = models.BooleanField(_("在公众门户公布结果"), default=False,
                                    help_text=_("不勾选则结果只在内部公布"))
    opened_on = models.DateField(_("启动日期"), null=True, blank=True, editable=False)
    notified_on = models.DateField(_("结果告知日期"), null=True, blank=True, editable=False)
    objection_due_on = models.DateField(_("异议期届满日"), null=True, blank=True, editable=False)
    finalised_on = models.DateField(_("定档日期"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = OFFICE

    class Meta:
        verbose_name = _("考核轮次")
        verbose_name_plural = _("考核轮次")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:round_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_ROUND_STATES

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.system_id and self.year and self.system.year != self.year:
            errors.setdefault("system", []).append(gettext(
                "指标体系“%(s)s”适用于%(sy)d年度，与考核年度%(y)d年不符。") % {
                "s": self.system, "sy": self.system.year, "y": self.year})
        if errors:
            raise ValidationError(errors)


class ParticipantState(models.TextChoices):
    SELF_ASSESSING = "self_assessing", _("自评中")
    SUBMITTED = "submitted", _("已提交自评")


class Participant(AuditedModel):
    """An assessed unit in a round: its score sheet. Totals and rank are stored when finalised."""

    round = models.ForeignKey(AssessmentRound, verbose_name=_("考核轮次"), on_delete=models.CASCADE,
                              related_name="participants")
    unit = models.ForeignKey("core.Unit", verbose_name=_("被考核单位"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    state = models.CharField(_("自评状态"), max_length=20, choices=ParticipantState.choices,
                             default=ParticipantState.SELF_ASSESSING)
    submitted_on = models.DateField(_("提交自评日期"), null=True, blank=True, editable=False)
    total = models.DecimalField(_("总得分"), null=True, blank=True, editable=False, **POINTS)
    rank = models.PositiveIntegerField(_("类别内名次"), null=True, blank=True, editable=False)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = UNIT_WRITERS

    class Meta:
        verbose_name = _("被考核单位")
        verbose_name_plural = _("被考核单位")
        ordering = ["round", "category", "rank", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="assessment_participant_once",
                                               violation_error_message=_("该单位已在本轮考核中。"))]

    def __str__(self) -> str:
        return gettext("%(round)s · %(unit)s") % {"round": self.round.title, "unit": self.unit.name}

    def get_absolute_url(self) -> str:
        return reverse("assessment:sheet", args=[self.pk])


class ScoreEntry(AuditedModel):
    """One leaf indicator of one participant: self-assessment, reviewer's score and comment.

    A computed indicator's score is computed live from its figure while the round is open and
    stored in `computed_score` / `computed_display` when the round is finalised.
    """

    participant = models.ForeignKey(Participant, verbose_name=_("被考核单位"), on_delete=models.CASCADE,
                                    related_name="entries")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="entries")
    self_score = models.DecimalField(_("自评得分"), null=True, blank=True, **POINTS)
    self_note = models.TextField(_("自评说明"), blank=True)
    deduction_items = models.PositiveIntegerField(_("扣分项数"), null=True, blank=True)
    score = models.DecimalField(_("评审得分"), null=True, blank=True, **POINTS)
    comment = models.TextField(_("评审意见"), blank=True)
    evidence_requested = models.BooleanField(_("要求补充材料"), default=False)
    reviewed_at = models.DateTimeField(_("评审时间"), null=True, blank=True, editable=False)
    computed_score = models.DecimalField(_("数据得分"), null=True, blank=True, editable=False, **POINTS)
    computed_display = models.CharField(_("数据值"), max_length=100, blank=True, editable=False)
    final_score = models.DecimalField(_("最终得分"), null=True, blank=True, editable=False, **POINTS)

    objects = AccessQuerySet.as_manager()
    access_anchor = "participant__unit"
    writer_roles = UNIT_WRITERS

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["participant", "indicator__position", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["participant", "indicator"], name="assessment_entry_once")]

    def __str__(self) -> str:
        return f"{self.participant.unit.name} · {self.indicator.name}"


class Evidence(AuditedModel):
    """A file a unit uploaded as evidence for one indicator (the file is a procedure Attachment of the
    participant, so type and size are checked in one place)."""

    entry = models.ForeignKey(ScoreEntry, verbose_name=_("指标得分"), on_delete=models.CASCADE,
                              related_name="evidence")
    attachment = models.OneToOneField("procedures.Attachment", verbose_name=_("附件"), on_delete=models.PROTECT,
                                      related_name="+")
    uploaded_on = models.DateField(_("上传日期"))

    objects = AccessQuerySet.as_manager()
    access_anchor = "entry__participant__unit"
    writer_roles = UNIT_WRITERS

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.attachment.name


class Objection(AuditedModel):
    """A unit's objection to its notified results, filed within the round's objection period."""

    participant = models.ForeignKey(Participant, verbose_name=_("被考核单位"), on_delete=models.CASCADE,
                                    related_name="objections")
    indicator = models.ForeignKey(Indicator, verbose_name=_("异议指标"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("异议理由"))
    filed_on = models.DateField(_("提出日期"), editable=False)
    reply = models.TextField(_("答复意见"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True, editable=False)

    objects = AccessQuerySet.as_manager()
    access_anchor = "participant__unit"
    writer_roles = UNIT_WRITERS

    class Meta:
        verbose_name = _("考核结果异议")
        verbose_name_plural = _("考核结果异议")
        ordering = ["participant", "pk"]

    def __str__(self) -> str:
        return gettext("%(unit)s的异议") % {"unit": self.participant.unit.name}


# ---- demonstration creation (示范创建) ------------------------------------------------------------


class NamingLevel(models.TextChoices):
    """The level of the organ that named the demonstration."""

    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


class DemonstrationKind(models.TextChoices):
    AREA = "area", _("示范地区")
    UNIT = "unit", _("示范单位")
    PROJECT = "project", _("示范项目")


FIRST_NAMING_YEAR = 2003  # 民主法治示范村 naming began nationally in 2003


def _naming_year(errors: dict[str, list[str]], year: int | None) -> None:
    from fazhi.procedures import clock

    last = clock.today().year
    if year is not None and not FIRST_NAMING_YEAR <= year <= last:
        errors.setdefault("year", []).append(gettext("命名年度应在%(first)d年至%(last)d年之间。") % {
            "first": FIRST_NAMING_YEAR, "last": last})


class Demonstration(AuditedModel):
    """A demonstration area, unit or project (法治政府建设示范地区/单位/项目) named at a level in a year."""

    kind = models.CharField(_("类别"), max_length=16, choices=DemonstrationKind.choices)
    name = models.CharField(_("示范名称"), max_length=200,
                            help_text=_("如：第二批全国法治政府建设示范地区、某某项目"))
    level = models.CharField(_("命名级别"), max_length=16, choices=NamingLevel.choices)
    year = models.PositiveSmallIntegerField(_("命名年度"))
    unit = models.ForeignKey("core.Unit", verbose_name=_("创建单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("示范地区填本级人民政府；示范单位、示范项目填承担单位"))
    region = models.ForeignKey("core.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    naming_document = models.CharField(_("命名文件"), max_length=200, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("示范创建")
        verbose_name_plural = _("示范创建")
        ordering = ["-year", "level", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "unit", "level", "year", "name"],
                                               name="assessment_demonstration_once",
                                               violation_error_message=_("该单位同一年度已有同名同级别的示范命名。"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:demonstration_detail", args=[self.pk])

    def clean(self) -> None:
        if self.unit_id:
            self.region_id = self.unit.region_id
        errors: dict[str, list[str]] = {}
        _naming_year(errors, self.year)
        if self.kind == DemonstrationKind.AREA and self.unit_id and self.unit.unit_type != UnitType.GOVERNMENT:
            errors.setdefault("unit", []).append(gettext("示范地区的创建单位应为本级人民政府。"))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if self.unit_id:
            self.region_id = self.unit.region_id
        super().save(*args, **kwargs)


class DemonstrationVillage(AuditedModel):
    """A 民主法治示范村（社区） named at a level in a year; kept by the township or county that recommends it."""

    village = models.ForeignKey("core.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT,
                                related_name="+")
    unit = models.ForeignKey("core.Unit", verbose_name=_("管理单位"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("所在乡镇人民政府（街道办事处）或县级司法局"))
    level = models.CharField(_("命名级别"), max_length=16, choices=NamingLevel.choices)
    year = models.PositiveSmallIntegerField(_("命名年度"))
    naming_document = models.CharField(_("命名文件"), max_length=200, blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("民主法治示范村（社区）")
        verbose_name_plural = _("民主法治示范村（社区）")
        ordering = ["-year", "level", "village_id"]
        constraints = [models.UniqueConstraint(fields=["village", "level"], name="assessment_village_once",
                                               violation_error_message=_("该村（社区）已有同一级别的示范命名。"))]

    def __str__(self) -> str:
        return gettext("%(v)s（%(l)s民主法治示范村（社区），%(y)s年）") % {
            "v": self.village.name, "l": self.get_level_display(), "y": self.year}

    def get_absolute_url(self) -> str:
        return reverse("assessment:village_detail", args=[self.pk])

    def clean(self) -> None:
        from fazhi.core.regions import Level

        errors: dict[str, list[str]] = {}
        _naming_year(errors, self.year)
        if self.village_id:
            if self.village.level != Level.VILLAGE:
                errors.setdefault("village", []).append(gettext("请选择村级区划（村民委员会或社区居民委员会）。"))
            elif self.unit_id and not self.village_id.startswith(self.unit.region_prefix):
                errors.setdefault("village", []).append(gettext(
                    "村（社区）“%(v)s”不在管理单位“%(u)s”所属区划内。") % {"v": self.village.name, "u": self.unit.name})
        if errors:
            raise ValidationError(errors)
