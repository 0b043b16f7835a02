"""What the portal home lists. Modules append a Section when they publish something."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    url_name: str = ""


SECTIONS: list[Section] = [
    Section(_("行政规范性文件库"), _("现行有效和已修改、废止、失效的行政规范性文件，支持全文检索。"), "library:document_list"),
    Section(_("规范性文件草案征求意见"), _("正在公开征求意见的草案，欢迎提出意见。"), "library:draft_list"),
    Section(_("制定主体清单"), _("经确认的行政规范性文件制定主体。"), "library:body_list"),
    Section(_("文件清理结果"), _("已公布的行政规范性文件清理结果。"), "library:campaign_list"),
    Section(_("年度立法计划"), _("年度立法计划所列项目及其进展。"), "legislation:public_plan"),
    Section(_("基层立法联系点"), _("基层立法联系点和立法信息采集点的地址、联系电话，欢迎就法规规章草案提出意见建议。"),
            "legislation:public_contact_points"),
    Section(_("法治为民办实事"), _("法治为民办实事项目及其进展。"), "projects:public_projects"),
    Section(_("领导干部述法评议结果"), _("党政主要负责人述法的方式和评议等次。"), "dutyreports:public_results"),
    Section(_("行政执法公示"), _("行政执法主体、持证执法人员和执法事项清单（事前公示）。"), "enforcement:public_bodies"),
    Section(_("行政执法决定公示"), _("已作出的行政处罚、行政许可、行政强制决定和行政检查结果（事后公示，当事人信息部分隐去）。"),
            "cases:public_decisions"),
    Section(_("双随机抽查公示"), _("随机抽查计划、抽取输入与随机种子（可验证）、抽取结果和检查结果。"),
            "randominspections:public_plans"),
    Section(_("行政执法案卷评查抽取公示"), _("案卷评查计划的抽取输入、随机种子（可验证）和抽取的案件编号。"),
            "casereviews:public_plans"),
    Section(_("法治政府建设年度报告"), _("各级人民政府及其部门公开的上一年度法治政府建设情况报告（PDF、Word）。"),
            "reports:public_list"),
    Section(_("法治建设考核结果"), _("依法治市办公布的年度法治建设考核结果和排名。"), "assessment:public_results"),
]
