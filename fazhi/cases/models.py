"""Administrative enforcement cases (行政执法案件), second increment of enforcement.

A case belongs to an enforcement body (`fazhi.enforcement`); it is handled by at least two officers
with a valid certificate (行政处罚法第四十二条) and moves through the penalty procedure declared in
`procedures.py`: 立案 → 调查取证 → 告知 → (听证) → (法制审核) → (集体讨论) → 决定 → 送达 → 公示 → 执行 → 结案.
Discretion benchmarks (裁量基准) are versioned data with their legal citation; a fine outside the
benchmark's range needs a stated reason.

Access: a case belongs to its body's unit (access_anchor "body__unit"): the department's legal and
enforcement officers handle it, the county's justice bureau (reviewers) and coordinators see it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet, Role
from fazhi.core.audit import AuditedModel
from fazhi.core.validators import validate_credit_code, validate_id_number
from fazhi.enforcement.models import mask_id_number
from fazhi.procedures import clock

WRITERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER})
TEXT_MAX = 200
LONG_MAX = 5000
NUMBER_MAX = 60
TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def yuan(amount: Decimal | None) -> str:
    """An amount as written in a message: 5000, not 5000.00; 1234.50 stays as is."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    return str(amount.quantize(Decimal(1))) if amount == amount.to_integral_value() else str(amount)


