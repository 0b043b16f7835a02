"""The reminder letter (督办函) as a Word document (python-docx), with a Chinese font Word shows right."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils.translation import gettext
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.core.letters import TITLE_FONT, chinese_date, new_document, paragraph


def reminder_letter(*, office: str, unit: str, inspection: str, category: str, problem: str, requirement: str,
                    measures: str, leader: str, due_on: datetime.date, on: datetime.date,
                    days_overdue: int, number: str) -> bytes:
    """The letter's bytes: addressee, the item, its deadline and how late it is, the office and the date."""
    document = new_document()

    def para(text: str, **style: Any) -> None:
        paragraph(document, text, **style)

    para(gettext("督办函"), size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    para(number, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(gettext("%(unit)s：") % {"unit": unit})
    para(gettext("%(inspection)s反馈的问题中，由你单位负责整改的下列事项已超过整改时限（%(due)s）%(days)d天，"
                 "至今未完成整改销号。") % {"inspection": inspection, "due": chinese_date(due_on), "days": days_overdue},
         indent=True)
    for label, value in ((gettext("问题类别"), category), (gettext("存在问题"), problem),
                         (gettext("整改要求"), requirement), (gettext("整改措施"), measures or "—"),
                         (gettext("责任领导"), leader), (gettext("整改时限"), chinese_date(due_on)),
                         (gettext("逾期天数"), gettext("%(n)d天") % {"n": days_overdue})):
        para(gettext("%(label)s：%(value)s") % {"label": label, "value": value}, indent=True)
    para(gettext("请你单位主要负责人高度重视，立即组织整改，自收到本函之日起抓紧完成整改，并将整改情况和佐证材料"
                 "报送我办。逾期仍未整改到位的，将按照%(reg)s予以约谈、通报。") % {
        "reg": "《法治政府建设与责任落实督察工作规定》"}, indent=True)
    para(office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(chinese_date(on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
