"""Import kind `indicators`: an indicator system's tree from Excel, one indicator per row.

A row names its system (a draft the user may change) and its place in the tree: the level-1 name
alone for a level-1 indicator; level 1 and 2 for a level-2 one; all three for a level-3 one. A
parent must come from an earlier row (or exist already). Rows go through the same `IndicatorForm`
as the staff page and `services.save_indicator`, all or nothing. Whether the points add up is
checked when the version is frozen or a round opens (and shown on the system's page), since a
file may be imported in parts.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.assessment import services
from fazhi.assessment.forms import IndicatorForm
from fazhi.assessment.models import Indicator, IndicatorSystem, Method
from fazhi.core.access import CHANGE
from fazhi.imports.registry import Column, ImportContext, ImportKind, Row, register

LEVELS = ("level1", "level2", "level3")


class IndicatorLookups(ImportContext):
    """Draft systems by title and their indicators by path (names from level 1 down), per import."""

    def __init__(self, user: Any):
        super().__init__(user)
        self.systems: dict[str, IndicatorSystem | None] = {}
        self.paths: dict[int, dict[tuple[str, ...], Indicator]] = {}

    def system(self, title: str) -> IndicatorSystem | None:
        if title not in self.systems:
            self.systems[title] = (IndicatorSystem.objects.visible_to(self.user, CHANGE)
                                   .filter(title=title, frozen_on__isnull=True).order_by("-version").first())
        return self.systems[title]

    def tree(self, system: IndicatorSystem) -> dict[tuple[str, ...], Indicator]:
        if system.pk not in self.paths:
            by_id = {i.pk: i for i in system.indicators.all()}
            paths = {}
            for indicator in by_id.values():
                names, node = [], indicator
                while node is not None:
                    names.insert(0, node.name)
                    node = by_id.get(node.parent_id)
                paths[tuple(names)] = indicator
            self.paths[system.pk] = paths
        return self.paths[system.pk]


def indicator_form_data(row: Row, ctx: IndicatorLookups) -> dict[str, Any]:
    names = [str(row[f]).strip() for f in LEVELS]
    data = {"name": "", "points": row["points"], "method": row["method"], "figure_key": row["figure_key"],
            "rule": row["rule"], "standard": row["standard"], "position": row.number}
    depth = max((i + 1 for i, n in enumerate(names) if n), default=0)
    if depth == 0:
        row.error("level1", gettext("请填写指标名称（一级指标，或一级和下级指标）。"))
        return data
    path = tuple(names[:depth])
    if any(not n for n in path):
        row.error(LEVELS[path.index("")], gettext("写下级指标时须同时写出其上级指标的名称。"))
        return data
    data["name"] = path[-1]
    system = ctx.system(str(row["system"]).strip())
    if system is None:
        row.error("system", gettext("找不到名为“%(t)s”的未冻结指标体系，或您无权修改它：请先在“考核指标体系”页面新建。")
                  % {"t": row["system"]})
        return data
    data["system"] = system.pk
    tree = ctx.tree(system)
    if path in tree:
        row.error(LEVELS[depth - 1], gettext("指标“%(n)s”已存在（同一上级下不能重名）。") % {"n": " / ".join(path)})
    if depth > 1:
        parent = tree.get(path[:-1])
        if parent is None:
            row.error(LEVELS[depth - 2], gettext("上级指标“%(p)s”不存在：请先在前面的行中写出上级指标。") % {
                "p": " / ".join(path[:-1])})
        else:
            data["parent"] = parent.pk
    return data


def save_indicator_row(form: IndicatorForm, ctx: IndicatorLookups) -> Indicator:
    indicator = services.save_indicator(actor=ctx.user, indicator=form.save(commit=False))
    names, node = [], indicator
    while node is not None:
        names.insert(0, node.name)
        node = node.parent
    ctx.tree(indicator.system)[tuple(names)] = indicator
    return indicator


INDICATORS = register(ImportKind(
    key="indicators",
    label=_("考核指标"),
    description=_("导入考核指标体系的指标树：每行一个指标。一级指标只写“一级指标”列；二级指标同时写一级、二级指标；"
                  "三级指标三列都写。有下级的指标不填评分方式；末级指标须选择评分方式。上级指标须写在前面的行中。"),
    columns=(
        Column("指标体系", "system", required=True, example="2025年度县（市、区）法治政府建设考核",
               help=_("未冻结的指标体系名称（须先在“考核指标体系”页面新建）。")),
        Column("一级指标", "level1", required=True, example="依法行政制度体系"),
        Column("二级指标", "level2", example="行政规范性文件管理"),
        Column("三级指标", "level3", example="规范性文件报备率"),
        Column("分值", "points", required=True, example="4", help=_("下级指标分值之和须等于上级指标分值。")),
        Column("评分方式", "method", example=str(Method.COMPUTED.label), choices=Method.choices,
               help=_("数据自动：按数据指标和评分规则自动计分；材料评分：评审人员按评分标准打分；扣分：按项扣分。")),
        Column("数据指标代码", "figure_key", example="rulemaking.filing.rate",
               help=_("“数据自动”指标必填，见“统计指标”页面。")),
        Column("评分规则", "rule", example="比例",
               help=_("比例；线性 60-100；阶梯 95:100%; 80:60%；每项扣 2。")),
        Column("评分标准", "standard", example="报备率达到100%得满分，按比例计分。",
               help=_("“材料评分”“扣分”指标必填。")),
    ),
    form_class=IndicatorForm,
    to_form_data=indicator_form_data,
    save=save_indicator_row,
    context=IndicatorLookups,
    non_field_column="一级指标",
))