class ActType(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    LICENSING = "licensing", _("行政许可")
    COERCION = "coercion", _("行政强制")
    INSPECTION = "inspection", _("行政检查")


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class CaseState(models.TextChoices):
    REGISTERED = "registered", _("已立案")
    INVESTIGATING = "investigating", _("调查取证")
    NOTIFIED = "notified", _("已告知")
    HEARING = "hearing", _("听证中")
    HEARD = "heard", _("已听证")
    LEGAL_REVIEW = "legal_review", _("法制审核中")
    REVIEW_PASSED = "review_passed", _("法制审核通过")
    DISCUSSED = "discussed", _("已集体讨论")
    DECIDED = "decided", _("已决定")
    SERVED = "served", _("已送达")
    PUBLISHED = "published", _("已公示")
    EXECUTED = "executed", _("已执行")
    CLOSED = "closed", _("已结案")
    REVOKED = "revoked", _("决定已撤销（待撤下公示）")
    WITHDRAWN = "withdrawn", _("决定已撤销（公示已撤下）")
    # 行政许可 (行政许可法): its own states, so that only its steps leave them (one procedure per model).
    LICENCE_ACCEPTED = "licence_accepted", _("许可申请已受理")
    LICENCE_HEARING = "licence_hearing", _("许可听证中")
    LICENCE_HEARD = "licence_heard", _("许可已听证")
    LICENCE_DECIDED = "licence_decided", _("已作出许可决定")
    LICENCE_PUBLISHED = "licence_published", _("许可决定已公示")
    # 行政强制措施 (行政强制法).
    COERCION_PROPOSED = "coercion_proposed", _("拟采取强制措施")
    COERCION_APPROVED = "coercion_approved", _("负责人已批准强制措施")
    COERCION_EMERGENCY = "coercion_emergency", _("紧急实施，待补办批准")
    COERCION_IN_FORCE = "coercion_in_force", _("强制措施实施中")
    COERCION_DECIDED = "coercion_decided", _("已作出强制措施处理决定")
    COERCION_PUBLISHED = "coercion_published", _("强制措施处理决定已公示")
    # 行政检查.
    INSPECTION_PLANNED = "inspection_planned", _("待检查")
    INSPECTION_INSPECTED = "inspection_inspected", _("已实施检查")
    INSPECTION_CONCLUDED = "inspection_concluded", _("已作出检查结论")
    INSPECTION_PUBLISHED = "inspection_published", _("检查结果已公示")


# The first state of each act type's procedure (set when the case is registered).
INITIAL_STATE = {"penalty": CaseState.REGISTERED, "licensing": CaseState.LICENCE_ACCEPTED,
                 "coercion": CaseState.COERCION_PROPOSED, "inspection": CaseState.INSPECTION_PLANNED}
# States after a decision was made (for figures and the portal).
DECIDED_STATES = (CaseState.DECIDED, CaseState.SERVED, CaseState.PUBLISHED, CaseState.EXECUTED,
                  CaseState.CLOSED, CaseState.REVOKED, CaseState.WITHDRAWN,
                  CaseState.LICENCE_DECIDED, CaseState.LICENCE_PUBLISHED, CaseState.COERCION_DECIDED,
                  CaseState.COERCION_PUBLISHED, CaseState.INSPECTION_CONCLUDED, CaseState.INSPECTION_PUBLISHED)
# States in which a published decision stays on the portal (any act type: 国办发〔2018〕118号 makes every
# enforcement decision public); a revoked one leaves it at once (行政处罚法第四十八条).
PUBLIC_STATES = (CaseState.PUBLISHED, CaseState.LICENCE_PUBLISHED, CaseState.COERCION_PUBLISHED,
                 CaseState.INSPECTION_PUBLISHED, CaseState.EXECUTED, CaseState.CLOSED)


class Outcome(models.TextChoices):
    PENALTY = "penalty", _("给予行政处罚")
    NO_PENALTY = "no_penalty", _("不予行政处罚")
    DISMISSED = "dismissed", _("违法事实不成立，不予处罚")
    TRANSFERRED = "transferred", _("移送司法机关")
    GRANTED = "granted", _("准予行政许可")
    REFUSED = "refused", _("不予行政许可")
    RELEASED = "released", _("解除强制措施")
    CONFISCATED = "confiscated", _("依法没收")
    DISPOSED = "disposed", _("依法作出其他处理（移送、转入行政处罚等）")
    NO_PROBLEM = "no_problem", _("未发现违法问题")
    PROBLEM_FOUND = "problem_found", _("发现违法问题")


# The outcomes each act type may have.
OUTCOMES = {
    "penalty": (Outcome.PENALTY, Outcome.NO_PENALTY, Outcome.DISMISSED, Outcome.TRANSFERRED),
    "licensing": (Outcome.GRANTED, Outcome.REFUSED),
    "coercion": (Outcome.RELEASED, Outcome.CONFISCATED, Outcome.DISPOSED),
    "inspection": (Outcome.NO_PROBLEM, Outcome.PROBLEM_FOUND),
}


class MeasureKind(models.TextChoices):
    """Compulsory measures with a term of 30 days (行政强制法第二十五条、第三十二条)."""

    SEALING = "sealing", _("查封场所、设施或者财物")
    SEIZURE = "seizure", _("扣押财物")
    FREEZING = "freezing", _("冻结存款、汇款")


# 查封、扣押 need a continuous audio-video record (RULES: 全程不间断记录).
CONTINUOUS_RECORDING = (MeasureKind.SEALING, MeasureKind.SEIZURE)


class InspectionOrigin(models.TextChoices):
    PLANNED = "planned", _("年度检查计划")
    RANDOM = "random", _("双随机抽查")
    COMPLAINT = "complaint", _("投诉举报")
    REFERRAL = "referral", _("上级交办或移送")


class SeverePenalty(models.TextChoices):
    """Penalties other than a fine or confiscation that give a hearing right (行政处罚法第六十三条)."""

    QUALIFICATION = "qualification", _("降低资质等级")
    LICENCE_REVOKED = "licence_revoked", _("吊销许可证件")
    SUSPENSION = "suspension", _("责令停产停业")
    CLOSURE = "closure", _("责令关闭")
    PRACTICE = "practice", _("限制从业")
    OTHER_SEVERE = "other_severe", _("其他较重的行政处罚")
    BY_LAW = "by_law", _("法律、法规、规章规定应当告知听证的其他情形")


SEVERE_LABELS = dict(SeverePenalty.choices)


class ReviewConclusion(models.TextChoices):
    PASSED = "passed", _("通过")
    RETURNED = "returned", _("退回补充或纠正")


class RecordedAct(models.TextChoices):
    """Acts that need an audio-video record (行政处罚法第四十七条; 国办发〔2018〕118号)."""

    ON_SITE = "on_site", _("现场执法")
    EVIDENCE = "evidence", _("调查取证")
    HEARING = "hearing", _("听证")
    SERVICE = "service", _("容易引发争议的送达")
    SEIZURE = "seizure", _("查封扣押（全程不间断记录）")


RECORDED_ACT_LABELS = dict(RecordedAct.choices)


def join_acts(values: list[str] | tuple[str, ...]) -> str:
    ordered = [v for v in RecordedAct.values if v in set(values)]
    return f",{','.join(ordered)}," if ordered else ""


def split_acts(stored: str) -> list[str]:
    return [v for v in (stored or "").split(",") if v]


class DiscretionBenchmark(AuditedModel):
    """One row of a discretion benchmark (裁量基准): for a violation under an item, the fine range by
    circumstance, valid from a date (versioned: a later row of the same item and circumstance replaces it)."""

    item = models.ForeignKey("enforcement.EnforcementItem", verbose_name=_("执法事项"), on_delete=models.PROTECT,
                             related_name="benchmarks")
    circumstance = models.CharField(_("违法情节"), max_length=TEXT_MAX, error_messages=TOO_LONG,
                                    help_text=_("如：轻微、一般、较重、严重"))
    min_fine = models.DecimalField(_("罚款下限（元）"), max_digits=14, decimal_places=2,
                                   validators=[MinValueValidator(Decimal(0))])
    max_fine = models.DecimalField(_("罚款上限（元）"), max_digits=14, decimal_places=2,
                                   validators=[MinValueValidator(Decimal(0))])
    citation = models.CharField(_("法律依据"), max_length=TEXT_MAX, error_messages=TOO_LONG,
                                help_text=_("设定罚款幅度的法律、法规、规章条款及裁量基准文件"))
    lenient = models.BooleanField(_("列入首违不罚清单"), default=False,
                                  help_text=_("初次违法且危害后果轻微并及时改正的，可以不予行政处罚（行政处罚法第三十三条）"))
    valid_from = models.DateField(_("施行日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "item__body__unit"
    writer_roles = WRITERS

    class Meta:
        verbose_name = _("裁量基准")
        verbose_name_plural = _("裁量基准")
        ordering = ["item_id", "circumstance", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["item", "circumstance", "valid_from"], name="cases_benchmark_version",
                                    violation_error_message=_("该事项同一情节在同一施行日期已有裁量基准。")),
        ]

    def __str__(self) -> str:
        text = f"{self.item.name} · {self.circumstance}（{yuan(self.min_fine)}–{yuan(self.max_fine)}元）"
        return text + gettext("（首违不罚清单）") if self.lenient else text

    def get_absolute_url(self) -> str:
        return reverse("cases:benchmark_list") + f"?q={self.circumstance}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.circumstance = (self.circumstance or "").strip()
        self.citation = (self.citation or "").strip()
        if not self.citation and "citation" not in errors:
            errors.setdefault("citation", []).append(gettext("请填写裁量基准的法律依据。"))
        if self.min_fine is not None and self.max_fine is not None and self.max_fine < self.min_fine:
            errors.setdefault("max_fine", []).append(gettext("罚款上限不得低于罚款下限（%(min)s元）。") % {
                "min": yuan(self.min_fine)})
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Threshold:
    """The amounts from which a fine or a confiscation is 较大数额 (行政处罚法第六十三条), with their source."""

    fine: Decimal
    confiscation: Decimal
    source: str


# 行政处罚法第六十三条 leaves 较大数额 to local and departmental rules. When no HearingThreshold row
# applies, the market regulation rule is used (secondary source: to be replaced by the province's own
# rule, entered as a row for its region).
DEFAULT_SOURCE = "《市场监督管理行政处罚听证办法》（2021年修正）第五条（未录入本地标准时的默认值）"
DEFAULT_THRESHOLDS = {
    PartyKind.PERSON: Threshold(Decimal(10000), Decimal(10000), DEFAULT_SOURCE),
    PartyKind.ORGANISATION: Threshold(Decimal(100000), Decimal(100000), DEFAULT_SOURCE),
}


class HearingThreshold(AuditedModel):
    """A local 较大数额 standard for the hearing right (行政处罚法第六十三条), per party kind and region,
    valid from a date. Reference data kept by administrators (like the time-limit rules)."""

    region = models.ForeignKey("core.Region", verbose_name=_("适用区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("留空为默认标准；填写则适用于该区划及其下级区划。"))
    party_kind = models.CharField(_("当事人类型"), max_length=20, choices=PartyKind.choices)
    fine_from = models.DecimalField(_("较大数额罚款起点（元）"), max_digits=14, decimal_places=2,
                                    validators=[MinValueValidator(Decimal(0))])
    confiscation_from = models.DecimalField(_("没收较大数额违法所得、较大价值非法财物起点（元）"), max_digits=14,
                                            decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    source = models.CharField(_("依据"), max_length=TEXT_MAX, error_messages=TOO_LONG,
                              help_text=_("规定该标准的地方性法规、规章或规范性文件及条款"))
    valid_from = models.DateField(_("施行日期"))

    class Meta:
        verbose_name = _("听证较大数额标准")
        verbose_name_plural = _("听证较大数额标准")
        ordering = ["region_id", "party_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "party_kind", "valid_from"], name="cases_threshold_version",
                                    violation_error_message=_("该区划同一当事人类型在同一施行日期已有标准。")),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_kind_display()}：{yuan(self.fine_from)}元（{self.source}）"

    def clean(self) -> None:
        self.source = (self.source or "").strip()
        if not self.source:
            raise ValidationError({"source": gettext("请填写该标准的依据。")})


def hearing_threshold(case: EnforcementCase, cache: dict | None = None) -> Threshold:
    """The 较大数额 standard for the case's party, in force on its registration date in its body's region
    (the most specific region wins, then the latest version); the default when none is entered."""
    from fazhi.procedures.selectors import region_chain

    key = ("thresholds", case.body.unit_id, case.party_kind)
    if cache is not None and key in cache:
        chain, rows = cache[key]
    else:
        chain = region_chain(case.body.unit)
        rows = list(HearingThreshold.objects.filter(models.Q(region__isnull=True) | models.Q(region_id__in=chain),
                                                    party_kind=case.party_kind))
        if cache is not None:
            cache[key] = (chain, rows)
    if case.registered_on:
        rows = [r for r in rows if r.valid_from <= case.registered_on]
    # The chain runs province → county: a later index is a more specific region; the default row is 0.
    best = max(rows, key=lambda r: (chain.index(r.region_id) + 1 if r.region_id else 0, r.valid_from),
               default=None)
    if best is None:
        return DEFAULT_THRESHOLDS.get(case.party_kind, DEFAULT_THRESHOLDS[PartyKind.ORGANISATION])
    return Threshold(best.fine_from, best.confiscation_from, best.source)


class CaseQuerySet(AccessQuerySet):
    def public(self) -> CaseQuerySet:
        """Decisions shown on the portal: published and not withdrawn."""
        return self.filter(state__in=PUBLIC_STATES, published_on__isnull=False, publication_withdrawn_on__isnull=True)


class EnforcementCase(AuditedModel):
    """An enforcement case (行政执法案件) of a body, with its dated procedural steps."""

    body = models.ForeignKey("enforcement.EnforcementBody", verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="cases")
    number = models.CharField(_("案件编号"), max_length=NUMBER_MAX,
                              error_messages={**TOO_LONG, "blank": _("请填写案件编号。")})
    item = models.ForeignKey("enforcement.EnforcementItem", verbose_name=_("执法事项"), on_delete=models.PROTECT,
                             related_name="cases", null=True, blank=True)
    act_type = models.CharField(_("行为类别"), max_length=20, choices=ActType.choices, default=ActType.PENALTY)
    party_kind = models.CharField(_("当事人类型"), max_length=20, choices=PartyKind.choices,
                                  default=PartyKind.ORGANISATION)
    party_name = models.CharField(_("当事人"), max_length=TEXT_MAX,
                                  error_messages={**TOO_LONG, "blank": _("请填写当事人名称或姓名。")})
    party_id_number = models.CharField(_("当事人身份证号"), max_length=18, blank=True,
                                       help_text=_("当事人为自然人时填写；公示时隐去部分号码"))
    party_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True,
                                         help_text=_("当事人为法人或其他组织时填写"))
    cause = models.CharField(_("案由"), max_length=TEXT_MAX, error_messages={**TOO_LONG, "blank": _("请填写案由。")})
    facts = models.TextField(_("违法事实"), blank=True)
    officers = models.ManyToManyField("enforcement.EnforcementOfficer", verbose_name=_("承办执法人员"),
                                      related_name="cases", blank=True)
    major = models.BooleanField(_("重大执法决定"), default=False,
                                help_text=_("属于行政处罚法第五十八条情形或本机关公布的重大执法决定目录的，须经法制审核"))
    # Derived from the intended penalty (行政处罚法第六十三条), fixed when the party is notified.
    hearing_right = models.BooleanField(_("告知听证权利"), default=False, editable=False,
                                        help_text=_("拟作出较大数额罚款、吊销许可证件、责令停产停业等决定的（行政处罚法第六十三条）"))
    recorded_acts = models.CharField(_("须音像记录的执法环节"), max_length=100, blank=True)
    benchmark = models.ForeignKey(DiscretionBenchmark, verbose_name=_("适用裁量基准"), on_delete=models.PROTECT,
                                  related_name="cases", null=True, blank=True)
    deviation_reason = models.TextField(_("超出裁量基准的理由"), blank=True)
    fine_amount = models.DecimalField(_("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                      validators=[MinValueValidator(Decimal(0))])
    other_penalties = models.CharField(_("其他处罚种类"), max_length=TEXT_MAX, blank=True, error_messages=TOO_LONG,
                                       help_text=_("如：没收违法所得、责令停产停业、吊销许可证件"))
    confiscation_value = models.DecimalField(
        _("没收违法所得、非法财物价值（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))], help_text=_("拟没收的违法所得金额与非法财物价值之和"))
    severe_penalties = models.CharField(_("拟作出的其他较重处罚"), max_length=200, blank=True,
                                        help_text=_("行政处罚法第六十三条所列：降低资质等级、吊销许可证件、责令停产停业等"))
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices, blank=True)
    decision_reasons = models.TextField(_("决定理由"), blank=True,
                                        help_text=_("不予行政许可的，应当说明理由（行政许可法第三十八条）"))
    remedies_notified = models.BooleanField(
        _("已告知复议、诉讼权利"), default=False,
        help_text=_("不予行政许可的，告知申请人享有依法申请行政复议或者提起行政诉讼的权利（行政许可法第三十八条）"))
    measure_kind = models.CharField(_("强制措施种类"), max_length=20, choices=MeasureKind.choices, blank=True,
                                    help_text=_("行政强制法第九条"))
    inspection_origin = models.CharField(_("检查来源"), max_length=20, choices=InspectionOrigin.choices, blank=True)
    follow_up_of = models.ForeignKey("self", verbose_name=_("来源检查"), on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="follow_ups", editable=False,
                                     help_text=_("行政检查发现违法问题后立案查处的，指向该检查"))
    state = models.CharField(_("状态"), max_length=20, choices=CaseState.choices, default=CaseState.REGISTERED,
                             editable=False)
    registered_on = models.DateField(_("立案日期"))
    notified_on = models.DateField(_("告知日期"), null=True, blank=True, editable=False)
    hearing_requested_on = models.DateField(_("申请听证日期"), null=True, blank=True, editable=False)
    hearing_held_on = models.DateField(_("听证日期"), null=True, blank=True, editable=False)
    reviewer = models.ForeignKey("enforcement.EnforcementOfficer", verbose_name=_("法制审核人员"),
                                 on_delete=models.PROTECT, related_name="reviewed_cases", null=True, blank=True,
                                 help_text=_("从事法制审核的人员，不得是本案承办人员（行政处罚法第五十八条）"))
    review_conclusion = models.CharField(_("法制审核结论"), max_length=20, choices=ReviewConclusion.choices,
                                         blank=True, editable=False)
    reviewed_on = models.DateField(_("法制审核日期"), null=True, blank=True, editable=False)
    discussed_on = models.DateField(_("集体讨论日期"), null=True, blank=True, editable=False)
    extension_days = models.PositiveIntegerField(_("决定期限延长天数"), default=0, editable=False)
    extension_basis = models.CharField(_("延长依据"), max_length=TEXT_MAX, blank=True, editable=False)
    approved_on = models.DateField(_("负责人批准日期"), null=True, blank=True, editable=False)
    imposed_on = models.DateField(_("实施强制措施日期"), null=True, blank=True, editable=False)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True, editable=False)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, editable=False)
    # Stored (not computed on read) so that the figures are the same SQL whichever way a case arrived.
    decision_due_on = models.DateField(_("作出决定期限"), null=True, blank=True, editable=False)
    publicity_due_on = models.DateField(_("应公示日期"), null=True, blank=True, editable=False)
    audio_video_recorded = models.BooleanField(_("已有音像记录"), default=False, editable=False)
    served_on = models.DateField(_("送达日期"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("公示日期"), null=True, blank=True, editable=False)
    publication_withdrawn_on = models.DateField(_("撤下公示日期"), null=True, blank=True, editable=False)
    executed_on = models.DateField(_("执行日期"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CaseQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = WRITERS

    class Meta:
        verbose_name = _("行政执法案件")
        verbose_name_plural = _("行政执法案件")
        ordering = ["-registered_on", "-pk"]
        indexes = [models.Index(fields=["registered_on"]), models.Index(fields=["decided_on"]),
                   models.Index(fields=["state"])]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="cases_case_unique_number",
                                    violation_error_message=_("该执法主体已有相同案件编号的案件：案件编号不得重复。")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.cause}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def masked_party(self) -> str:
        """The party as the portal shows it: a person's name and ID number partly hidden."""
        if self.party_kind == PartyKind.PERSON:
            name = self.party_name or ""
            return (name[:1] + "*" * max(len(name) - 1, 1)) + (
                f"（{mask_id_number(self.party_id_number)}）" if self.party_id_number else "")
        return f"{self.party_name}（{self.party_credit_code}）" if self.party_credit_code else self.party_name

    @property
    def recorded_act_list(self) -> list[str]:
        return split_acts(self.recorded_acts)

    def get_recorded_acts_display(self) -> str:
        return "、".join(str(RECORDED_ACT_LABELS[v]) for v in self.recorded_act_list if v in RECORDED_ACT_LABELS)

    @property
    def severe_penalty_list(self) -> list[str]:
        return split_acts(self.severe_penalties)

    def get_severe_penalties_display(self) -> str:
        return "、".join(str(SEVERE_LABELS[v]) for v in self.severe_penalty_list if v in SEVERE_LABELS)

    def hearing_grounds(self, cache: dict | None = None) -> list[str]:
        """Why the intended penalty gives the party a hearing right (行政处罚法第六十三条); [] = it does not."""
        if self.act_type != ActType.PENALTY or not self.body_id:
            return []
        threshold = hearing_threshold(self, cache)
        party = self.get_party_kind_display()
        grounds = []
        if self.fine_amount is not None and self.fine_amount >= threshold.fine:
            grounds.append(gettext("较大数额罚款：%(amount)s元，达到对%(party)s%(from)s元的标准（%(source)s）") % {
                "amount": yuan(self.fine_amount), "party": party, "from": yuan(threshold.fine),
                "source": threshold.source})
        if self.confiscation_value is not None and self.confiscation_value >= threshold.confiscation:
            grounds.append(gettext("没收较大数额违法所得、较大价值非法财物：%(amount)s元，达到对%(party)s%(from)s元的标准"
                                   "（%(source)s）") % {
                "amount": yuan(self.confiscation_value), "party": party, "from": yuan(threshold.confiscation),
                "source": threshold.source})
        grounds.extend(str(SEVERE_LABELS[v]) for v in self.severe_penalty_list if v in SEVERE_LABELS)
        return grounds

    def penalty_stated(self) -> bool:
        """Whether the intended penalty is stated (what the notice tells the party, 行政处罚法第四十四条)."""
        return (self.fine_amount is not None or self.confiscation_value is not None
                or bool(self.severe_penalty_list) or bool((self.other_penalties or "").strip()))

    def decided_late(self) -> bool:
        return bool(self.decided_on and self.decision_due_on and self.decided_on > self.decision_due_on)

    def fine_outside_benchmark(self) -> bool:
        b = self.benchmark
        return bool(b and self.fine_amount is not None and not (b.min_fine <= self.fine_amount <= b.max_fine))

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        self.number = (self.number or "").strip()
        self.party_name = (self.party_name or "").strip()
        self.cause = (self.cause or "").strip()
        self.party_id_number = (self.party_id_number or "").strip().upper()
        self.party_credit_code = (self.party_credit_code or "").strip().upper()
        if self.party_kind == PartyKind.PERSON:
            if self.party_credit_code:
                add("party_credit_code", gettext("当事人为自然人的，不填写统一社会信用代码。"))
            if self.party_id_number:
                try:
                    validate_id_number(self.party_id_number)
                except ValidationError as exc:
                    add("party_id_number", gettext("当事人身份证号：") + "；".join(exc.messages))
            else:
                add("party_id_number", gettext("当事人为自然人的，请填写当事人身份证号。"))
        else:
            if self.party_id_number:
                add("party_id_number", gettext("当事人为法人或其他组织的，不填写身份证号。"))
            if self.party_credit_code:
                try:
                    validate_credit_code(self.party_credit_code)
                except ValidationError as exc:
                    add("party_credit_code", "；".join(exc.messages))
            else:
                add("party_credit_code", gettext("当事人为法人或其他组织的，请填写统一社会信用代码。"))
        if self.registered_on and self.registered_on > clock.today():
            add("registered_on", gettext("立案日期不得晚于今天（%(today)s）。") % {"today": clock.today().isoformat()})
        if self.item_id and self.body_id and self.item.body_id != self.body_id:
            add("item", gettext("执法事项“%(item)s”不属于执法主体“%(body)s”。") % {
                "item": self.item.name, "body": self.body.name})
        if (self.item_id and self.item.item_type in ActType.values and self.act_type
                and self.item.item_type != self.act_type):
            add("item", gettext("执法事项“%(item)s”属于%(type)s事项，与本案的行为类别不符。") % {
                "item": self.item.name, "type": self.item.get_item_type_display()})
        if self.benchmark_id:
            if self.item_id and self.benchmark.item_id != self.item_id:
                add("benchmark", gettext("所选裁量基准不属于本案的执法事项。"))
            if self.fine_outside_benchmark() and not (self.deviation_reason or "").strip():
                add("deviation_reason", gettext(
                    "罚款金额%(fine)s元超出裁量基准的幅度（%(min)s–%(max)s元，%(citation)s）：请填写超出裁量基准的理由。") % {
                    "fine": yuan(self.fine_amount), "min": yuan(self.benchmark.min_fine),
                    "max": yuan(self.benchmark.max_fine),
                    "citation": self.benchmark.citation})
        allowed = OUTCOMES.get(self.act_type, ())
        if self.outcome and self.outcome not in allowed:
            add("outcome", gettext("处理结果“%(outcome)s”不适用于%(type)s（可选：%(allowed)s）。") % {
                "outcome": self.get_outcome_display(), "type": self.get_act_type_display(),
                "allowed": "、".join(str(o.label) for o in allowed)})
        if self.act_type == ActType.COERCION and not self.measure_kind:
            add("measure_kind", gettext("请选择强制措施种类（行政强制法第九条）。"))
        if (self.imposed_on or self.approved_on) and self.act_type != ActType.COERCION:
            add("imposed_on", gettext("只有行政强制案件有批准日期和实施强制措施日期。"))
        if self.inspected_on and self.act_type != ActType.INSPECTION:
            add("inspected_on", gettext("只有行政检查案件有检查日期。"))
        if self.imposed_on and self.decided_on and self.decided_on < self.imposed_on:
            add("decided_on", gettext("强制措施的处理决定日期不得早于实施日期（%(on)s）。") % {
                "on": self.imposed_on.isoformat()})
        if any(v not in SEVERE_LABELS for v in self.severe_penalty_list):
            add("severe_penalties", gettext("拟作出的其他较重处罚含有不允许的取值。"))
        for field in ("decided_on", "notified_on", "reviewed_on", "served_on", "published_on", "closed_on",
                      "approved_on", "imposed_on", "inspected_on"):
            value = getattr(self, field)
            if value and self.registered_on and value < self.registered_on:
                add(field, gettext("%(label)s（%(date)s）不得早于立案日期（%(reg)s）。") % {
                    "label": self._meta.get_field(field).verbose_name, "date": value.isoformat(),
                    "reg": self.registered_on.isoformat()})
        after_decision = ("served_on", "published_on", "executed_on", "closed_on", "publication_withdrawn_on")
        for field in after_decision:
            value = getattr(self, field)
            if value and not self.decided_on and field != "closed_on":
                add(field, gettext("尚未作出决定的案件不能填写%(label)s。") % {
                    "label": self._meta.get_field(field).verbose_name})
            elif value and self.decided_on and value < self.decided_on:
                add(field, gettext("%(label)s（%(date)s）不得早于决定日期（%(dec)s）。") % {
                    "label": self._meta.get_field(field).verbose_name, "date": value.isoformat(),
                    "dec": self.decided_on.isoformat()})
        if self.publication_withdrawn_on and not self.published_on:
            add("publication_withdrawn_on", gettext("未公示的决定不能填写撤下公示日期。"))
        if self.decided_on and not self.outcome:
            add("outcome", gettext("已作出决定的案件须填写处理结果。"))
        if (self.decided_on and self.outcome == Outcome.PENALTY and self.fine_amount is None
                and not (self.other_penalties or "").strip()):
            add("fine_amount", gettext("给予行政处罚的，请填写罚款金额或其他处罚种类（行政处罚法第五十九条）。"))
        if self.reviewed_on and not self.review_conclusion:
            add("review_conclusion", gettext("填写法制审核日期的，须填写法制审核结论。"))
        if self.review_conclusion and not self.reviewed_on:
            add("reviewed_on", gettext("填写法制审核结论的，须填写法制审核日期。"))
        if self.reviewed_on and self.decided_on and self.reviewed_on > self.decided_on:
            add("reviewed_on", gettext("法制审核日期不得晚于决定日期：法制审核须在作出决定之前（行政处罚法第五十八条）。"))
        if any(v not in RECORDED_ACT_LABELS for v in self.recorded_act_list):
            add("recorded_acts", gettext("须音像记录的执法环节含有不允许的取值。"))
        if errors:
            raise ValidationError(errors)

    def compute_decision_due_on(self, cache: dict | None = None) -> datetime.date | None:
        """Last day to decide, by act type, plus a recorded extension: a penalty 90 days from registration
        (行政处罚法第六十条); a licence 20 working days from acceptance (行政许可法第四十二条、第八十二条);
        a compulsory measure the end of its 30-day term from imposition (行政强制法第二十五条、第三十二条);
        an inspection has no legal limit."""
        from fazhi.calendar import service as calendar
        from fazhi.cases import limits

        limit = limits.DECISION_LIMITS.get(self.act_type)
        start = self.imposed_on if self.act_type == ActType.COERCION else self.registered_on
        if limit is None or not start:
            return None
        time_limit = limits.resolved(self, limit, cache).time_limit
        field = "imposed_on" if self.act_type == ActType.COERCION else "registered_on"
        try:
            base = calendar.due_date(start, time_limit)
            if self.extension_days and time_limit.unit == calendar.DayUnit.WORKING_DAY:
                return calendar.add_working_days(base, self.extension_days)
        except calendar.NoHolidayData as exc:  # the next year's notice not entered yet: say so, save nothing
            raise ValidationError({field: exc.message}) from None
        return base + datetime.timedelta(days=self.extension_days)

    def compute_publicity_due_on(self, cache: dict | None = None) -> datetime.date | None:
        """Last day to publish the decision: 7 working days for penalties and licences, 20 for other acts
        (国办发〔2018〕118号)."""
        from fazhi.calendar import service as calendar
        from fazhi.cases import limits

        # Penalty decisions are published when a penalty is imposed; other acts' decisions always.
        if self.decided_on is None or (self.act_type == ActType.PENALTY and self.outcome != Outcome.PENALTY):
            return None
        limit = limits.PUBLICITY_LIMITS[self.act_type]
        try:
            return calendar.due_date(self.decided_on, limits.resolved(self, limit, cache).time_limit)
        except calendar.NoHolidayData as exc:
            raise ValidationError({"decided_on": exc.message}) from None
