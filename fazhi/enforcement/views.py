"""Staff pages (lists, details, forms) and the portal's publicity pages (事前公示) of enforcement."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from fazhi.core import listing, pages
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.enforcement import services
from fazhi.enforcement.filters import (
    BodyFilter,
    EmpowermentFilter,
    ItemFilter,
    OfficerFilter,
    PublicOfficerFilter,
    TeamFilter,
    public_bodies,
)
from fazhi.enforcement.forms import BodyForm, EmpowermentForm, ItemForm, OfficerForm, TeamForm
from fazhi.enforcement.models import (
    Empowerment,
    EnforcementBody,
    EnforcementItem,
    EnforcementOfficer,
    ItemStatus,
    ItemType,
    OfficerStatus,
    TownshipTeam,
)
from fazhi.procedures import clock


def _validity(o: EnforcementOfficer) -> str:
    return gettext("有效") if o.certificate_valid_on(clock.today()) else gettext("无效（已过期或未在岗）")


BODY_COLUMNS = [
    Column(_("执法主体"), lambda b: b.unit.name, "unit__name"),
    Column(_("主体类别"), lambda b: b.get_kind_display(), "kind"),
    Column(_("执法领域"), lambda b: b.get_fields_display()),
    Column(_("所属区划"), lambda b: b.region.name, "region_id"),
    Column(_("执法人员数"), lambda b: b.officer_count, "officer_count"),
    Column(_("执法事项数"), lambda b: b.item_count, "item_count"),
    Column(_("公告日期"), lambda b: b.published_on, "published_on"),
    Column(_("有效"), lambda b: b.active, "active"),
]
OFFICER_COLUMNS = [
    Column(_("姓名"), lambda o: o.name, "name"),
    Column(_("身份证号"), lambda o: o.masked_id_number),
    Column(_("执法证号"), lambda o: o.certificate_number, "certificate_number"),
    Column(_("执法主体"), lambda o: o.body.unit.name, "body__unit__name"),
    Column(_("执法领域"), lambda o: o.get_field_display(), "field"),
    Column(_("发证日期"), lambda o: o.issued_on, "issued_on"),
    Column(_("有效期至"), lambda o: o.expires_on, "expires_on"),
    Column(_("执法证"), _validity),
    Column(_("法律职业资格"), lambda o: o.legal_qualification, "legal_qualification"),
    Column(_("状态"), lambda o: o.get_status_display(), "status"),
]
ITEM_COLUMNS = [
    Column(_("事项编码"), lambda i: i.code, "code"),
    Column(_("事项名称"), lambda i: i.name, "name"),
    Column(_("事项类型"), lambda i: i.get_item_type_display(), "item_type"),
    Column(_("执法领域"), lambda i: i.get_field_display(), "field"),
    Column(_("执法主体"), lambda i: i.body.unit.name, "body__unit__name"),
    Column(_("赋权乡镇"), lambda i: i.empowered_to_townships, "empowered_to_townships"),
    Column(_("状态"), lambda i: i.get_status_display(), "status"),
    Column(_("取消（调整）日期"), lambda i: i.cancelled_on, "cancelled_on"),
]
TEAM_COLUMNS = [
    Column(_("队伍名称"), lambda t: t.name, "name"),
    Column(_("乡镇（街道）"), lambda t: t.township.name, "township__name"),
    Column(_("核定编制数"), lambda t: t.posts, "posts"),
    Column(_("执法人员数"), lambda t: t.officer_count, "officer_count"),
    Column(_("成立日期"), lambda t: t.established_on, "established_on"),
]
EMPOWERMENT_COLUMNS = [
    Column(_("赋权文件文号"), lambda e: e.document_number, "document_number"),
    Column(_("赋权文件名称"), lambda e: e.title, "title"),
    Column(_("乡镇（街道）"), lambda e: e.township.name, "township__name"),
    Column(_("决定日期"), lambda e: e.decided_on, "decided_on"),
    Column(_("赋权事项数"), lambda e: e.item_count, "item_count"),
]
PUBLIC_BODY_COLUMNS = [c for c in BODY_COLUMNS if c.sort not in ("active", "published_on")]
PUBLIC_OFFICER_COLUMNS = [
    Column(_("姓名"), lambda o: o.name, "name"),
    Column(_("执法证号"), lambda o: o.certificate_number, "certificate_number"),
    Column(_("执法主体"), lambda o: o.body.unit.name, "body__unit__name"),
    Column(_("执法领域"), lambda o: o.get_field_display(), "field"),
    Column(_("有效期至"), lambda o: o.expires_on, "expires_on"),
    Column(_("执法证"), _validity),
]
PUBLIC_ITEM_COLUMNS = [
    Column(_("事项编码"), lambda i: i.code, "code"),
    Column(_("事项名称"), lambda i: i.name, "name"),
    Column(_("事项类型"), lambda i: i.get_item_type_display(), "item_type"),
    Column(_("执法主体"), lambda i: i.body.unit.name, "body__unit__name"),
    Column(_("实施依据"), lambda i: i.legal_basis),
    Column(_("状态"), lambda i: i.get_status_display(), "status"),
]


def _edit(request: HttpRequest, record: Model, form_class: type, save: Callable[..., Any], title: str,
          saved: str) -> HttpResponse:
    """This module's create/edit page (`pages.edit_page`) with its services' calling convention."""
    return pages.edit_page(request, record, form_class, lambda form: save(request.user, form.save(commit=False), form),
                           title, saved)


def _can_change(model: type[Model], user: Any, pk: int) -> bool:
    return model.objects.visible_to(user, CHANGE).filter(pk=pk).exists()


# ---- bodies -----------------------------------------------------------------------------------------


def _bodies(user: Any) -> QuerySet:
    return (EnforcementBody.objects.visible_to(user).select_related("unit", "region")
            .annotate(officer_count=Count("officers", filter=Q(officers__status=OfficerStatus.ACTIVE), distinct=True),
                      item_count=Count("items", filter=Q(items__status=ItemStatus.ACTIVE), distinct=True)))


@login_required
@require_safe
def body_list(request: HttpRequest) -> HttpResponse:
    return pages.list_page(request, _bodies(request.user), BodyFilter, BODY_COLUMNS, "region_id", gettext("执法主体"),
                 "enforcement:body_create", lambda: services.writable_units(request.user).exists())


@login_required
@require_safe
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = (EnforcementBody.objects.select_related("unit", "region", "entrusting_body__unit")
            .get_visible_or_404(request.user, pk=pk))
    officers = EnforcementOfficer.objects.visible_to(request.user).filter(body=body)
    items = EnforcementItem.objects.visible_to(request.user).filter(body=body)
    today = clock.today()
    return render(request, "enforcement/body_detail.html", {
        "body": body, "can_change": _can_change(EnforcementBody, request.user, pk),
        "can_keep": services.keeper_bodies(request.user).filter(pk=pk).exists(),
        "officer_total": officers.count(), "officer_valid": officers.with_valid_certificate(today).count(),
        "item_counts": [
            {**row, "type_label": ItemType(row["item_type"]).label, "status_label": ItemStatus(row["status"]).label}
            for row in items.order_by().values("item_type", "status").annotate(n=Count("pk")).order_by(
                "item_type", "status")],
        "entrusted": EnforcementBody.objects.visible_to(request.user).filter(entrusting_body=body)
        .select_related("unit"),
    })


@login_required
def body_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        body = EnforcementBody.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_units(request.user).exists():
            raise Http404
        body = EnforcementBody()
    return _edit(request, body, BodyForm, lambda actor, obj, form: services.save_body(actor=actor, body=obj),
                 gettext("编辑执法主体") if pk else gettext("登记执法主体"), gettext("已保存执法主体“%(name)s”。"))


# ---- officers ---------------------------------------------------------------------------------------


@login_required
@require_safe
def officer_list(request: HttpRequest) -> HttpResponse:
    qs = EnforcementOfficer.objects.visible_to(request.user).select_related("body__unit")
    return pages.list_page(request, qs, OfficerFilter, OFFICER_COLUMNS, "name", gettext("执法人员"),
                 "enforcement:officer_create", lambda: services.keeper_bodies(request.user).exists())


@login_required
@require_safe
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = (EnforcementOfficer.objects.select_related("body__unit", "team")
               .get_visible_or_404(request.user, pk=pk))
    return render(request, "enforcement/officer_detail.html", {
        "officer": officer, "valid": officer.certificate_valid_on(clock.today()),
        "can_change": _can_change(EnforcementOfficer, request.user, pk)})


@login_required
def officer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        officer = EnforcementOfficer.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.keeper_bodies(request.user).exists():
            raise Http404
        officer = EnforcementOfficer()
    return _edit(request, officer, OfficerForm,
                 lambda actor, obj, form: services.save_officer(actor=actor, officer=obj),
                 gettext("编辑执法人员") if pk else gettext("登记执法人员"), gettext("已保存执法人员“%(name)s”。"))


# ---- items ------------------------------------------------------------------------------------------


@login_required
@require_safe
def item_list(request: HttpRequest) -> HttpResponse:
    qs = EnforcementItem.objects.visible_to(request.user).select_related("body__unit")
    return pages.list_page(request, qs, ItemFilter, ITEM_COLUMNS, "code", gettext("执法事项"),
                 "enforcement:item_create", lambda: services.keeper_bodies(request.user).exists())


@login_required
@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = EnforcementItem.objects.select_related("body__unit").get_visible_or_404(request.user, pk=pk)
    return render(request, "enforcement/item_detail.html", {
        "item": item, "can_change": _can_change(EnforcementItem, request.user, pk),
        "empowerments": Empowerment.objects.visible_to(request.user).filter(items=item).select_related("township")})


@login_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        item = EnforcementItem.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.keeper_bodies(request.user).exists():
            raise Http404
        item = EnforcementItem()
    return _edit(request, item, ItemForm, lambda actor, obj, form: services.save_item(actor=actor, item=obj),
                 gettext("编辑执法事项") if pk else gettext("新增执法事项"), gettext("已保存执法事项“%(name)s”。"))


# ---- township teams ---------------------------------------------------------------------------------


@login_required
@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    qs = (TownshipTeam.objects.visible_to(request.user).select_related("township")
          .annotate(officer_count=Count("officers", filter=Q(officers__status=OfficerStatus.ACTIVE))))
    return pages.list_page(request, qs, TeamFilter, TEAM_COLUMNS, "township__name", gettext("综合行政执法队伍"),
                 "enforcement:team_create", lambda: services.writable_townships(request.user).exists())


@login_required
@require_safe
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = TownshipTeam.objects.select_related("township").get_visible_or_404(request.user, pk=pk)
    return render(request, "enforcement/team_detail.html", {
        "team": team, "can_change": _can_change(TownshipTeam, request.user, pk),
        "officers": EnforcementOfficer.objects.visible_to(request.user).filter(team=team).select_related("body__unit"),
        "empowerments": Empowerment.objects.visible_to(request.user).filter(township=team.township_id)
        .annotate(item_count=Count("items"))})


@login_required
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        team = TownshipTeam.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_townships(request.user).exists():
            raise Http404
        team = TownshipTeam()
    return _edit(request, team, TeamForm, lambda actor, obj, form: services.save_team(actor=actor, team=obj),
                 gettext("编辑综合行政执法队伍") if pk else gettext("登记综合行政执法队伍"),
                 gettext("已保存“%(name)s”。"))


# ---- empowerment ------------------------------------------------------------------------------------


@login_required
@require_safe
def empowerment_list(request: HttpRequest) -> HttpResponse:
    qs = (Empowerment.objects.visible_to(request.user).select_related("township")
          .annotate(item_count=Count("items")))
    return pages.list_page(request, qs, EmpowermentFilter, EMPOWERMENT_COLUMNS, "-decided_on", gettext("乡镇赋权"),
                 "enforcement:empowerment_create", lambda: services.writable_townships(request.user).exists())


@login_required
@require_safe
def empowerment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    empowerment = Empowerment.objects.select_related("township").get_visible_or_404(request.user, pk=pk)
    return render(request, "enforcement/empowerment_detail.html", {
        "empowerment": empowerment, "can_change": _can_change(Empowerment, request.user, pk),
        "items": empowerment.items.select_related("body__unit").order_by("body_id", "code")})


@login_required
def empowerment_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        empowerment = Empowerment.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.writable_townships(request.user).exists():
            raise Http404
        empowerment = Empowerment()
    return _edit(request, empowerment, EmpowermentForm,
                 lambda actor, obj, form: services.save_empowerment(actor=actor, empowerment=obj,
                                                                     items=form.cleaned_data["items"]),
                 gettext("编辑乡镇赋权") if pk else gettext("登记乡镇赋权"), gettext("已保存赋权文件“%(name)s”。"))


# ---- the portal: publicity before enforcement (事前公示，行政处罚法第三十九条) ---------------------------


def _public(request: HttpRequest, qs: QuerySet, filter_class: type, columns: list[Column], default_sort: str,
            title: str, intro: str) -> HttpResponse:
    ctx = listing.build(request, qs, functools.partial(filter_class, user=None), columns, default_sort)
    ctx.update(title=title, intro=intro, sections=PUBLIC_PAGES)
    return render(request, "enforcement/public_list.html", ctx)


PUBLIC_PAGES = [("enforcement:public_bodies", _("执法主体")), ("enforcement:public_officers", _("执法人员")),
                ("enforcement:public_items", _("执法事项"))]


@require_safe
def public_body_list(request: HttpRequest) -> HttpResponse:
    qs = (public_bodies().select_related("region")
          .annotate(officer_count=Count("officers", filter=Q(officers__status=OfficerStatus.ACTIVE), distinct=True),
                    item_count=Count("items", filter=Q(items__status=ItemStatus.ACTIVE), distinct=True)))
    return _public(request, qs, BodyFilter, PUBLIC_BODY_COLUMNS, "region_id", gettext("行政执法主体公示"),
                   gettext("经确认并公告的行政执法主体及其执法领域（行政处罚法第三十九条：实施机关应当公示）。"))


@require_safe
def public_officer_list(request: HttpRequest) -> HttpResponse:
    # Officers in post of published bodies; never their ID numbers.
    qs = (EnforcementOfficer.objects.filter(body__in=public_bodies(), status=OfficerStatus.ACTIVE)
          .select_related("body__unit"))
    return _public(request, qs, PublicOfficerFilter, PUBLIC_OFFICER_COLUMNS, "name", gettext("行政执法人员公示"),
                   gettext("持有行政执法证件、在岗的执法人员：执法时应当主动出示执法证件（行政处罚法第五十五条）。"))


@require_safe
def public_item_list(request: HttpRequest) -> HttpResponse:
    qs = EnforcementItem.objects.filter(body__in=public_bodies()).select_related("body__unit")
    return _public(request, qs, ItemFilter, PUBLIC_ITEM_COLUMNS, "code", gettext("行政执法事项清单"),
                   gettext("各执法主体的执法事项及实施依据，含已取消、调整的事项（行政处罚法第三十九条）。"))
