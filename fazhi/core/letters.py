"""Letters as Word documents (python-docx) in the official-document style, for every module that
writes one (reminder letters of inspections and of case-file reviews).

Word takes CJK glyphs from a run's eastAsia font, not from w:ascii, so it is always set explicitly;
where the official fonts are not installed Word falls back to 宋体.
"""

from __future__ import annotations

import datetime
from typing import Any

import docx
from django.utils.translation import gettext
from docx.oxml.ns import qn
from docx.shared import Pt

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
FALLBACK = "宋体"  # eastAsia font when the official fonts are not installed


def set_font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hAnsi"), name)


def chinese_date(d: datetime.date) -> str:
    return gettext("%(y)d年%(m)d月%(d)d日") % {"y": d.year, "m": d.month, "d": d.day}


def new_document() -> Any:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FALLBACK
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FALLBACK)
    return document


def paragraph(document: Any, text: str, *, size: float = 16, bold: bool = False, align: Any = None,
              font: str = BODY_FONT, indent: bool = False) -> None:
    """One paragraph of one run: 三号 (16 pt) 仿宋 by default, first line indented two characters."""
    p = document.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    set_font(p.add_run(text), font, size, bold)
