"""The staff navigation. Modules add their entries here, each with the roles that see it."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import Role, is_unrestricted, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset = field(default_factory=frozenset)  # empty: every staff user


ALL = frozenset()
MANAGERS = frozenset({Role.ADMIN, Role.COORDINATOR})
LEGISLATION = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.LEADER})

NAV: list[NavItem] = [
    NavItem(_("工作台"), "home"),
    NavItem(_("行政区划"), "core:region_list"),
    NavItem(_("单位"), "core:unit_list"),
    NavItem(_("工作人员"), "core:user_list"),
    NavItem(_("我的期限"), "procedures:deadlines"),
    NavItem(_("站内通知"), "procedures:notifications"),
    NavItem(_("期限计算"), "calendar:calculator"),
    NavItem(_("期限规则"), "procedures:rules"),
    NavItem(_("统计指标"), "figures:list"),
    NavItem(_("行政规范性文件"), "rulemaking:document_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.LEADER})),
    NavItem(_("制定主体"), "rulemaking:body_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.LEADER})),
    NavItem(_("文件清理"), "rulemaking:campaign_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEADER})),
    NavItem(_("立法计划"), "legislation:plan_list", LEGISLATION),
    NavItem(_("立法项目"), "legislation:project_list", LEGISLATION),
    NavItem(_("基层立法联系点"), "legislation:point_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})),
    NavItem(_("立法意见建议"), "legislation:opinion_list", LEGISLATION),
    NavItem(_("立法后评估"), "legislation:evaluation_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})),
    NavItem(_("数据导入"), "imports:list", MANAGERS),
    NavItem(_("审计日志"), "core:audit_list", frozenset({Role.ADMIN})),
]


def items_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    roles = roles_of(user)
    out = []
    for item in NAV:
        if item.roles and not (is_unrestricted(user) or roles & item.roles):
            continue
        out.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
    return out
