"""What the portal home lists. Modules append a Section when they publish something."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    url_name: str = ""


SECTIONS: list[Section] = [
    Section(_("年度立法计划"), _("年度立法计划所列项目及其进展。"), "legislation:public_plan"),
    Section(_("基层立法联系点"), _("基层立法联系点和立法信息采集点的地址、联系电话，欢迎就法规规章草案提出意见建议。"),
            "legislation:public_contact_points"),
]
