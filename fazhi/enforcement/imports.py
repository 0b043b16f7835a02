"""Import kinds `enforcement_officers` and `enforcement_items`: a body's officers and power list.

Each row goes through the staff page's own form (OfficerForm, ItemForm) and the service, all rows
in one transaction (nothing is written if any row is wrong). The body (执法主体) is named by its
unit's name or credit code and looked up among the bodies the importer keeps (access layer, cached
per file). Certificate numbers and item codes repeated inside the file are reported with the row
that used them first.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.core.validators import CREDIT_CODE_CHARS
from fazhi.enforcement import services
from fazhi.enforcement.forms import ItemForm, OfficerForm
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementField,
    EnforcementItem,
    EnforcementOfficer,
    ItemStatus,
    ItemType,
    OfficerStatus,
)
from fazhi.imports.fields import SpreadsheetDateField
from fazhi.imports.registry import Column, ImportContext, ImportKind, Row, register

_CREDIT_CODE = re.compile(f"[{CREDIT_CODE_CHARS}]{{18}}")
YES_NO = ((True, _("是")), (False, _("否")))
IMPORTERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER})


class BodyLookups(ImportContext):
    """Bodies the importer keeps, by unit name or credit code, and the file's own keys (cached per import)."""

    def __init__(self, user: Any):
        super().__init__(user)
        self._bodies: dict[str, list[EnforcementBody]] = {}
        self.seen: dict[tuple[Any, ...], int] = {}  # (kind, key…) → the first row that used it

    def body(self, ref: Any) -> tuple[EnforcementBody | None, str]:
        ref = str(ref).strip()
        if ref not in self._bodies:
            bodies = services.keeper_bodies(self.user).select_related("unit")
            if _CREDIT_CODE.fullmatch(ref.upper()):
                found = list(bodies.filter(unit__credit_code=ref.upper()))
            else:
                found = list(bodies.filter(unit__name=ref))
            self._bodies[ref] = found
        found = self._bodies[ref]
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, gettext("找不到执法主体“%(ref)s”：请填写已登记执法主体的单位全称或统一社会信用代码，"
                                 "且须是您可管理的主体。") % {"ref": ref}
        return None, gettext("有多个名为“%(ref)s”的执法主体，请改填其统一社会信用代码。") % {"ref": ref}

    def first_use(self, key: tuple[Any, ...], row: Row) -> int:
        return self.seen.setdefault(key, row.number)


def _date(row: Row, data: dict[str, Any], field_name: str) -> None:
    try:
        day = SpreadsheetDateField(required=False).to_python(row[field_name])
    except ValidationError as exc:
        row.error(field_name, exc.messages[0])
        data[field_name] = ""
    else:
        data[field_name] = day.isoformat() if day else ""


def _body_and_field(row: Row, ctx: BodyLookups, data: dict[str, Any]) -> EnforcementBody | None:
    data["body"] = ""
    body = None
    if row["body"]:
        body, message = ctx.body(row["body"])
        if body is None:
            row.error("body", message)
        else:
            data["body"] = body.pk
    if not row["field"] and body is not None and len(body.field_list) == 1:
        data["field"] = body.field_list[0]  # a body of one field: the column may stay empty
    return body


# ---- officers ---------------------------------------------------------------------------------------


def officer_form_data(row: Row, ctx: BodyLookups) -> dict[str, Any]:
    data = {"name": row["name"], "id_number": str(row["id_number"]).strip().upper(),
            "certificate_number": str(row["certificate_number"]).strip(), "field": row["field"],
            "legal_qualification": bool(row.get("legal_qualification") or False),
            "status": row["status"] or OfficerStatus.ACTIVE, "team": ""}
    _body_and_field(row, ctx, data)
    _date(row, data, "issued_on")
    _date(row, data, "expires_on")
    number = data["certificate_number"]
    if number:
        first = ctx.first_use(("certificate", number), row)
        if first != row.number:
            row.error("certificate_number", gettext("执法证号“%(n)s”与第 %(row)d 行重复：执法证号不得重复。") % {
                "n": number, "row": first})
    return data


def save_officer_row(form: OfficerForm, ctx: BodyLookups) -> EnforcementOfficer:
    return services.save_officer(actor=ctx.user, officer=form.save(commit=False))


