"""Reading a normative document's text from real Word files."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.rulemaking.docx_text import read_docx, split_articles


def word_file(paragraphs, table=None) -> io.BytesIO:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    document.add_paragraph("第三条　本办法自2026年1月1日起施行。")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def test_paragraphs_tables_and_articles_are_read_in_order():
    result = read_docx(word_file(
        ["云川市行政规范性文件管理办法", "第一章 总则", "第一条 为了规范行政规范性文件管理，制定本办法。",
         "第二条　本办法适用于本市行政区域。", "前款所称行政区域，包括开发区。", "   "],
        table=[["事项", "时限"], ["备案", "30日"]]))
    assert result.paragraphs[:5] == ["云川市行政规范性文件管理办法", "第一章 总则",
                                     "第一条 为了规范行政规范性文件管理，制定本办法。",
                                     "第二条　本办法适用于本市行政区域。", "前款所称行政区域，包括开发区。"]
    assert result.paragraphs[5:] == ["事项 | 时限", "备案 | 30日", "第三条　本办法自2026年1月1日起施行。"]
    assert [(a.number, a.text) for a in result.articles] == [
        ("第一条", "为了规范行政规范性文件管理，制定本办法。"),
        ("第二条", "本办法适用于本市行政区域。\n前款所称行政区域，包括开发区。\n事项 | 时限\n备案 | 30日"),
        ("第三条", "本办法自2026年1月1日起施行。")]
    assert result.text.startswith("云川市行政规范性文件管理办法\n第一章 总则\n")


def test_article_numbers_in_every_style():
    articles = split_articles(["第十二条 甲", "第一百零三条乙", "第3条 丙", "第二章 附则", "不属于任何条的段落"])
    assert [a.number for a in articles] == ["第十二条", "第一百零三条", "第3条"]
    assert articles[2].text == "丙"


@pytest.mark.parametrize(("content", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为.docx"),
    (b"%PDF-1.4 not word", "不是Word文档"),
    (b"PK\x03\x04 broken zip", "不是Word文档"),
])
def test_files_that_are_not_word_documents_are_refused_in_chinese(content, message):
    with pytest.raises(ValidationError, match=message):
        read_docx(SimpleUploadedFile("办法.docx", content))


def test_a_zip_that_is_not_a_word_document_and_an_empty_document():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "你好")
    buffer.seek(0)
    with pytest.raises(ValidationError, match="不是Word文档"):
        read_docx(buffer)
    empty = io.BytesIO()
    docx.Document().save(empty)
    empty.seek(0)
    with pytest.raises(ValidationError, match="没有文字内容"):
        read_docx(empty)
