"""Reading import files (.xlsx, .csv) into rows, and writing templates and error reports (.xlsx)."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi.imports.registry import ImportKind, Row
from fazhi.imports.report import FileRejected, RowError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------- reading


def clean_cell(value: Any) -> Any:
    """One cell as the form should see it: stripped text, whole numbers without ".0", dates as dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a float: region code 990102 arrives as 990102.0.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, datetime.time):
        return value.isoformat()
    return str(value).strip()


def _suffix(filename: str) -> str:
    name = (filename or "").lower()
    return name[name.rfind("."):] if "." in name else ""


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise FileRejected(_("文件不是有效的 Excel 工作簿（.xlsx）：请用 Excel 或 WPS 打开后“另存为”"
                             "Excel 工作簿（.xlsx）再上传；旧版 .xls 文件也需另存为 .xlsx。")) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size record; read what is there
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        while True:
            try:
                number, cells = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet: whatever the parser says, the user needs one answer
                raise FileRejected(_("Excel 文件已损坏，无法读取：请用 Excel 或 WPS 打开检查后重新保存。")) from None
            yield number, list(cells)
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("无法识别 CSV 文件的编码：请保存为 UTF-8 或 GB18030（GBK）编码。"))


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    except csv.Error as exc:
        raise FileRejected(_("CSV 文件格式有误：%(e)s") % {"e": exc}) from None


def raw_rows(data: bytes, filename: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number as the user sees it, cells) for every row of the file's first sheet."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(_("文件过大：不能超过 %(n)d MB。") % {"n": MAX_FILE_BYTES // (1024 * 1024)})
    suffix = _suffix(filename)
    if suffix in EXCEL_SUFFIXES:
        return _xlsx_rows(data)
    if suffix == ".csv":
        return _csv_rows(data)
    if suffix == ".xls":
        raise FileRejected(_("不支持旧版 Excel（.xls）文件：请另存为 Excel 工作簿（.xlsx）后上传。"))
    raise FileRejected(_("只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。"))


_NOTE = re.compile(r"\s*[（(][^）)]*[）)]\s*$")


def normalize_header(text: Any) -> str:
    """“单位名称*”, “ 级别（省级/市级…）” → “单位名称”, “级别”: tolerate required marks and notes."""
    header = clean_cell(text)
    header = str(header).replace("\n", "").strip().rstrip("*＊").strip()
    return _NOTE.sub("", header)


def _map_headers(kind: ImportKind, cells: list[Any]) -> dict[int, str]:
    """Column index → form field, or FileRejected naming every wrong or missing column."""
    by_header = {c.header: c for c in kind.columns}
    expected = "、".join(c.header for c in kind.columns)
    positions: dict[int, str] = {}
    seen: set[str] = set()
    errors: list[RowError] = []
    for index, raw in enumerate(cells):
        header = normalize_header(raw)
        if not header:
            continue
        column = by_header.get(header)
        if column is None:
            errors.append(RowError(1, header, _("不认识的列“%(h)s”。%(kind)s导入的列为：%(cols)s。")
                                   % {"h": header, "kind": kind.label, "cols": expected}))
        elif header in seen:
            errors.append(RowError(1, header, _("列“%(h)s”重复出现。") % {"h": header}))
        else:
            seen.add(header)
            positions[index] = column.field
    for column in kind.columns:
        if column.required and column.header not in seen:
            errors.append(RowError(1, column.header, _("缺少必填列“%(h)s”。第 1 行应为表头：%(cols)s。")
                                   % {"h": column.header, "cols": expected}))
    if errors:
        raise FileRejected(errors)
    return positions


