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
    NavItem(_("领导驾驶舱"), "dashboard:index", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.REVIEWER})),
    NavItem(_("行政区划"), "core:region_list"),
    NavItem(_("单位"), "core:unit_list"),
    NavItem(_("工作人员"), "core:user_list"),
    NavItem(_("我的期限"), "procedures:deadlines"),
    NavItem(_("站内通知"), "procedures:notifications"),
    NavItem(_("期限计算"), "calendar:calculator"),
    NavItem(_("期限规则"), "procedures:rules"),
    NavItem(_("统计指标"), "figures:list"),
    NavItem(_("指标口径"), "figures:definitions"),
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
    # tasks (任务分解): the office plans; departments' legal officers see the tasks they lead or cooperate on
    NavItem(_("任务分解"), "tasks:plan_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("工作任务"), "tasks:task_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.INSPECTOR, Role.LEADER})),
    # study (学法考法)
    NavItem(_("学法活动"), "study:session_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("学法规则"), "study:rule_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("题库"), "study:question_list", MANAGERS),
    NavItem(_("考试"), "study:exam_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("我的考试"), "study:my_exams"),
    # inspections (法治督察)
    NavItem(_("法治督察"), "inspections:inspection_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("整改台账"), "inspections:item_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEGAL_OFFICER, Role.LEADER})),
    NavItem(_("干预记录"), "inspections:interference_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.LEADER})),
    # Meetings, duty reports, practical projects: the committee office's own records.
    NavItem(_("会议议事"), "meetings:meeting_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})),
    NavItem(_("会议决定事项"), "meetings:decision_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.LEADER})),
    NavItem(_("年度述法安排"), "dutyreports:schedule_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})),
    NavItem(_("述法评议"), "dutyreports:report_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR, Role.REVIEWER, Role.LEADER})),
    NavItem(_("法治为民办实事"), "projects:project_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.LEADER})),
    # enforcement (行政执法监督): the justice bureau and the office manage; departments keep their own
    NavItem(_("执法主体"), "enforcement:body_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.INSPECTOR, Role.LEADER})),
    NavItem(_("执法人员"), "enforcement:officer_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.INSPECTOR, Role.LEADER})),
    NavItem(_("执法事项"), "enforcement:item_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.INSPECTOR, Role.LEADER})),
    NavItem(_("综合执法队伍"), "enforcement:team_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("乡镇赋权"), "enforcement:empowerment_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.INSPECTOR, Role.LEADER})),
    # cases (行政执法案件): departments handle their cases; the justice bureau reviews and the office oversees
    NavItem(_("执法案件"), "cases:case_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.INSPECTOR, Role.LEADER})),
    NavItem(_("裁量基准"), "cases:benchmark_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.LEADER})),
    # randominspections (双随机一公开): departments keep directories and plans; the office and bureau oversee
    NavItem(_("双随机抽查"), "randominspections:plan_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.INSPECTOR, Role.LEADER})),
    NavItem(_("检查对象名录"), "randominspections:entity_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.LEADER})),
    NavItem(_("检查人员名录"), "randominspections:inspector_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.LEADER})),
    NavItem(_("检查事项"), "randominspections:item_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.ENFORCEMENT_OFFICER,
                       Role.LEADER})),
    # casereviews (案卷评查与执法监督): the office reviews files; bodies correct findings
    NavItem(_("案卷评查"), "casereviews:plan_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("评查案卷"), "casereviews:review_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("评查评分表"), "casereviews:sheet_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER})),
    NavItem(_("评查发现问题"), "casereviews:finding_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.INSPECTOR, Role.LEADER})),
    NavItem(_("评查督办函"), "casereviews:letter_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.LEADER})),
    NavItem(_("行政错案问责"), "casereviews:accountability_list",
            frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEGAL_OFFICER, Role.INSPECTOR, Role.LEADER})),
    # assessment (法治建设考核): the office defines systems and runs rounds; assessed units see their sheets
    NavItem(_("考核指标体系"), "assessment:system_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER,
                                                              Role.LEADER})),
    NavItem(_("考核轮次"), "assessment:round_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER, Role.LEADER})),
    NavItem(_("考核自评"), "assessment:sheet_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.REVIEWER,
                                                            Role.LEGAL_OFFICER, Role.LEADER})),
    NavItem(_("示范创建"), "assessment:demonstration_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})),
    NavItem(_("民主法治示范村"), "assessment:village_list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})),
    # reports (年度报告): governments and departments draft; the office returns and publishes
    NavItem(_("年度报告"), "reports:list", frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEGAL_OFFICER, Role.LEADER})),
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
