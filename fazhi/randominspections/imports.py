"""Import kind `inspection_entities`: a body's entity directory (检查对象名录库).

Each row goes through the staff page's form (EntityForm) and the service, all rows in one transaction
(nothing is written if any row is wrong). Credit codes are checked by GB 32100-2015
(fazhi.core.validators); a code repeated inside the file is reported with the row that used it first.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.imports import IMPORTERS, BodyLookups
from fazhi.imports.registry import Column, ImportKind, Row, register
from fazhi.randominspections import services
from fazhi.randominspections.forms import EntityForm
from fazhi.randominspections.models import EntityKind, InspectionEntity, RiskLevel


def entity_form_data(row: Row, ctx: BodyLookups) -> dict[str, Any]:
    data = {"credit_code": str(row["credit_code"] or "").strip().upper(), "name": row["name"],
            "kind": row["kind"] or EntityKind.ENTERPRISE, "industry": row["industry"] or "",
            "risk_level": row["risk_level"] or RiskLevel.LOW, "address": row["address"] or "", "active": True,
            "body": ""}
    if row["body"]:
        body, message = ctx.body(row["body"])
        if body is None:
            row.error("body", message)
        else:
            data["body"] = body.pk
            if data["credit_code"]:
                first = ctx.first_use(("entity", body.pk, data["credit_code"]), row)
                if first != row.number:
                    row.error("credit_code", gettext("统一社会信用代码“%(c)s”与第 %(row)d 行重复。") % {
                        "c": data["credit_code"], "row": first})
    return data


def save_entity_row(form: EntityForm, ctx: BodyLookups) -> InspectionEntity:
    return services.save_entity(actor=ctx.user, entity=form.save(commit=False))


INSPECTION_ENTITIES = register(ImportKind(
    key="inspection_entities",
    label=_("双随机检查对象名录"),
    description=_("每行一个检查对象。统一社会信用代码按 GB 32100-2015 校验，同一执法主体的名录库内不得重复；"
                  "风险等级决定抽查时适用的抽查比例。"),
    columns=(
        Column("统一社会信用代码", "credit_code", required=True, example="91430300MA4L000000",
               help=_("18位，按 GB 32100-2015 校验。")),
        Column("名称", "name", required=True, example="湘潭市某某餐饮有限公司"),
        Column("类型", "kind", example=str(EntityKind.ENTERPRISE.label), choices=EntityKind.choices,
               help=_("留空为“企业”。")),
        Column("所属行业", "industry", example="餐饮服务"),
        Column("风险等级", "risk_level", example=str(RiskLevel.LOW.label), choices=RiskLevel.choices,
               help=_("留空为“低风险”。")),
        Column("地址", "address", example="雨湖区某某路1号"),
        Column("执法主体", "body", required=True, example="示范市市场监督管理局",
               help=_("已登记执法主体的单位全称或统一社会信用代码。")),
    ),
    form_class=EntityForm,
    to_form_data=entity_form_data,
    save=save_entity_row,
    context=BodyLookups,
    roles=IMPORTERS,
    non_field_column="统一社会信用代码",
))
