"""Random inspections (双随机、一公开): inspection items, the entity directory, plans, verifiable draws and
published results.

- Inspection items (检查事项) of an enforcement body, each with its legal basis.
- The entity directory (检查对象名录库) of a body: credit code, name, type, industry, risk level.
- The inspector directory (执法检查人员名录库) is not a table of its own: it is the body's enforcement
  officers holding a valid certificate on the day of the commitment (EnforcementOfficer).
- A plan (抽查计划) sets its items, its scope (an industry, or the whole directory), a sampling ratio per
  risk level and the number of inspectors per entity, plus declared relations (回避关系).
- The draw is verifiable (see draw.py): committing freezes the published inputs and the SHA-256 of a
  secret seed; drawing reveals the seed and stores the picks; anyone recomputes them.
- Each pick becomes an inspection result (抽查结果), entered after the inspection and published within
  20 working days (the engine's limit `randominspections.publication`).
"""

from __future__ import annotations

import json

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet
from fazhi.core.audit import AuditedModel
from fazhi.core.validators import validate_credit_code
from fazhi.enforcement.models import KEEPERS, EnforcementField

TEXT_MAX = 200


class RiskLevel(models.TextChoices):
    LOW = "low", _("低风险")
    MEDIUM = "medium", _("一般风险")
    HIGH = "high", _("高风险")


# The draw's groups, in this order (published inputs list them so).
RISK_ORDER = (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    INDIVIDUAL = "individual", _("个体工商户")
    COOPERATIVE = "cooperative", _("农民专业合作社")
    INSTITUTION = "institution", _("事业单位")
    OTHER = "other", _("其他")


class InspectionItem(AuditedModel):
    """An inspection item (随机抽查事项清单) of a body, with its legal basis."""

    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="inspection_items")
    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("检查事项"), max_length=TEXT_MAX)
    field = models.CharField(_("执法领域"), max_length=30, choices=EnforcementField.choices)
    legal_basis = models.TextField(_("检查依据"), help_text=_("法律、法规、规章的名称及具体条款"))
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = KEEPERS

    class Meta:
        verbose_name = _("检查事项")
        verbose_name_plural = _("检查事项")
        ordering = ["body_id", "code"]
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="randominspections_item_unique_code",
                                               violation_error_message=_("该执法主体已有相同编码的检查事项。"))]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        # Items have no page of their own: the list shows every field; the link opens the edit page.
        return reverse("randominspections:item_edit", args=[self.pk])


class InspectionEntity(AuditedModel):
    """An entity in a body's directory (检查对象名录库)."""

    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="inspection_entities")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_credit_code])
    name = models.CharField(_("名称"), max_length=TEXT_MAX)
    kind = models.CharField(_("类型"), max_length=20, choices=EntityKind.choices, default=EntityKind.ENTERPRISE)
    industry = models.CharField(_("所属行业"), max_length=50, blank=True, db_index=True)
    risk_level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW)
    address = models.CharField(_("地址"), max_length=TEXT_MAX, blank=True)
    active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = KEEPERS

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象名录")
        ordering = ["body_id", "credit_code"]
        constraints = [models.UniqueConstraint(fields=["body", "credit_code"],
                                               name="randominspections_entity_unique_code",
                                               violation_error_message=_("该执法主体的名录库已有此统一社会信用代码的检查对象。"))]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"

    def save(self, *args, **kwargs) -> None:
        self.credit_code = (self.credit_code or "").strip().upper()
        super().save(*args, **kwargs)


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    COMMITTED = "committed", _("已公布抽取输入")
    DRAWN = "drawn", _("已抽取")


