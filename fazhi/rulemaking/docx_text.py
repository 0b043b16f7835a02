"""Reading the text of a normative document from a Word (.docx) file: paragraphs and articles (条)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

MAX_BYTES = 10 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .doc / .xls format
# 第一条 / 第十二条 / 第一百零三条 / 第3条, followed by a space (half or full width) or the text itself.
ARTICLE_RE = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇两\d]+条)[\s\u3000]*(.*)$", re.S)
CHAPTER_RE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+[章节]\s")


@dataclass(frozen=True)
class Article:
    number: str  # "第一条"
    text: str    # the article's text, its paragraphs joined by newlines


@dataclass(frozen=True)
class DocxText:
    paragraphs: list[str]
    articles: list[Article]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def split_articles(paragraphs: list[str]) -> list[Article]:
    """Group paragraphs into articles: an article runs until the next 第X条 or chapter heading."""
    articles: list[Article] = []
    number, body = "", []
    for paragraph in paragraphs:
        match = ARTICLE_RE.match(paragraph)
        if match or CHAPTER_RE.match(paragraph):
            if number:
                articles.append(Article(number, "\n".join(body)))
            number, body = (match.group(1), [match.group(2).strip()]) if match else ("", [])
        elif number:
            body.append(paragraph)
    if number:
        articles.append(Article(number, "\n".join(body)))
    return articles


def _not_word() -> ValidationError:
    return ValidationError(gettext("上传的文件不是Word文档（.docx），无法读取正文。"), code="not_docx")


def read_docx(upload: IO[bytes], name: str = "") -> DocxText:
    """Read the paragraphs (and table cells) of a .docx; ValidationError in Chinese for anything else."""
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE_SIGNATURE):
        raise ValidationError(gettext("这是旧版Word文档（.doc），请在Word中另存为.docx格式后再上传。"), code="doc")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(gettext("文件超过10MB，无法读取。"), code="too_big")
    if not zipfile.is_zipfile(upload):
        raise _not_word()
    upload.seek(0)
    import docx  # python-docx; imported here so that start-up does not load lxml for every process
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(upload)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise _not_word() from None
    from docx.table import Table

    paragraphs = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                if cells:
                    paragraphs.append(" | ".join(dict.fromkeys(cells)))  # merged cells repeat their text
        elif block.text.strip():
            paragraphs.append(block.text.strip())
    if not paragraphs:
        raise ValidationError(gettext("Word文档中没有文字内容。"), code="empty")
    return DocxText(paragraphs, split_articles(paragraphs))
