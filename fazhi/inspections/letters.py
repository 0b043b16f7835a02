"""The reminder letter (督办函) as a Word document (python-docx), with a Chinese font Word shows right."""

from __future__ import annotations

import datetime
import io

import docx
from django.utils.translation import gettext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
FALLBACK = "宋体"  # eastAsia font when the official fonts are not installed


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word takes CJK glyphs from the eastAsia attribute, not from w:ascii: set it explicitly.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hAnsi"), name)


def _chinese_date(d: datetime.date) -> str:
    return gettext("%(y)d年%(m)d月%(d)d日") % {"y": d.year, "m": d.month, "d": d.day}


def reminder_letter(*, office: str, unit: str, inspection: str, category: str, problem: str, requirement: str,
                    measures: str, leader: str, due_on: datetime.date, on: datetime.date,
                    days_overdue: int, number: str) -> bytes:
    """The letter's bytes: addressee, the item, its deadline and how late it is, the office and the date."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FALLBACK
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FALLBACK)

    def para(text: str, *, size: float = 16, bold: bool = False, align=None, font: str = BODY_FONT,
             indent: bool = False):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        _font(p.add_run(text), font, size, bold)
        return p

    para(gettext("督办函"), size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    para(number, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(gettext("%(unit)s：") % {"unit": unit})
    para(gettext("%(inspection)s反馈的问题中，由你单位负责整改的下列事项已超过整改时限（%(due)s）%(days)d天，"
                 "至今未完成整改销号。") % {"inspection": inspection, "due": _chinese_date(due_on), "days": days_overdue},
         indent=True)
    for label, value in ((gettext("问题类别"), category), (gettext("存在问题"), problem),
                         (gettext("整改要求"), requirement), (gettext("整改措施"), measures or "—"),
                         (gettext("责任领导"), leader), (gettext("整改时限"), _chinese_date(due_on)),
                         (gettext("逾期天数"), gettext("%(n)d天") % {"n": days_overdue})):
        para(gettext("%(label)s：%(value)s") % {"label": label, "value": value}, indent=True)
    para(gettext("请你单位主要负责人高度重视，立即组织整改，自收到本函之日起抓紧完成整改，并将整改情况和佐证材料"
                 "报送我办。逾期仍未整改到位的，将按照%(reg)s予以约谈、通报。") % {
        "reg": "《法治政府建设与责任落实督察工作规定》"}, indent=True)
    para(office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(_chinese_date(on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
