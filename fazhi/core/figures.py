"""Figures about the organisation tree itself: units, staff, roles, regions."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role
from fazhi.core.models import UnitType
from fazhi.core.regions import Level
from fazhi.figures.registry import Figure, Kind, lazy_format, register, register_module

MODULE = "core"
TREE_SOURCE = _("本平台组织架构登记数据（无法定统计口径）")
ACTIVE_UNIT = Q(is_active=True)

register_module(MODULE, _("组织架构"), order=0)

register(Figure(
    key="tree.units.total", label=_("单位数"), kind=Kind.COUNT, model="core.Unit", module=MODULE,
    measure=_("个"), filter=ACTIVE_UNIT, order=10,
    definition=_("在本平台登记且状态为“有效”的单位（机关、部门、乡镇街道、法院、调解组织等），"
                 "按单位所属区划统计。"),
    source=TREE_SOURCE,
))

for i, unit_type in enumerate(UnitType):
    register(Figure(
        key=f"tree.units.{unit_type.value}", label=lazy_format(_("单位数：%(type)s"), type=unit_type.label),
        kind=Kind.COUNT, model="core.Unit", module=MODULE, measure=_("个"), order=11 + i,
        filter=ACTIVE_UNIT & Q(unit_type=unit_type.value),
        definition=lazy_format(_("单位类型为“%(type)s”的有效单位。"), type=unit_type.label),
        source=TREE_SOURCE,
    ))

register(Figure(
    key="tree.units.new", label=_("新增单位数"), kind=Kind.COUNT, model="core.Unit", module=MODULE,
    measure=_("个"), date_field="created_at", order=30,
    definition=_("统计期间内在本平台新建的单位（含此后停用的单位）。"),
    source=TREE_SOURCE,
))

register(Figure(
    key="tree.units.credit_code_coverage", label=_("统一社会信用代码登记率"), kind=Kind.COVERAGE,
    model="core.Unit", module=MODULE, order=31,
    denominator=ACTIVE_UNIT, numerator=Q(credit_code__isnull=False) & ~Q(credit_code=""),
    definition=_("登记了统一社会信用代码的有效单位 ÷ 有效单位。机关、事业单位、社会组织和企业均应依法"
                 "取得统一社会信用代码。"),
    source=_("《国务院关于批转发展改革委等部门法人和其他组织统一社会信用代码制度建设总体方案的通知》"
             "（国发〔2015〕33号）；GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"),
))

register(Figure(
    key="tree.staff.total", label=_("工作人员数"), kind=Kind.COUNT, model="core.User", module=MODULE,
    measure=_("人"), filter=Q(is_active=True), order=40,
    definition=_("账号有效的工作人员，按其所属单位统计。"),
    source=TREE_SOURCE,
))

for i, role in enumerate(Role):
    register(Figure(
        key=f"tree.staff.{role.value}", label=lazy_format(_("工作人员数：%(role)s"), role=role.label),
        kind=Kind.COUNT, model="core.RoleAssignment", module=MODULE, measure=_("人"), order=41 + i,
        filter=Q(role=role.value, user__is_active=True), count_field="user", distinct=True,
        definition=lazy_format(_("担任“%(role)s”角色的有效工作人员（去重），按任职单位统计；"
                                 "同一人在多个单位担任该角色只计一次。"), role=role.label),
        source=TREE_SOURCE,
    ))

for i, level in enumerate(Level):
    register(Figure(
        key=f"tree.regions.{level.name.lower()}", label=lazy_format(_("行政区划数：%(level)s"), level=level.label),
        kind=Kind.COUNT, model="core.Region", module=MODULE, measure=_("个"), order=60 + i,
        filter=Q(level=level.value), region_field="", unit_field=None,
        definition=lazy_format(_("本平台登记的%(level)s行政区划（所选区划及其下级）。"), level=level.label),
        source=_("GB/T 2260《中华人民共和国行政区划代码》"),
    ))
