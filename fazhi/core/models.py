"""The organisation tree (regions, units), staff users and their roles, and the audit chain."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import regions
from fazhi.core.access import DEFAULT_SCOPE, AccessQuerySet, Grant, Role, Scope
from fazhi.core.audit import AuditedModel
from fazhi.core.validators import validate_credit_code


class RegionQuerySet(AccessQuerySet):
    def subtree(self, region: Region) -> RegionQuerySet:
        return self.filter(code__startswith=region.prefix)


class Region(AuditedModel):
    """A GB/T 2260 administrative region. The code is the key: subtrees are code prefixes."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级别"), choices=regions.Level.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")

    objects = RegionQuerySet.as_manager()
    writer_roles = frozenset({Role.ADMIN})

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return regions.prefix_of(self.code, self.level)

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", args=[self.code])

    def clean(self) -> None:
        if not self.code or not self.level:
            return  # the missing field is reported by field validation
        try:
            regions.validate_code_for_level(self.code, self.level)
        except ValidationError as e:
            raise ValidationError({"code": e.messages}) from None
        parent = self.parent if self.parent_id else None
        try:
            regions.validate_parent(self.code, self.level, parent.code if parent else None,
                                    parent.level if parent else None)
        except ValidationError as e:
            raise ValidationError({"parent": e.messages}) from None

    def ancestors(self) -> list[Region]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @staticmethod
    def access_filter(grant: Grant, action: str) -> models.Q:
        # Regions are seen by the region subtree the grant serves, and their ancestors (for context).
        q = models.Q(code__startswith=grant.region_prefix)
        if action == "view":
            q |= models.Q(code__in=regions.ancestor_codes(grant.region_prefix))
        return q


class UnitType(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委")
    PEOPLES_CONGRESS = "peoples_congress", _("人大")
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    TOWNSHIP_GOVERNMENT = "township_government", _("乡镇人民政府（街道办事处）")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    PUBLIC_SECURITY = "public_security", _("公安机关")
    MEDIATION_COMMITTEE = "mediation_committee", _("人民调解委员会")
    LAW_FIRM = "law_firm", _("律师事务所")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


class Unit(AuditedModel):
    """An organ, department, township, court, mediation committee… in a region.

    `path` is the materialised chain of ancestor ids ("/3/17/42/"), so a unit subtree is
    `path__startswith`; `region_prefix` is copied from the region for the same reason.
    """

    name = models.CharField(_("单位名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    unit_type = models.CharField(_("单位类型"), max_length=32, choices=UnitType.choices)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="units")
    parent = models.ForeignKey("self", verbose_name=_("上级单位"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True,
                                   validators=[validate_credit_code])
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = ""
    writer_roles = frozenset({Role.ADMIN, Role.COORDINATOR})

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region_id", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    @property
    def region_prefix(self) -> str:
        return regions.prefix_of(self.region_id, regions.level_of(self.region_id) or regions.Level.VILLAGE)

    def get_absolute_url(self) -> str:
        return reverse("core:unit_detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic(savepoint=False):
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
            if new_path != old_path:
                # Derived data: kept in step without an audit event of its own.
                Unit.objects.filter(pk=self.pk).update(path=new_path)
                if old_path:
                    Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1)))
                self.path = new_path
                self._audit_loaded = {**(self._audit_loaded or {}), "path": new_path}

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.parent_id and self.region_id:
            parent = self.parent
            if not self.region_id.startswith(parent.region_prefix):
                raise ValidationError({"parent": gettext(
                    "上级单位“%(parent)s”属于区划“%(pregion)s”，本单位所属区划“%(region)s”不在其范围内："
                    "单位不能挂在其他区划的单位之下。") % {
                    "parent": parent.name, "pregion": parent.region.name, "region": self.region.name}})
            if self.pk and parent.path.startswith(self.path or "\0"):
                raise ValidationError({"parent": gettext("上级单位不能是本单位或其下属单位。")})


class StaffManager(UserManager.from_queryset(AccessQuerySet)):
    pass


class User(AuditedModel, AbstractUser):
    """A staff user. Belongs to a unit and holds roles (RoleAssignment)."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="staff")
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    objects = StaffManager()
    access_anchor = "unit"
    writer_roles = frozenset({Role.ADMIN, Role.COORDINATOR})

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("core:user_detail", args=[self.pk])


class RoleAssignment(AuditedModel):
    """A role a user holds, with the scope it reaches: their unit, its subtree, or its region subtree."""

    user = models.ForeignKey(User, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    scope = models.CharField(_("范围"), max_length=32, choices=Scope.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+")

    objects = AccessQuerySet.as_manager()
    access_anchor = "unit"
    writer_roles = frozenset({Role.ADMIN, Role.COORDINATOR})

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self.scope:
            self.scope = DEFAULT_SCOPE[Role(self.role)]
        super().save(*args, **kwargs)


class AuditEvent(models.Model):
    """One link of the audit chain. Never updated or deleted (a PostgreSQL trigger refuses both)."""

    id = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                              related_name="+")
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=64)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.id} {self.action} {self.object_type}:{self.object_id}"


class ChainHead(models.Model):
    """The last event of the chain (a single row); also the lock that serialises appends."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash[:12]}"


class ApiToken(AuditedModel):
    """A per-user API token. Only its SHA-256 is stored; revoking sets revoked_at."""

    user = models.ForeignKey(User, verbose_name=_("工作人员"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    key_prefix = models.CharField(_("令牌前缀"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "user__unit"

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def access_filter(grant: Grant, action: str) -> models.Q:
        # Tokens are personal: nobody else sees or revokes them (superusers aside).
        return models.Q(pk__in=[])


class DemoMarker(models.Model):
    """Present when the database was built by `fazhi demo` (so the demo may rebuild it)."""

    built_at = models.DateTimeField(auto_now_add=True)
    seed = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"demo {self.built_at:%Y-%m-%d %H:%M}"
