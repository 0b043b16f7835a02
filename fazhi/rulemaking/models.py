"""Normative documents (行政规范性文件): drafting bodies, documents, legality reviews, deliberations."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet, Role
from fazhi.core.audit import AuditedModel

DOCUMENT_WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER})
TITLE_MAX = 200
# 文号: issuer abbreviation, year in 〔〕 (also accepted: [] and 【】 typed by hand), serial, 号.
DOCUMENT_NUMBER_RE = re.compile(r"^\S{1,30}[〔\[【](19|20)\d{2}[〕\]】][1-9]\d{0,4}号$")
PROVISIONAL_WORDS = ("暂行", "试行")


class DraftingBody(AuditedModel):
    """A unit confirmed (by the government's published list) as entitled to issue normative documents."""

    unit = models.OneToOneField("core.Unit", verbose_name=_("制定主体"), on_delete=models.PROTECT,
                                related_name="drafting_body")
    region = models.ForeignKey("core.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    confirmed = models.BooleanField(_("已确认"), default=False)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    basis_document = models.CharField(_("确认依据文件"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = frozenset({Role.ADMIN, Role.COORDINATOR})

    class Meta:
        verbose_name = _("制定主体")
        verbose_name_plural = _("制定主体")
        ordering = ["region_id", "unit__name"]

    def __str__(self) -> str:
        return self.unit.name

    def get_absolute_url(self) -> str:
        return reverse("rulemaking:document_list") + f"?drafting_body={self.pk}"

    def clean(self) -> None:
        if self.unit_id:
            self.region_id = self.unit.region_id
        if self.confirmed and (not self.confirmed_on or not self.basis_document.strip()):
            raise ValidationError(gettext("确认制定主体须填写确认日期和确认依据文件（国办发〔2018〕37号）。"))


class DocumentState(models.TextChoices):
    DRAFTING = "drafting", _("起草")
    PUBLIC_COMMENT = "public_comment", _("公开征求意见")
    LEGALITY_REVIEW = "legality_review", _("合法性审核")
    DELIBERATION = "deliberation", _("集体审议")
    REGISTERED = "registered", _("统一登记编号")
    PUBLISHED = "published", _("已公布")
    FILED = "filed", _("已报送备案")
    MATERIALS = "materials", _("备案材料待补充")
    CORRECTION = "correction", _("备案审查不符合，待纠正")
    IN_FORCE = "in_force", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    LAPSED = "lapsed", _("已失效")


# Published and not ended: in force for the public (filing and its review do not suspend a document).
VALID_STATES = (DocumentState.PUBLISHED, DocumentState.FILED, DocumentState.MATERIALS,
                DocumentState.CORRECTION, DocumentState.IN_FORCE)
ENDED_STATES = (DocumentState.AMENDED, DocumentState.REPEALED, DocumentState.LAPSED)


class FilingConclusion(models.TextChoices):
    CONFORMING = "conforming", _("符合")
    NOT_CONFORMING = "not_conforming", _("不符合")


class NormativeDocument(AuditedModel):
    title = models.CharField(_("文件名称"), max_length=TITLE_MAX)
    drafting_body = models.ForeignKey(DraftingBody, verbose_name=_("制定主体"), on_delete=models.PROTECT,
                                      related_name="documents")
    leading_unit = models.ForeignKey("core.Unit", verbose_name=_("起草单位"), on_delete=models.PROTECT,
                                     related_name="+")
    document_number = models.CharField(_("文号"), max_length=60, blank=True,
                                       help_text=_("格式如：云府规〔2025〕3号"))
    registration_number = models.CharField(_("统一登记号"), max_length=60, blank=True)
    market_related = models.BooleanField(_("涉及市场主体"), default=False)
    topic = models.CharField(_("主题领域"), max_length=50, blank=True, help_text=_("如：市场监管、教育、自然资源"))
    text = models.TextField(_("正文"), blank=True)
    drafting_explanation = models.TextField(_("起草说明"), blank=True)
    legal_bases = models.TextField(_("制定依据"), blank=True)
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), null=True, blank=True,
                                                      help_text=_("留空：一般5年，暂行、试行2年"))
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    early_effect_reason = models.CharField(_("提前施行理由"), max_length=300, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True, editable=False)
    amends = models.ForeignKey("self", verbose_name=_("修改的文件"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="amendments")
    comment_opened_on = models.DateField(_("征求意见开始日期"), null=True, blank=True, editable=False)
    comment_closed_on = models.DateField(_("征求意见结束日期"), null=True, blank=True, editable=False)
    comment_summary = models.TextField(_("意见采纳情况说明"), blank=True,
                                       help_text=_("征求意见结束时填写：收到多少意见、采纳情况及不予采纳的理由"))
    registered_on = models.DateField(_("登记日期"), null=True, blank=True, editable=False)
    filed_on = models.DateField(_("报送备案日期"), null=True, blank=True, editable=False)
    filing_due_on = models.DateField(_("备案期限届满日"), null=True, blank=True, editable=False)
    filing_materials_complete = models.BooleanField(_("备案材料齐全规范"), null=True, editable=False)
    filing_conclusion = models.CharField(_("备案审查结论"), max_length=20, blank=True, editable=False,
                                         choices=FilingConclusion.choices)
    filing_reviewed_on = models.DateField(_("备案审查日期"), null=True, blank=True, editable=False)
    filing_findings = models.TextField(_("备案审查意见"), blank=True, editable=False)
    nonconforming_on = models.DateField(_("发现不符合日期"), null=True, blank=True, editable=False)
    corrected_on = models.DateField(_("纠正日期"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("失效、废止或修改日期"), null=True, blank=True, editable=False)
    state = models.CharField(_("状态"), max_length=32, default=DocumentState.DRAFTING,
                             choices=DocumentState.choices, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "leading_unit"
    writer_roles = DOCUMENT_WRITERS

    class Meta:
        verbose_name = _("行政规范性文件")
        verbose_name_plural = _("行政规范性文件")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["drafting_body", "document_number"], condition=~Q(document_number=""),
                name="rulemaking_document_number_unique",
                violation_error_message=_("该制定主体已使用此文号。")),
        ]
        indexes = [models.Index(fields=["published_on"]), models.Index(fields=["filed_on"]),
                   models.Index(fields=["state", "expires_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rulemaking:document_detail", args=[self.pk])

    @property
    def is_provisional(self) -> bool:
        return any(word in self.title for word in PROVISIONAL_WORDS)

    def clean(self) -> None:
        from fazhi.rulemaking import rules

        errors: dict[str, list[str]] = {}
        if len(self.title or "") > TITLE_MAX:
            errors.setdefault("title", []).append(gettext("文件名称不得超过%(n)d个字。") % {"n": TITLE_MAX})
        for name in ("document_number", "registration_number"):
            value = (getattr(self, name) or "").strip()
            setattr(self, name, value)
        if self.document_number and not DOCUMENT_NUMBER_RE.match(self.document_number):
            errors.setdefault("document_number", []).append(gettext(
                "文号格式不正确，应为“机关代字〔年份〕序号号”，如：云府规〔2025〕3号。"))
        if self.drafting_body_id and not self.drafting_body.confirmed:
            errors.setdefault("drafting_body", []).append(gettext(
                "“%(body)s”不是已确认的制定主体，不能制定行政规范性文件（国办发〔2018〕37号）。") % {
                "body": self.drafting_body})
        if self.amends_id and self.pk and self.amends_id == self.pk:
            errors.setdefault("amends", []).append(gettext("文件不能修改其自身。"))
        if self.published_on and self.effective_on and self.leading_unit_id and not self.early_effect_reason.strip():
            earliest = rules.earliest_effective_on(self)
            if self.effective_on < earliest:
                errors.setdefault("effective_on", []).append(gettext(
                    "施行日期不得早于%(date)s（公布之日起%(limit)s），确需提前施行的请填写提前施行理由"
                    "（%(basis)s）。") % {"date": earliest.isoformat(), **rules.limit_text(self, rules.EFFECT_DELAY)})
        if errors:
            raise ValidationError(errors)


class ReviewOutcome(models.TextChoices):
    PASS = "pass", _("通过")
    PASS_AFTER_CHANGES = "pass_after_changes", _("修改后通过")
    FAIL = "fail", _("不予通过")


PASSING_OUTCOMES = (ReviewOutcome.PASS, ReviewOutcome.PASS_AFTER_CHANGES)


class LegalityReview(AuditedModel):
    """The justice bureau's legality review opinion (合法性审核意见) on a draft."""

    document = models.ForeignKey(NormativeDocument, verbose_name=_("文件"), on_delete=models.PROTECT,
                                 related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人员"), on_delete=models.PROTECT,
                                 related_name="+")
    outcome = models.CharField(_("审核意见"), max_length=24, choices=ReviewOutcome.choices)
    reasons = models.TextField(_("理由"), blank=True)
    fair_competition_checked = models.BooleanField(_("已进行公平竞争审查"), default=False)
    # Keys of rules.FAIR_COMPETITION_ITEMS the draft was found to contain (公平竞争审查条例第八至十一条).
    fair_competition_findings = models.JSONField(_("公平竞争审查发现的问题"), default=list, blank=True)
    fair_competition_exception = models.TextField(
        _("适用例外情形的理由"), blank=True, help_text=_("公平竞争审查条例第十二条：例外情形、无替代方案及实施期限"))
    reviewed_on = models.DateField(_("审核日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "document__leading_unit"
    writer_roles = frozenset({Role.ADMIN, Role.REVIEWER})

    class Meta:
        verbose_name = _("合法性审核意见")
        verbose_name_plural = _("合法性审核意见")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_outcome_display()}"

    @property
    def passed(self) -> bool:
        return self.outcome in PASSING_OUTCOMES


class DeliberationOutcome(models.TextChoices):
    ADOPTED = "adopted", _("审议通过")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("原则通过，修改后印发")
    NOT_ADOPTED = "not_adopted", _("未通过")


class Deliberation(AuditedModel):
    """Collective deliberation (集体审议) of the draft by the issuing organ's meeting."""

    document = models.ForeignKey(NormativeDocument, verbose_name=_("文件"), on_delete=models.PROTECT,
                                 related_name="deliberations")
    meeting = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    outcome = models.CharField(_("审议结果"), max_length=24, choices=DeliberationOutcome.choices)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "document__leading_unit"
    writer_roles = DOCUMENT_WRITERS

    class Meta:
        verbose_name = _("集体审议")
        verbose_name_plural = _("集体审议")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} · {self.meeting}"

    @property
    def adopted(self) -> bool:
        return self.outcome != DeliberationOutcome.NOT_ADOPTED


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已公开")
    REJECTED = "rejected", _("不予公开")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


COMMENT_MAX = 2000


class PublicComment(AuditedModel):
    """A comment from the public on a draft open for comment (submitted on the portal, then moderated)."""

    document = models.ForeignKey(NormativeDocument, verbose_name=_("文件"), on_delete=models.PROTECT,
                                 related_name="comments")
    name = models.CharField(_("姓名或单位"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True, help_text=_("仅起草单位可见"))
    content = models.TextField(_("意见内容"), max_length=COMMENT_MAX, validators=[MaxLengthValidator(COMMENT_MAX)])
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    status = models.CharField(_("审核状态"), max_length=16, choices=CommentStatus.choices,
                              default=CommentStatus.PENDING)
    moderation_note = models.CharField(_("审核说明"), max_length=200, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=16, choices=Adoption.choices, blank=True)
    response = models.TextField(_("答复或不采纳理由"), blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "document__leading_unit"
    writer_roles = DOCUMENT_WRITERS

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} · {self.content[:20]}"


class EvaluationConclusion(models.TextChoices):
    CONTINUE = "continue", _("继续有效（重新公布）")
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")
    LAPSE = "lapse", _("到期失效")


class DocumentEvaluation(AuditedModel):
    """The evaluation of a document in the months before its validity period ends."""

    document = models.ForeignKey(NormativeDocument, verbose_name=_("文件"), on_delete=models.PROTECT,
                                 related_name="evaluations")
    evaluated_on = models.DateField(_("评估日期"))
    conclusion = models.CharField(_("评估结论"), max_length=16, choices=EvaluationConclusion.choices)
    findings = models.TextField(_("评估意见"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "document__leading_unit"
    writer_roles = DOCUMENT_WRITERS

    class Meta:
        verbose_name = _("文件评估")
        verbose_name_plural = _("文件评估")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_conclusion_display()}"


class CampaignState(models.TextChoices):
    OPEN = "open", _("清理中")
    PUBLISHED = "published", _("结果已公布")


class CleanupCampaign(AuditedModel):
    """A cleanup (清理) of the normative documents of an issuer or region, its decisions published."""

    title = models.CharField(_("清理名称"), max_length=200)
    unit = models.ForeignKey("core.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    scope = models.TextField(_("清理范围"), blank=True, help_text=_("如：2020年以来市政府及其部门制定的文件"))
    basis = models.CharField(_("清理依据"), max_length=200, blank=True)
    started_on = models.DateField(_("开始日期"))
    state = models.CharField(_("状态"), max_length=16, choices=CampaignState.choices, default=CampaignState.OPEN,
                             editable=False)
    published_on = models.DateField(_("结果公布日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER})

    class Meta:
        verbose_name = _("文件清理")
        verbose_name_plural = _("文件清理")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rulemaking:campaign_detail", args=[self.pk])


class CleanupDecision(models.TextChoices):
    KEEP = "keep", _("继续有效")
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")
    LAPSE = "lapse", _("宣布失效")


class CleanupItem(AuditedModel):
    campaign = models.ForeignKey(CleanupCampaign, verbose_name=_("文件清理"), on_delete=models.CASCADE,
                                 related_name="items")
    document = models.ForeignKey(NormativeDocument, verbose_name=_("文件"), on_delete=models.PROTECT,
                                 related_name="cleanup_items")
    decision = models.CharField(_("清理结果"), max_length=16, choices=CleanupDecision.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "campaign__unit"
    writer_roles = CleanupCampaign.writer_roles

    class Meta:
        verbose_name = _("清理文件")
        verbose_name_plural = _("清理文件")
        ordering = ["campaign_id", "document__published_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "document"], name="rulemaking_cleanup_item_unique",
                                               violation_error_message=_("该文件已在本次清理范围内。"))]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.document}"