def read_rows(kind: ImportKind, data: bytes, filename: str) -> list[Row]:
    """The file's data rows for this kind, each numbered as in Excel (the header is row 1).

    Raises FileRejected when the file is no spreadsheet, has wrong headers, no data or too many rows.
    Fully empty rows are skipped (their numbers too).
    """
    rows: list[Row] = []
    positions: dict[int, str] | None = None
    fields = [c.field for c in kind.columns]
    for number, cells in raw_rows(data, filename):
        if positions is None:
            if not any(clean_cell(c) != "" for c in cells):
                raise FileRejected([RowError(1, "", _("第 1 行应为表头（%(cols)s），但它是空的。")
                                             % {"cols": "、".join(c.header for c in kind.columns)})])
            positions = _map_headers(kind, cells)
            continue
        values = {name: "" for name in fields}
        empty = True
        for index, name in positions.items():
            if index < len(cells):
                value = clean_cell(cells[index])
                if value != "":
                    values[name] = value
                    empty = False
        if empty:
            continue
        rows.append(Row(number, values))
        if len(rows) > MAX_ROWS:
            raise FileRejected(_("文件行数过多：一次最多导入 %(n)d 行，请拆分后分批导入。") % {"n": MAX_ROWS})
    if positions is None:
        raise FileRejected(_("文件是空的。"))
    if not rows:
        raise FileRejected(_("文件只有表头，没有数据行。"))
    return rows


# ---------------------------------------------------------------- writing

HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FCE8E6")
OPTIONAL_FILL = PatternFill("solid", fgColor="E8F0FE")


def _width(texts: Iterable[Any]) -> int:
    # CJK characters are about two Latin characters wide.
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(t)) for t in texts), default=8)
    return min(60, max(10, longest + 2))


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_template(kind: ImportKind) -> bytes:
    """An empty workbook for this kind: the header row, a “说明” sheet, and drop-down lists for choices."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(kind.label)[:31]
    sheet.append([c.header for c in kind.columns])
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        sheet.column_dimensions[get_column_letter(index)].width = _width([column.header, column.example])
    sheet.freeze_panes = "A2"

    choice_columns = [(i, c) for i, c in enumerate(kind.columns, start=1) if c.choice_pairs()]
    if choice_columns:
        # Allowed values live on a hidden sheet (an inline list breaks past 255 characters).
        options = workbook.create_sheet("选项")
        options.sheet_state = "hidden"
        for option_col, (index, column) in enumerate(choice_columns, start=1):
            labels = [label for _v, label in column.choice_pairs()]
            options.cell(row=1, column=option_col, value=column.header)
            for r, label in enumerate(labels, start=2):
                options.cell(row=r, column=option_col, value=label)
            letter = get_column_letter(option_col)
            validation = DataValidation(
                type="list", formula1=f"'选项'!${letter}$2:${letter}${len(labels) + 1}", allow_blank=True,
                showErrorMessage=True, errorTitle=_("取值无效"),
                error=_("请从下拉列表中选择%(h)s。") % {"h": column.header})
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)

    notes = workbook.create_sheet("说明", 1)
    notes.append([_("%(kind)s导入说明") % {"kind": kind.label}])
    notes["A1"].font = Font(bold=True, size=14)
    for line in (
        _("在第一张工作表填写数据：第 1 行是表头，请勿修改；从第 2 行起每行一条记录。红色表头为必填列。"),
        _("全部行都校验通过才会写入；任何一行有错，整个文件都不写入，并给出每处错误的行号、列和原因。"),
        _("后面的行可以引用前面行新建的记录（例如先写上级，再写下级）。"),
        str(kind.description or ""),
    ):
        if line:
            notes.append([line])
    notes.append([])
    header_row = notes.max_row + 1
    notes.append([_("列名"), _("是否必填"), _("说明"), _("示例"), _("可选值")])
    for cell in notes[header_row]:
        cell.font = HEADER_FONT
    for column in kind.columns:
        notes.append([column.header, _("必填") if column.required else _("选填"), str(column.help or ""),
                      str(column.example or ""), "、".join(label for _v, label in column.choice_pairs())])
    for index, width in enumerate((18, 10, 60, 24, 40), start=1):
        notes.column_dimensions[get_column_letter(index)].width = width
    for row in notes.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(workbook)


def write_error_report(errors: Iterable[RowError], title: str = "") -> bytes:
    """The errors of a failed import as a workbook: row, column, reason."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("错误")
    sheet.append([_("行号"), _("列"), _("原因")])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for error in errors:
        sheet.append([error.row if error.row is not None else "", error.column or _("（整行）"), error.message])
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 90
    sheet.freeze_panes = "A2"
    if title:
        workbook.properties.title = title
    return _save(workbook)
