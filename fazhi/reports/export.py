"""Export an annual report: Word (.docx, 公文-like layout) and PDF (WeasyPrint), with a bar chart.

Fonts. Official documents use 方正小标宋简体 for the title, 黑体 / 楷体_GB2312 for headings and
仿宋_GB2312 三号 for the body (GB/T 9704-2012 layout: A4, margins 37/35/28/26 mm). Those fonts are
rarely installed on a server, so:
- the .docx names them (w:eastAsia) and declares in its font table an installed alternative
  (w:altName) that Word uses where the official font is missing;
- the PDF lists them first in CSS font-family, then Noto Serif/Sans CJK SC (fonts-noto-cjk, installed
  by scripts/system-packages.sh), so no glyph is ever missing.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext

from fazhi.reports.content import Document, Row

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
# Word: the alternative used when the official font is not installed (Windows ships 宋体/黑体/楷体/仿宋).
ALT_NAMES = {TITLE_FONT: "宋体", HEADING_FONT: "SimHei", SUBHEADING_FONT: "楷体", BODY_FONT: "仿宋"}

# Pillow needs a file: the CJK fonts fonts-noto-cjk installs (Debian paths first).
CHART_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
CHART_BARS = 8

DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA = "application/pdf"


# -- chart --

def chart_rows(doc: Document) -> list[Row]:
    """The largest counts of part 1 (main measures): what the year's work amounted to."""
    measures = next(p for p in doc.parts if p.key == "measures")
    counts = [r for g in measures.groups for r in g.rows
              if isinstance(r.value, int) and not isinstance(r.value, bool) and r.value > 0 and "%" not in r.display]
    return sorted(counts, key=lambda r: -r.value)[:CHART_BARS]


def _chart_font(size: int):
    from PIL import ImageFont

    for path in CHART_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def chart_png(doc: Document) -> bytes | None:
    """A horizontal bar chart as PNG (Pillow), or None when there is nothing to draw."""
    from PIL import Image, ImageDraw

    rows = chart_rows(doc)
    if not rows:
        return None
    scale, width, bar_h, gap, label_w = 2, 900, 34, 14, 330
    height = 70 + len(rows) * (bar_h + gap) + 20
    img = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(img)
    font, title_font = _chart_font(15 * scale), _chart_font(18 * scale)
    draw.text((20 * scale, 16 * scale), gettext("%(year)d年主要工作量指标") % {"year": doc.year},
              fill="black", font=title_font)
    top = max(r.value for r in rows)
    span = width - label_w - 90
    for i, row in enumerate(rows):
        y = 60 + i * (bar_h + gap)
        label = row.label if len(row.label) <= 20 else row.label[:19] + "…"
        draw.text((20 * scale, (y + 7) * scale), label, fill="black", font=font)
        w = max(2, round(span * row.value / top))
        draw.rectangle([label_w * scale, y * scale, (label_w + w) * scale, (y + bar_h) * scale], fill="#b22222")
        draw.text(((label_w + w + 8) * scale, (y + 7) * scale), row.display, fill="black", font=font)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


# -- Word --

def _fonts(run, east_asian: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:hint"), "eastAsia")


def _paragraph(document, text: str, font: str, size: float, *, bold: bool = False, center: bool = False,
               indent: bool = True, link: str = ""):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)  # 公文: 每页22行 ≈ 28磅固定行距
    fmt.space_after = Pt(0)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(size * 2)  # 首行缩进两字
    _fonts(p.add_run(text), font, size, bold)
    return p


def _font_table(document) -> None:
    """Declare the installed alternative of each official font (w:altName) in word/fontTable.xml."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    root = parse_xml(part.blob)
    for name, alt in ALT_NAMES.items():
        root.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                              f'<w:charset w:val="86"/><w:family w:val="roman"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def docx_bytes(doc: Document, *, base_url: str = "") -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches, Mm

    document = Docx()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _font_table(document)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT

    _paragraph(document, doc.title, TITLE_FONT, 22, center=True)  # 二号小标宋
    _paragraph(document, "", BODY_FONT, 16)
    _paragraph(document, gettext("统计区划：%(region)s（%(code)s）；统计期间：%(period)s。") % {
        "region": doc.region_name, "code": doc.region_code, "period": doc.period_text}, BODY_FONT, 16)
    png = chart_png(doc)
    for part in doc.parts:
        _paragraph(document, part.title, HEADING_FONT, 16, indent=True)  # 一级标题黑体三号
        for block in (part.narrative or "").splitlines():
            if block.strip():
                _paragraph(document, block.strip(), BODY_FONT, 16)
        for n, group in enumerate(part.groups, 1):
            _paragraph(document, f"（{_cn(n)}）{group.title}", SUBHEADING_FONT, 16)  # 二级标题楷体
            _paragraph(document, group.sentence, BODY_FONT, 16)
        if part.key == "measures" and png:
            document.add_picture(io.BytesIO(png), width=Inches(6))
    if doc.rows:
        _paragraph(document, gettext("附表：本报告引用的统计指标"), HEADING_FONT, 16, indent=False)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (gettext("序号"), gettext("指标"), gettext("数值"),
                                                     gettext("指标键")), strict=True):
            _fonts(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
        for i, row in enumerate(doc.rows, 1):
            cells = table.add_row().cells
            for cell, text in zip(cells, (str(i), row.label, row.display, row.key), strict=True):
                _fonts(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5)
            if base_url:
                _hyperlink(cells[3].paragraphs[0], base_url + row.definition_url)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _hyperlink(paragraph, url: str) -> None:
    """Make the paragraph's text a link to the figure's definition (its key column)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    for run in list(paragraph._p.findall(qn("w:r"))):
        link.append(run)
    paragraph._p.append(link)


_DIGITS = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + _DIGITS[n - 10]
    return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")


# -- PDF --

def html(doc: Document, *, base_url: str = "") -> str:
    png = chart_png(doc)
    return render_to_string("reports/report_pdf.html", {
        "doc": doc, "base_url": base_url,
        "chart": base64.b64encode(png).decode("ascii") if png else "",
        "groups_numbered": [(part, [(_cn(n), g) for n, g in enumerate(part.groups, 1)]) for part in doc.parts],
    })


def pdf_bytes(doc: Document, *, base_url: str = "") -> bytes:
    from weasyprint import HTML

    return HTML(string=html(doc, base_url=base_url)).write_pdf()