class InspectionPlan(AuditedModel):
    """A random-inspection plan (抽查计划) and its verifiable draw."""

    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="inspection_plans")
    title = models.CharField(_("计划名称"), max_length=TEXT_MAX)
    year = models.PositiveIntegerField(_("年度"))
    items = models.ManyToManyField(InspectionItem, verbose_name=_("检查事项"), related_name="plans")
    scope_industry = models.CharField(_("抽查范围（行业）"), max_length=50, blank=True,
                                      help_text=_("留空：名录库内全部在册检查对象"))
    # Sampling ratios in hundredths of a percent (1000 = 10%), per risk level: higher for riskier groups.
    ratio_low_bp = models.PositiveIntegerField(_("低风险抽查比例（万分比）"), default=300)
    ratio_medium_bp = models.PositiveIntegerField(_("一般风险抽查比例（万分比）"), default=500)
    ratio_high_bp = models.PositiveIntegerField(_("高风险抽查比例（万分比）"), default=1000)
    inspectors_per_entity = models.PositiveIntegerField(_("每个检查对象的检查人员数"), default=2)
    state = models.CharField(_("状态"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    # The commitment (published before the draw).
    inputs_json = models.TextField(_("抽取输入"), blank=True, editable=False)
    inputs_hash = models.CharField(_("抽取输入哈希（SHA-256）"), max_length=64, blank=True, editable=False)
    seed_hash = models.CharField(_("随机种子哈希（SHA-256）"), max_length=64, blank=True, editable=False)
    committed_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)
    committed_on = models.DateField(_("公布日期"), null=True, blank=True, editable=False)
    # The draw: the seed (kept secret until then) and the picks.
    seed = models.CharField(_("随机种子"), max_length=64, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True, editable=False)
    drawn_on = models.DateField(_("抽取日期"), null=True, blank=True, editable=False)
    picks_json = models.TextField(_("抽取结果"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = KEEPERS

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("randominspections:plan_detail", args=[self.pk])

    def ratio_bp(self, level: str) -> int:
        return getattr(self, f"ratio_{level}_bp")

    @property
    def inputs(self) -> dict:
        return json.loads(self.inputs_json) if self.inputs_json else {}

    @property
    def picks(self) -> list:
        return json.loads(self.picks_json) if self.picks_json else []

    def published_draw(self) -> dict:
        """What the portal shows and offers for download: enough to recompute the draw (the seed only
        once drawn)."""
        return {"plan": self.pk, "title": self.title, "inputs": self.inputs, "inputs_hash": self.inputs_hash,
                "seed_hash": self.seed_hash, "committed_at": self.committed_at.isoformat() if self.committed_at else None,
                "seed": self.seed if self.state == PlanState.DRAWN else None,
                "drawn_at": self.drawn_at.isoformat() if self.drawn_at else None,
                "picks": self.picks if self.state == PlanState.DRAWN else None}


class DeclaredRelation(AuditedModel):
    """An inspector's declared relation with an entity (回避): the draw never pairs them."""

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("抽查计划"), on_delete=models.CASCADE,
                             related_name="relations")
    officer = models.ForeignKey("enforcement.EnforcementOfficer", verbose_name=_("执法人员"),
                                on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(InspectionEntity, verbose_name=_("检查对象"), on_delete=models.PROTECT,
                               related_name="+")
    reason = models.CharField(_("关系说明"), max_length=TEXT_MAX)

    objects = AccessQuerySet.as_manager()
    access_anchor = "plan__body__unit"
    writer_roles = KEEPERS

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [models.UniqueConstraint(fields=["plan", "officer", "entity"],
                                               name="randominspections_relation_unique")]


class ResultState(models.TextChoices):
    PICKED = "picked", _("待检查")
    INSPECTED = "inspected", _("已检查待公示")
    PUBLISHED = "published", _("已公示")


class Outcome(models.TextChoices):
    NO_PROBLEM = "no_problem", _("未发现问题")
    RECTIFIED = "rectified", _("发现问题已责令改正")
    CASE_OPENED = "case_opened", _("发现问题已立案查处")
    NOT_FOUND = "not_found", _("未发现开展本次抽查涉及的经营活动")
    ABSENT = "absent", _("通过登记的住所（经营场所）无法联系")


PROBLEM_OUTCOMES = (Outcome.RECTIFIED, Outcome.CASE_OPENED)


class InspectionResult(AuditedModel):
    """One drawn entity of a plan, its inspectors and the result of the inspection (抽查结果)."""

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("抽查计划"), on_delete=models.PROTECT,
                             related_name="results")
    entity = models.ForeignKey(InspectionEntity, verbose_name=_("检查对象"), on_delete=models.PROTECT,
                               related_name="results")
    inspectors = models.ManyToManyField("enforcement.EnforcementOfficer", verbose_name=_("检查人员"),
                                        related_name="random_inspections")
    state = models.CharField(_("状态"), max_length=20, choices=ResultState.choices, default=ResultState.PICKED)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    outcome = models.CharField(_("检查结果"), max_length=20, choices=Outcome.choices, blank=True)
    problems = models.TextField(_("发现的问题"), blank=True)
    handling = models.TextField(_("处理情况"), blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    publication_due_on = models.DateField(_("公示期限"), null=True, blank=True, editable=False)

    objects = AccessQuerySet.as_manager()
    access_anchor = "plan__body__unit"
    writer_roles = KEEPERS

    class Meta:
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")
        ordering = ["plan_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "entity"], name="randominspections_result_unique")]

    def __str__(self) -> str:
        return f"{self.plan.title} · {self.entity.name}"

    def get_absolute_url(self) -> str:
        return reverse("randominspections:result_detail", args=[self.pk])

    @property
    def problems_found(self) -> bool:
        return self.outcome in PROBLEM_OUTCOMES

    @property
    def published_late(self) -> bool:
        return bool(self.published_on and self.publication_due_on and self.published_on > self.publication_due_on)
