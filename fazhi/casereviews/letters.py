"""The reminder letter (督办函) to a body from case-review findings, as a Word document.

Fonts, paragraphs and the date format are the shared letter helpers of `fazhi.core.letters`.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.core.letters import TITLE_FONT, chinese_date, new_document, paragraph


@dataclass(frozen=True)
class FindingLine:
    case: str
    category: str
    text: str
    requirement: str
    due_on: datetime.date


def reminder_letter(*, office: str, body: str, number: str, on: datetime.date, text: str,
                    findings: list[FindingLine]) -> bytes:
    """The letter's bytes: addressee, each finding with its case, requirement and deadline, the office."""
    document = new_document()

    def para(value: str, **style: Any) -> None:
        paragraph(document, value, **style)

    para(gettext("行政执法案卷评查督办函"), size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    para(number, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(gettext("%(body)s：") % {"body": body})
    para(gettext("经案卷评查，你单位下列%(n)d个问题尚待整改：") % {"n": len(findings)}, indent=True)
    for n, finding in enumerate(findings, start=1):
        para(gettext("%(n)d. 案卷%(case)s（%(category)s）：%(text)s") % {
            "n": n, "case": finding.case, "category": finding.category, "text": finding.text}, indent=True)
        if finding.requirement:
            para(gettext("整改要求：%(r)s") % {"r": finding.requirement}, indent=True)
        para(gettext("整改时限：%(d)s") % {"d": chinese_date(finding.due_on)}, indent=True)
    para(text, indent=True)
    para(office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(chinese_date(on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