ENFORCEMENT_OFFICERS = register(ImportKind(
    key="enforcement_officers",
    label=_("行政执法人员"),
    description=_("每行一名执法人员及其执法证。执法主体须已登记；执法证号不得重复；有效期至不得早于发证日期。"
                  "身份证号按 GB 11643-1999 校验，仅内部可见。"),
    columns=(
        Column("姓名", "name", required=True, example="张三"),
        Column("身份证号", "id_number", required=True, example="11010519491231002X",
               help=_("18位，最后一位为数字或X，按 GB 11643-1999 校验。")),
        Column("执法主体", "body", required=True, example="示范市市场监督管理局",
               help=_("已登记执法主体的单位全称或统一社会信用代码。")),
        Column("执法证号", "certificate_number", required=True, example="99010020250001"),
        Column("执法领域", "field", example=str(EnforcementField.MARKET.label), choices=EnforcementField.choices,
               help=_("须是执法主体的执法领域之一；主体只有一个执法领域的可留空。")),
        Column("发证日期", "issued_on", required=True, example="2025-03-01"),
        Column("有效期至", "expires_on", required=True, example="2030-02-28", help=_("不得早于发证日期。")),
        Column("法律职业资格", "legal_qualification", example="否", choices=YES_NO),
        Column("状态", "status", example=str(OfficerStatus.ACTIVE.label), choices=OfficerStatus.choices,
               help=_("留空为“在岗”。")),
    ),
    form_class=OfficerForm,
    to_form_data=officer_form_data,
    save=save_officer_row,
    context=BodyLookups,
    roles=IMPORTERS,
    non_field_column="执法证号",
))


# ---- items ------------------------------------------------------------------------------------------


def item_form_data(row: Row, ctx: BodyLookups) -> dict[str, Any]:
    data = {"code": str(row["code"]).strip(), "name": row["name"], "item_type": row["item_type"],
            "field": row["field"], "legal_basis": row["legal_basis"],
            "empowered_to_townships": bool(row.get("empowered_to_townships") or False),
            "status": row["status"] or ItemStatus.ACTIVE, "cancellation_document": row["cancellation_document"]}
    body = _body_and_field(row, ctx, data)
    _date(row, data, "cancelled_on")
    if body is not None and data["code"]:
        first = ctx.first_use(("item", body.pk, data["code"]), row)
        if first != row.number:
            row.error("code", gettext("事项编码“%(c)s”与第 %(row)d 行重复：同一执法主体的事项编码不得重复。") % {
                "c": data["code"], "row": first})
    return data


def save_item_row(form: ItemForm, ctx: BodyLookups) -> EnforcementItem:
    return services.save_item(actor=ctx.user, item=form.save(commit=False))


ENFORCEMENT_ITEMS = register(ImportKind(
    key="enforcement_items",
    label=_("行政执法事项（权力清单）"),
    description=_("每行一项执法事项。实施依据必填（法律、法规、规章的具体条款）；已取消或调整的事项须填写取消（调整）"
                  "日期和文件。同一执法主体的事项编码不得重复。"),
    columns=(
        Column("事项编码", "code", required=True, example="CF-SCJG-0001"),
        Column("事项名称", "name", required=True, example="对销售不符合安全标准的食品的处罚"),
        Column("事项类型", "item_type", required=True, example=str(ItemType.PENALTY.label), choices=ItemType.choices),
        Column("实施依据", "legal_basis", required=True, example="《中华人民共和国食品安全法》第一百二十四条",
               help=_("法律、法规、规章的名称及具体条款。")),
        Column("执法主体", "body", required=True, example="示范市市场监督管理局",
               help=_("已登记执法主体的单位全称或统一社会信用代码。")),
        Column("执法领域", "field", example=str(EnforcementField.MARKET.label), choices=EnforcementField.choices,
               help=_("须是执法主体的执法领域之一；主体只有一个执法领域的可留空。")),
        Column("是否赋权乡镇", "empowered_to_townships", example="否", choices=YES_NO,
               help=_("县级人民政府部门交由乡镇（街道）行使的填“是”（行政处罚法第二十四条）。")),
        Column("状态", "status", example=str(ItemStatus.ACTIVE.label), choices=ItemStatus.choices,
               help=_("留空为“有效”。")),
        Column("取消（调整）日期", "cancelled_on", example="", help=_("状态为已取消、已调整的必填。")),
        Column("取消（调整）文件", "cancellation_document", example="",
               help=_("状态为已取消、已调整的必填：文件名称及文号。")),
    ),
    form_class=ItemForm,
    to_form_data=item_form_data,
    save=save_item_row,
    context=BodyLookups,
    roles=IMPORTERS,
    non_field_column="事项编码",
))
