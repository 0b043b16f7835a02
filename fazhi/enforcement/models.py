"""Administrative enforcement (行政执法), first increment: who may enforce what.

- Enforcement bodies (执法主体): a unit with enforcement power, its kind and legal basis, its fields;
  an entrusted organisation records the entrusting body and the entrustment document (行政处罚法第二十条).
- Enforcement officers (执法人员) with their certificates (执法证); "valid certificate on a day" is a
  query (`EnforcementOfficer.objects.with_valid_certificate(on)`) that case handling will gate on
  (行政处罚法第四十二条: penalties are imposed by officers qualified for enforcement).
- Enforcement items (执法事项 / 权力清单) of a body, with their legal basis; cancelled or adjusted
  items keep the document that cancelled them.
- Township empowerment (赋权, 行政处罚法第二十四条) and township integrated-enforcement teams
  (综合行政执法队伍).

Access: a body, its officers and items belong to the body's unit: the county's justice bureau and
coordinator (region subtree) see and manage all of them; a department's legal officer or enforcement
officer manages its own body's officers and items. Teams and empowerments belong to the township.
Later increments (penalty cases, random inspections, case-file review) reference bodies, officers
and items by foreign key.
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
from fazhi.core.models import UnitType
from fazhi.core.regions import Level, level_of
from fazhi.core.validators import validate_id_number
from fazhi.procedures import clock

# The justice bureau (reviewers) and the committee office (coordinators) confirm bodies, teams and
# empowerments; a department's own staff keep its officers and items up to date.
MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER})
KEEPERS = MANAGERS | {Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER}

NAME_MAX = 50
TEXT_MAX = 200
BASIS_MAX = 5000
NOTES_MAX = 2000
CERTIFICATE_MAX = 30
CODE_MAX = 40

TOO_LONG = {"max_length": _("不得超过%(limit_value)d个字（现有%(show_value)d个字）。")}


def _too_long(errors: dict[str, list[str]], field: str, value: str, limit: int, label: str) -> None:
    if len(value or "") > limit:
        errors.setdefault(field, []).append(gettext("%(label)s不得超过%(n)d个字（现有%(len)d个字）。") % {
            "label": label, "n": limit, "len": len(value)})


def _not_future(errors: dict[str, list[str]], field: str, value: datetime.date | None, label: str) -> None:
    today = clock.today()
    if value and value > today:
        errors.setdefault(field, []).append(gettext("%(label)s不得晚于今天（%(today)s）。") % {
            "label": label, "today": today.isoformat()})


def _required_text(errors: dict[str, list[str]], field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field, []).append(message)
    return value


class EnforcementField(models.TextChoices):
    """执法领域 (行政处罚法第十八条 lists the fields of integrated enforcement)."""

    MARKET = "market", _("市场监管")
    ECOLOGY = "ecology", _("生态环境")
    TRANSPORT = "transport", _("交通运输")
    URBAN = "urban", _("城市管理")
    AGRICULTURE = "agriculture", _("农业农村")
    CULTURE_TOURISM = "culture_tourism", _("文化旅游")
    EMERGENCY = "emergency", _("应急管理")
    NATURAL_RESOURCES = "natural_resources", _("自然资源")
    HOUSING = "housing", _("住房城乡建设")
    HEALTH = "health", _("卫生健康")
    HUMAN_RESOURCES = "human_resources", _("人力资源社会保障")
    WATER = "water", _("水利")
    FORESTRY = "forestry", _("林业")
    MEDICAL_SECURITY = "medical_security", _("医疗保障")
    INTEGRATED = "integrated", _("乡镇综合执法")
    OTHER = "other", _("其他")


FIELD_LABELS = dict(EnforcementField.choices)


def join_fields(values: list[str] | tuple[str, ...]) -> str:
    """Fields stored as ",market,ecology," so that one field is a `contains` in SQL."""
    ordered = [v for v in EnforcementField.values if v in set(values)]
    return f",{','.join(ordered)}," if ordered else ""


def split_fields(stored: str) -> list[str]:
    return [v for v in (stored or "").split(",") if v]


class BodyKind(models.TextChoices):
    ORGAN = "organ", _("法定行政机关")
    AUTHORIZED = "authorized", _("法律法规授权组织")
    ENTRUSTED = "entrusted", _("受委托组织")


class EnforcementBody(AuditedModel):
    """An enforcement body (执法主体): a unit with enforcement power and the law that grants it."""

    unit = models.OneToOneField("core.Unit", verbose_name=_("单位"), on_delete=models.PROTECT,
                                related_name="enforcement_body")
    region = models.ForeignKey("core.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    kind = models.CharField(_("主体类别"), max_length=20, choices=BodyKind.choices, default=BodyKind.ORGAN)
    # Required, but checked in clean() with a message naming the rule (not Django's generic one).
    legal_basis = models.TextField(_("执法依据"), blank=True, help_text=_("设定或授予执法权的法律、法规、规章及条款"))
    enforcement_fields = models.CharField(_("执法领域"), max_length=300, blank=True, db_index=True)
    entrusting_body = models.ForeignKey("self", verbose_name=_("委托机关"), on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="entrusted_bodies",
                                        help_text=_("受委托组织必填（行政处罚法第二十条）"))
    entrustment_document = models.CharField(_("委托书"), max_length=TEXT_MAX, blank=True,
                                            error_messages=TOO_LONG, help_text=_("委托书名称及文号"))
    entrusted_on = models.DateField(_("委托日期"), null=True, blank=True)
    published_on = models.DateField(_("公告日期"), null=True, blank=True,
                                    help_text=_("执法主体资格经确认并向社会公告的日期；填写后在公众门户公示"))
    active = models.BooleanField(_("有效"), default=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("执法主体")
        verbose_name_plural = _("执法主体")
        ordering = ["region_id", "unit__name"]

    def __str__(self) -> str:
        return self.unit.name

    def get_absolute_url(self) -> str:
        return reverse("enforcement:body_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def field_list(self) -> list[str]:
        return split_fields(self.enforcement_fields)

    def get_fields_display(self) -> str:
        return "、".join(str(FIELD_LABELS[v]) for v in self.field_list if v in FIELD_LABELS)

    @property
    def is_public(self) -> bool:
        return self.active and self.published_on is not None

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.unit_id:
            self.region_id = self.unit.region_id
        self.legal_basis = _required_text(errors, "legal_basis", self.legal_basis, gettext(
            "请填写执法依据：设定或授予执法权的法律、法规、规章及条款（行政处罚法第十七条、第十九条）。"))
        _too_long(errors, "legal_basis", self.legal_basis, BASIS_MAX, gettext("执法依据"))
        _too_long(errors, "notes", self.notes, NOTES_MAX, gettext("备注"))
        if not self.field_list:
            errors.setdefault("enforcement_fields", []).append(gettext("请至少选择一个执法领域。"))
        elif any(v not in FIELD_LABELS for v in self.field_list):
            errors.setdefault("enforcement_fields", []).append(gettext("执法领域含有不允许的取值。"))
        self.entrustment_document = (self.entrustment_document or "").strip()
        if self.kind == BodyKind.ENTRUSTED:
            if not self.entrusting_body_id:
                errors.setdefault("entrusting_body", []).append(gettext(
                    "受委托组织须填写委托机关（行政处罚法第二十条）。"))
            elif self.entrusting_body_id == self.pk:
                errors.setdefault("entrusting_body", []).append(gettext("委托机关不能是本主体。"))
            elif self.entrusting_body.kind != BodyKind.ORGAN:
                errors.setdefault("entrusting_body", []).append(gettext(
                    "委托机关须是法定行政机关：受委托组织不得再委托（行政处罚法第二十条）。"))
            if not self.entrustment_document:
                errors.setdefault("entrustment_document", []).append(gettext(
                    "受委托组织须填写委托书（载明委托事项、权限、期限，并向社会公布，行政处罚法第二十条）。"))
            if not self.entrusted_on:
                errors.setdefault("entrusted_on", []).append(gettext("受委托组织须填写委托日期。"))
        elif self.entrusting_body_id or self.entrustment_document or self.entrusted_on:
            errors.setdefault("kind", []).append(gettext("只有受委托组织才填写委托机关、委托书和委托日期。"))
        _not_future(errors, "entrusted_on", self.entrusted_on, gettext("委托日期"))
        _not_future(errors, "published_on", self.published_on, gettext("公告日期"))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if self.unit_id and not self.region_id:
            self.region_id = self.unit.region_id
        super().save(*args, **kwargs)


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", _("在岗")
    SUSPENDED = "suspended", _("暂停执法")
    REVOKED = "revoked", _("已注销")


class OfficerQuerySet(AccessQuerySet):
    def with_valid_certificate(self, on: datetime.date) -> OfficerQuerySet:
        """Officers who may enforce on `on`: in post, certificate issued and not yet expired.

        Case handling gates on this: an officer whose certificate has expired cannot be assigned to
        a case (行政处罚法第四十二条).
        """
        return self.filter(status=OfficerStatus.ACTIVE, issued_on__lte=on, expires_on__gte=on)

    def expiring(self, on: datetime.date, days: int) -> OfficerQuerySet:
        """Valid on `on` but expiring within `days` days: to renew in time."""
        return self.with_valid_certificate(on).filter(expires_on__lte=on + datetime.timedelta(days=days))


def mask_id_number(number: str) -> str:
    number = number or ""
    return number[:4] + "*" * max(len(number) - 8, 0) + number[-4:] if len(number) > 8 else "*" * len(number)


class EnforcementOfficer(AuditedModel):
    """An enforcement officer (执法人员) of a body and their enforcement certificate (执法证)."""

    name = models.CharField(_("姓名"), max_length=NAME_MAX, error_messages={**TOO_LONG, "blank": _("请填写姓名。")})
    id_number = models.CharField(_("身份证号"), max_length=18, validators=[validate_id_number],
                                 error_messages={"blank": _("请填写身份证号。"),
                                                 "max_length": _("公民身份号码应为18位：前17位数字，最后一位为数字或X。")},
                                 help_text=_("仅内部可见，页面上只显示部分号码，不在公众门户公开"))
    body = models.ForeignKey(EnforcementBody, verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="officers")
    certificate_number = models.CharField(
        _("执法证号"), max_length=CERTIFICATE_MAX, unique=True,
        error_messages={**TOO_LONG, "blank": _("请填写执法证号。"),
                        "unique": _("执法证号已被其他执法人员使用：执法证号不得重复。")})
    field = models.CharField(_("执法领域"), max_length=30, choices=EnforcementField.choices)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    legal_qualification = models.BooleanField(
        _("法律职业资格"), default=False,
        help_text=_("初次从事行政处罚决定法制审核的人员应当取得法律职业资格（行政处罚法第五十八条）"))
    status = models.CharField(_("状态"), max_length=20, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE)
    team = models.ForeignKey("TownshipTeam", verbose_name=_("所属综合执法队伍"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="officers")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OfficerQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = KEEPERS

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["body_id", "name", "pk"]
        indexes = [models.Index(fields=["expires_on"]), models.Index(fields=["status", "expires_on"])]
        constraints = [
            models.UniqueConstraint(fields=["body", "id_number"], name="enforcement_officer_unique_person",
                                    violation_error_message=_("该执法主体已登记过此身份证号的执法人员。")),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:officer_detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def certificate_valid_on(self, on: datetime.date) -> bool:
        return (self.status == OfficerStatus.ACTIVE and self.issued_on is not None and self.expires_on is not None
                and self.issued_on <= on <= self.expires_on)

    @property
    def certificate_valid(self) -> bool:
        return self.certificate_valid_on(clock.today())

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.name = (self.name or "").strip()
        self.id_number = (self.id_number or "").strip().upper()
        self.certificate_number = (self.certificate_number or "").strip()
        _not_future(errors, "issued_on", self.issued_on, gettext("发证日期"))
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors.setdefault("expires_on", []).append(gettext("有效期至不得早于发证日期（%(date)s）。") % {
                "date": self.issued_on.isoformat()})
        if self.body_id and self.field and self.field not in self.body.field_list:
            errors.setdefault("field", []).append(gettext(
                "执法领域“%(field)s”不在执法主体“%(body)s”的执法领域（%(fields)s）内：执法人员在所属主体的法定职权"
                "范围内执法（行政处罚法第十七条）。") % {
                "field": FIELD_LABELS.get(self.field, self.field), "body": self.body.name,
                "fields": self.body.get_fields_display() or "—"})
        if self.team_id and self.body_id and self.team.township_id != self.body.unit_id:
            errors.setdefault("team", []).append(gettext(
                "综合执法队伍“%(team)s”属于“%(township)s”，执法人员的执法主体须是该乡镇（街道）。") % {
                "team": self.team.name, "township": self.team.township.name})
        if errors:
            raise ValidationError(errors)


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    INSPECTION = "inspection", _("行政检查")
    LEVY = "levy", _("行政征收")
    OTHER = "other", _("其他")


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    ADJUSTED = "adjusted", _("已调整")
    CANCELLED = "cancelled", _("已取消")


ENDED_ITEM_STATUSES = (ItemStatus.ADJUSTED, ItemStatus.CANCELLED)


class EnforcementItem(AuditedModel):
    """An enforcement item (执法事项) on a body's power list (权力清单), with its legal basis."""

    code = models.CharField(_("事项编码"), max_length=CODE_MAX, error_messages={**TOO_LONG, "blank": _("请填写事项编码。")})
    name = models.CharField(_("事项名称"), max_length=TEXT_MAX, error_messages={**TOO_LONG, "blank": _("请填写事项名称。")})
    item_type = models.CharField(_("事项类型"), max_length=20, choices=ItemType.choices)
    field = models.CharField(_("执法领域"), max_length=30, choices=EnforcementField.choices)
    legal_basis = models.TextField(_("实施依据"), blank=True, help_text=_("法律、法规、规章的名称及具体条款"))
    body = models.ForeignKey(EnforcementBody, verbose_name=_("执法主体"), on_delete=models.PROTECT,
                             related_name="items")
    empowered_to_townships = models.BooleanField(
        _("赋权乡镇"), default=False, help_text=_("县级人民政府部门的处罚权交由乡镇（街道）行使（行政处罚法第二十四条）"))
    status = models.CharField(_("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)
    cancelled_on = models.DateField(_("取消（调整）日期"), null=True, blank=True)
    cancellation_document = models.CharField(_("取消（调整）文件"), max_length=TEXT_MAX, blank=True,
                                             error_messages=TOO_LONG, help_text=_("取消或调整该事项的文件名称及文号"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "body__unit"
    writer_roles = KEEPERS

    class Meta:
        verbose_name = _("执法事项")
        verbose_name_plural = _("执法事项")
        ordering = ["body_id", "code"]
        indexes = [models.Index(fields=["item_type", "status"]), models.Index(fields=["cancelled_on"])]
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="enforcement_item_unique_code",
                                    violation_error_message=_("该执法主体已有相同事项编码的执法事项。")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:item_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.code = (self.code or "").strip()
        self.name = (self.name or "").strip()
        self.legal_basis = _required_text(errors, "legal_basis", self.legal_basis, gettext(
            "请填写实施依据：执法事项须有法律、法规、规章的具体条款作依据（行政处罚法第三十九条：实施机关、立案依据应当公示）。"))
        _too_long(errors, "legal_basis", self.legal_basis, BASIS_MAX, gettext("实施依据"))
        self.cancellation_document = (self.cancellation_document or "").strip()
        if self.status in ENDED_ITEM_STATUSES:
            if not self.cancellation_document:
                errors.setdefault("cancellation_document", []).append(gettext(
                    "已取消或已调整的事项须填写取消（调整）文件。"))
            if not self.cancelled_on:
                errors.setdefault("cancelled_on", []).append(gettext("已取消或已调整的事项须填写取消（调整）日期。"))
        elif self.cancellation_document or self.cancelled_on:
            errors.setdefault("status", []).append(gettext(
                "状态为“有效”的事项不能填写取消（调整）文件或日期。"))
        _not_future(errors, "cancelled_on", self.cancelled_on, gettext("取消（调整）日期"))
        if self.body_id:
            body = self.body
            if self.field and self.field not in body.field_list:
                errors.setdefault("field", []).append(gettext(
                    "执法领域“%(field)s”不在执法主体“%(body)s”的执法领域（%(fields)s）内。") % {
                    "field": FIELD_LABELS.get(self.field, self.field), "body": body.name,
                    "fields": body.get_fields_display() or "—"})
            if self.empowered_to_townships and (level_of(body.region_id) != Level.COUNTY
                                                or body.unit.unit_type != UnitType.DEPARTMENT):
                errors.setdefault("empowered_to_townships", []).append(gettext(
                    "只有县级人民政府部门的执法事项可以赋权乡镇（街道）行使（行政处罚法第二十四条）。"))
        if errors:
            raise ValidationError(errors)


class TownshipTeam(AuditedModel):
    """A township's integrated-enforcement team (乡镇（街道）综合行政执法队伍): posts and officers."""

    township = models.OneToOneField("core.Unit", verbose_name=_("乡镇（街道）"), on_delete=models.PROTECT,
                                    related_name="enforcement_team")
    name = models.CharField(_("队伍名称"), max_length=TEXT_MAX, error_messages=TOO_LONG)
    posts = models.PositiveIntegerField(_("核定编制数"), default=0)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "township"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("综合行政执法队伍")
        verbose_name_plural = _("综合行政执法队伍")
        ordering = ["township__region_id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enforcement:team_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.name = (self.name or "").strip()
        if self.township_id and self.township.unit_type != UnitType.TOWNSHIP_GOVERNMENT:
            errors.setdefault("township", []).append(gettext(
                "“%(unit)s”不是乡镇人民政府（街道办事处）：综合行政执法队伍设在乡镇（街道）。") % {
                "unit": self.township.name})
        _not_future(errors, "established_on", self.established_on, gettext("成立日期"))
        _too_long(errors, "notes", self.notes, NOTES_MAX, gettext("备注"))
        if errors:
            raise ValidationError(errors)


class Empowerment(AuditedModel):
    """A decision empowering a township (赋权) to exercise county departments' enforcement items.

    行政处罚法第二十四条: the province decides, the decision is published, and it is assessed regularly.
    One record per township and document; the items are the county departments' items it lists.
    """

    township = models.ForeignKey("core.Unit", verbose_name=_("乡镇（街道）"), on_delete=models.PROTECT,
                                 related_name="+")
    document_number = models.CharField(_("赋权文件文号"), max_length=TEXT_MAX, error_messages=TOO_LONG)
    title = models.CharField(_("赋权文件名称"), max_length=TEXT_MAX, error_messages=TOO_LONG)
    decided_on = models.DateField(_("决定日期"))
    items = models.ManyToManyField(EnforcementItem, verbose_name=_("赋权事项"), related_name="empowerments",
                                   blank=True)
    # The items' codes, kept with the record so that the audit chain (which does not follow many-to-many
    # changes) shows what a document empowered and how it was changed.
    item_codes = models.TextField(_("赋权事项编码"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "township"
    writer_roles = MANAGERS

    class Meta:
        verbose_name = _("乡镇赋权")
        verbose_name_plural = _("乡镇赋权")
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["township", "document_number"], name="enforcement_empowerment_unique",
                                    violation_error_message=_("该乡镇（街道）已登记过同一文号的赋权文件。")),
        ]

    def __str__(self) -> str:
        return f"{self.township.name} · {self.document_number}"

    def get_absolute_url(self) -> str:
        return reverse("enforcement:empowerment_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.document_number = (self.document_number or "").strip()
        self.title = (self.title or "").strip()
        if self.township_id and self.township.unit_type != UnitType.TOWNSHIP_GOVERNMENT:
            errors.setdefault("township", []).append(gettext(
                "“%(unit)s”不是乡镇人民政府（街道办事处）：只有乡镇（街道）可以承接赋权（行政处罚法第二十四条）。") % {
                "unit": self.township.name})
        _not_future(errors, "decided_on", self.decided_on, gettext("决定日期"))
        if errors:
            raise ValidationError(errors)
