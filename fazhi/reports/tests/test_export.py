"""`fazhi report annual`: the .docx and the PDF carry exactly the figures of `fazhi figures`, and the
PDF renders Chinese with real glyphs (no tofu)."""

import ctypes
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pypdfium2 = pytest.importorskip("pypdfium2")
docx = pytest.importorskip("docx")

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def expected_figures(region="990102", year=2025):
    out = io.StringIO()
    call_command("figures", "--region", region, "--from", f"{year}-01-01", "--to", f"{year}-12-31",
                 "--format", "json", stdout=out)
    values = json.loads(out.getvalue())
    # The report leaves out the organisation's structure (core) and figures that cannot be cut by region.
    return {v["key"]: v for v in values if v["module"] != "core" and v["reason"] != "该指标不能按区划统计"}


def run_report(tmp_path, suffix, region="990102", year="2025"):
    path = tmp_path / f"report{suffix}"
    call_command("report", "annual", "--region", region, "--year", year, "--out", str(path), stdout=io.StringIO())
    return path


def docx_rows(path):
    document = docx.Document(str(path))
    table = document.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    return document, {key: display for _n, _label, display, key in rows}, [key for *_x, key in rows]


def pdf_text(path):
    pdf = pypdfium2.PdfDocument(str(path))
    return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def squash(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.django_db
class TestAnnualCommand:
    def test_docx_and_pdf_equal_fazhi_figures(self, tree, records_a, tmp_path):
        expected = expected_figures()
        assert expected["legislation.projects.total"]["display"] == "2"  # county B's project is not counted
        docx_path, pdf_path = run_report(tmp_path, ".docx"), run_report(tmp_path, ".pdf")

        document, table, order = docx_rows(docx_path)
        assert table == {k: v["display"] for k, v in expected.items()}
        body = "".join(p.text for p in document.paragraphs)
        assert "一、推进法治政府建设的主要举措和成效" in body and "五、其他需要报告的情况" in body
        for key, value in expected.items():
            assert f"{value['label']}{value['display']}" in body, key
        # zero-denominator rates are "—（分母为零）", never 0% or 100%
        assert table["legislation.opinions.adoption_rate"] == "—（分母为零）"
        assert document.inline_shapes, "the chart is in the .docx as an image"

        text = squash(pdf_text(pdf_path))
        positions = [text.index(squash(key)) for key in order]
        assert positions == sorted(positions)
        for i, key in enumerate(order):
            segment = text[positions[i] + len(key): positions[i + 1] if i + 1 < len(order) else None]
            assert squash(expected[key]["display"]) in segment, key

    def test_pdf_renders_chinese(self, tree, records_a, tmp_path):
        from fontTools.ttLib import TTCollection
        from pypdfium2 import raw

        pdf_path = run_report(tmp_path, ".pdf")
        pdf = pypdfium2.PdfDocument(str(pdf_path))
        page = pdf[0]
        image = page.render(scale=1.5).to_pil()
        ARTIFACTS.mkdir(exist_ok=True)
        image.save(ARTIFACTS / "reports-annual-page1.png")
        assert image.convert("L").getextrema()[0] < 50  # something dark was drawn

        textpage = page.get_textpage()
        text = textpage.get_text_range()
        assert "东城区2025年度法治政府建设情况报告" in squash(text)
        # Every CJK character on page 1 is drawn with an embedded Noto CJK font that has its glyph.
        fonts = TTCollection("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
        cmap = fonts.fonts[0].getBestCmap()
        buffer = (ctypes.c_char * 256)()
        flags = ctypes.c_int()
        checked = 0
        for i, char in enumerate(text):
            if unicodedata.east_asian_width(char) != "W" or char in "\r\n":
                continue
            raw.FPDFText_GetFontInfo(textpage.raw, i, buffer, 256, flags)
            name = buffer.value.decode("utf-8", "replace")
            assert "CJK" in name, (char, name)
            assert ord(char) in cmap, char
            checked += 1
        assert checked > 50

    def test_period_without_data(self, tree, tmp_path):
        """No records: counts are 0, rates '—（分母为零）', and the file is still written."""
        _document, table, _order = docx_rows(run_report(tmp_path, ".docx", year="2019"))
        assert table["legislation.projects.total"] == "0"
        assert table["tasks.tasks.on_time_rate"] == "—（分母为零）"
        assert not any(v in ("0%", "100%", "0.00%", "100.00%") for v in table.values())

    @pytest.mark.parametrize("args, message", [
        (["--region", "123456", "--year", "2025", "--out", "x.pdf"], "区划代码“123456”不存在"),
        (["--region", "990102", "--year", "20x5", "--out", "x.pdf"], "报告年度“20x5”无效"),
        (["--region", "990102", "--year", "2027", "--out", "x.pdf"], "报告年度“2027”无效"),
        (["--region", "990102", "--year", "2025", "--out", "x.txt"], "扩展名应为 .docx 或 .pdf"),
        (["--region", "990102", "--year", "2025", "--out", "/nonexistent/x.pdf"], "输出目录"),
    ])
    def test_bad_input(self, tree, args, message):
        with pytest.raises(CommandError, match=message):
            call_command("report", "annual", *args)
