"""Staff pages for the organisation tree, the home page, the profile and the audit history."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.core import listing, services
from fazhi.core.access import CHANGE, VIEW, Role, is_unrestricted, require_writer, roles_of
from fazhi.core.filters import RegionFilter, UnitFilter, UserFilter
from fazhi.core.forms import RegionForm, RoleForm, StaffForm, UnitForm
from fazhi.core.listing import Column
from fazhi.core.models import AuditEvent, Region, RoleAssignment, Unit, User


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    from fazhi.procedures.selectors import home_context

    context = {"grants": request.user.roles.select_related("unit").all()}
    context.update(home_context(request.user))
    return render(request, "core/home.html", context)


# ---------------------------------------------------------------- regions

REGION_COLUMNS = [
    Column(_("区划代码"), lambda r: r.code, "code"),
    Column(_("名称"), lambda r: r.name, "name"),
    Column(_("级别"), lambda r: r.get_level_display(), "level"),
    Column(_("上级区划"), lambda r: r.parent.name if r.parent else "", "parent__name"),
    Column(_("单位数"), lambda r: r.unit_count, "unit_count"),
]


def _regions(request):
    return Region.objects.visible_to(request.user).select_related("parent").annotate(unit_count=Count("units"))


@login_required
@require_safe
def region_list(request: HttpRequest) -> HttpResponse:
    ctx = listing.build(request, _regions(request), RegionFilter, REGION_COLUMNS, "code")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], REGION_COLUMNS, gettext("行政区划"))
    ctx.update(title=gettext("行政区划"), create_url="core:region_create",
               can_create=Region.objects.visible_to(request.user, CHANGE).exists())
    return render(request, "fazhi/list.html", ctx)


@login_required
@require_safe
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = Region.objects.select_related("parent").get_visible_or_404(request.user, code=code)
    children = Region.objects.visible_to(request.user).filter(parent=region).annotate(unit_count=Count("units"))
    units = Unit.objects.visible_to(request.user).filter(region=region).order_by("name")
    can_edit = Region.objects.visible_to(request.user, CHANGE).filter(pk=region.pk).exists()
    return render(request, "core/region_detail.html", {
        "region": region, "ancestors": region.ancestors(), "children": children, "units": units,
        "can_edit": can_edit, "history": _history(region)})


@login_required
def region_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    require_writer(request.user)
    region = Region.objects.get_visible_or_404(request.user, CHANGE, code=code) if code else Region()
    if region._state.adding and not Region.objects.visible_to(request.user, CHANGE).exists():
        raise Http404
    form = RegionForm(request.POST or None, instance=region, user=request.user,
                      initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        region = services.save_region(actor=request.user, region=form.save(commit=False), validate=False)
        messages.success(request, gettext("已保存行政区划“%(name)s”。") % {"name": region.name})
        return redirect(region)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("编辑行政区划") if code else gettext("新建行政区划"), "cancel": region if code else None})


# ---------------------------------------------------------------- units

UNIT_COLUMNS = [
    Column(_("单位名称"), lambda u: u.name, "name"),
    Column(_("单位类型"), lambda u: u.get_unit_type_display(), "unit_type"),
    Column(_("所属区划"), lambda u: u.region.name, "region_id"),
    Column(_("上级单位"), lambda u: u.parent.name if u.parent else "", "parent__name"),
    Column(_("统一社会信用代码"), lambda u: u.credit_code or "", "credit_code"),
    Column(_("有效"), lambda u: u.is_active, "is_active"),
]


@login_required
@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    qs = Unit.objects.visible_to(request.user).select_related("region", "parent")
    ctx = listing.build(request, qs, UnitFilter, UNIT_COLUMNS, "region_id")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], UNIT_COLUMNS, gettext("单位"))
    ctx.update(title=gettext("单位"), create_url="core:unit_create",
               can_create=Unit.objects.visible_to(request.user, CHANGE).exists())
    return render(request, "fazhi/list.html", ctx)


@login_required
@require_safe
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = Unit.objects.select_related("region", "parent").get_visible_or_404(request.user, pk=pk)
    children = Unit.objects.visible_to(request.user).filter(parent=unit).select_related("region")
    staff = User.objects.visible_to(request.user).filter(unit=unit).prefetch_related("roles")
    can_edit = Unit.objects.visible_to(request.user, CHANGE).filter(pk=unit.pk).exists()
    return render(request, "core/unit_detail.html", {
        "unit": unit, "children": children, "staff": staff, "can_edit": can_edit, "history": _history(unit)})


UNIT_SEARCH_LIMIT = 20


@login_required
@require_safe
def unit_search(request: HttpRequest) -> HttpResponse:
    """Matches for the unit picker (fazhi.core.widgets): by name, short name or credit code, in scope.

    purpose=change (form fields) searches the units the user may change, anything else those they may see.
    """
    action = CHANGE if request.GET.get("purpose") == CHANGE else VIEW
    q = request.GET.get("q", "").strip()[:100]
    units: list[Unit] = []
    if q:
        code = q.upper()
        units = list(
            Unit.objects.visible_to(request.user, action)
            .filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(credit_code__startswith=code))
            .select_related("region")
            # exact matches first, so a typed full name or code is one Enter away
            .annotate(exact=Case(When(Q(name=q) | Q(credit_code=code), then=Value(0)), default=Value(1),
                                 output_field=IntegerField()))
            .order_by("exact", "name", "pk")[:UNIT_SEARCH_LIMIT + 1])
    return render(request, "core/_unit_search.html", {
        "units": units[:UNIT_SEARCH_LIMIT], "truncated": len(units) > UNIT_SEARCH_LIMIT, "limit": UNIT_SEARCH_LIMIT,
        "q": q})


@login_required
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    unit = Unit.objects.get_visible_or_404(request.user, CHANGE, pk=pk) if pk else Unit()
    if unit._state.adding and not Unit.objects.visible_to(request.user, CHANGE).exists():
        raise Http404
    initial = {}
    if "parent" in request.GET:
        parent = Unit.objects.visible_to(request.user, CHANGE).filter(pk=request.GET["parent"]).first()
        if parent:
            initial = {"parent": parent, "region": parent.region_id}
    form = UnitForm(request.POST or None, instance=unit, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(actor=request.user, unit=form.save(commit=False), validate=False)
        messages.success(request, gettext("已保存单位“%(name)s”。") % {"name": unit.name})
        return redirect(unit)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("编辑单位") if pk else gettext("新建单位"), "cancel": unit if pk else None})


# ---------------------------------------------------------------- staff

USER_COLUMNS = [
    Column(_("姓名"), lambda u: str(u), "full_name"),
    Column(_("用户名"), lambda u: u.username, "username"),
    Column(_("所属单位"), lambda u: u.unit.name if u.unit else "", "unit__name"),
    Column(_("角色"), lambda u: "、".join(str(r.get_role_display()) for r in u.roles.all())),
    Column(_("启用"), lambda u: u.is_active, "is_active"),
]


@login_required
@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    qs = User.objects.visible_to(request.user).select_related("unit").prefetch_related("roles")
    ctx = listing.build(request, qs, UserFilter, USER_COLUMNS, "username")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], USER_COLUMNS, gettext("工作人员"))
    ctx.update(title=gettext("工作人员"), create_url="core:user_create",
               can_create=User.objects.visible_to(request.user, CHANGE).exists() or is_unrestricted(request.user))
    return render(request, "fazhi/list.html", ctx)


@login_required
@require_safe
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = User.objects.select_related("unit__region").get_visible_or_404(request.user, pk=pk)
    can_edit = User.objects.visible_to(request.user, CHANGE).filter(pk=person.pk).exists()
    return render(request, "core/user_detail.html", {
        "person": person, "assignments": person.roles.select_related("unit"), "can_edit": can_edit,
        "role_form": RoleForm(user=request.user) if can_edit else None, "history": _history(person)})


@login_required
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    person = User.objects.get_visible_or_404(request.user, CHANGE, pk=pk) if pk else User()
    if person._state.adding and not Unit.objects.visible_to(request.user, CHANGE).exists():
        raise Http404
    form = StaffForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.save_staff(actor=request.user, user=form.save(commit=False), password=data["password"],
                                     role=data.get("role") or "", scope=data.get("scope") or "")
        messages.success(request, gettext("已保存工作人员“%(name)s”。") % {"name": person})
        return redirect(person)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("编辑工作人员") if pk else gettext("新建工作人员"), "cancel": person if pk else None})


@login_required
@require_POST
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    person = User.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = RoleForm(request.POST, user=request.user)
    if form.is_valid():
        services.assign_role(actor=request.user, user=person, role=form.cleaned_data["role"],
                             scope=form.cleaned_data["scope"], unit=form.cleaned_data["unit"])
        messages.success(request, gettext("已授予角色。"))
    else:
        messages.error(request, "；".join(f"{form.fields[f].label if f in form.fields else ''}：{e}"
                                          for f, errs in form.errors.items() for e in errs))
    return redirect(person)


@login_required
@require_POST
def role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    assignment = RoleAssignment.objects.select_related("user").get_visible_or_404(request.user, CHANGE, pk=pk)
    person = assignment.user
    services.remove_role(actor=request.user, assignment=assignment)
    messages.success(request, gettext("已撤销角色。"))
    return redirect(person)


# ---------------------------------------------------------------- audit

def _history(obj, limit: int = 50):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-id")[
        :limit]


@login_required
@require_safe
def object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """The audit events of one record the user may see (any audited model with the access layer)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        raise Http404 from None
    if not hasattr(model.objects, "visible_to"):
        raise Http404
    obj = model.objects.get_visible_or_404(request.user, pk=object_id)
    events = AuditEvent.objects.filter(object_type=model._meta.label_lower, object_id=str(obj.pk)).order_by("-id")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/history.html", {"object": obj, "page": page})


@login_required
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    """The whole chain, for system administrators."""
    if not (is_unrestricted(request.user) or Role.ADMIN in roles_of(request.user)):
        raise Http404
    events = AuditEvent.objects.order_by("-id")
    for field in ("object_type", "action", "actor_label"):
        if request.GET.get(field):
            events = events.filter(**{field: request.GET[field]})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page})


# ---------------------------------------------------------------- profile

@login_required
def profile(request: HttpRequest) -> HttpResponse:
    from fazhi.core.tokens import create_token

    new_key = None
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()
        if not name or len(name) > 100:
            messages.error(request, gettext("令牌用途：必填，且不超过100个字符。"))
        else:
            _token, new_key = create_token(user=request.user, name=name)
            messages.success(request, gettext("已创建令牌。请立即复制保存，它只显示这一次。"))
    return render(request, "core/profile.html", {
        "assignments": request.user.roles.select_related("unit"),
        "tokens": request.user.api_tokens.all(), "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    from fazhi.core.tokens import revoke_token

    token = request.user.api_tokens.filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    revoke_token(user=request.user, token=token)
    messages.success(request, gettext("已撤销令牌。"))
    return redirect("core:profile")
