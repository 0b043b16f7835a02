"""Django admin for administrators. Saves and deletes go through the models, so they are audited."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ApiToken, AuditEvent, Region, RoleAssignment, Unit, User

admin.site.site_header = _("法治政府建设平台 · 系统管理")
admin.site.site_title = _("系统管理")


class AuditedAdmin(admin.ModelAdmin):
    """Bulk deletion deletes row by row so each deletion writes its audit event."""

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # all or nothing
            for obj in queryset:
                obj.delete()


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records only the platform writes (audit events, transition history, deadlines)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "unit_type", "region", "parent", "credit_code", "is_active"]
    list_filter = ["unit_type", "is_active"]
    search_fields = ["name", "credit_code"]
    raw_id_fields = ["region", "parent"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, AuditedAdmin):
    list_display = ["username", "full_name", "unit", "is_active", "is_superuser"]
    search_fields = ["username", "full_name"]
    raw_id_fields = ["unit"]
    inlines = [RoleInline]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("单位"), {"fields": ["full_name", "unit", "phone"]}),)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_prefix", "key_hash", "created_at", "last_used_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the chain is append-only."""

    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "object_id"]
