"""Reading files: .xlsx and .csv, headers, cells, and files that are not what they claim."""

import datetime

import pytest

from fazhi.imports.registry import get_kind
from fazhi.imports.report import FileRejected
from fazhi.imports.spreadsheets import clean_cell, read_rows
from fazhi.imports.tests.conftest import REGION_HEADERS, UNIT_HEADERS, csv_bytes, xlsx

UNITS = get_kind("units")


def test_cells_are_cleaned():
    assert clean_cell(990102.0) == "990102"  # Excel stores numbers as floats
    assert clean_cell(990102001001.0) == "990102001001"
    assert clean_cell(12) == "12"
    assert clean_cell(1.5) == "1.5"
    assert clean_cell("  示范市司法局\u3000") == "示范市司法局"
    assert clean_cell(None) == ""
    assert clean_cell(datetime.datetime(2025, 3, 1)) == datetime.date(2025, 3, 1)
    assert clean_cell(datetime.datetime(2025, 3, 1, 8, 30)) == datetime.datetime(2025, 3, 1, 8, 30)


def test_xlsx_rows_numbered_as_in_excel_and_empty_rows_skipped():
    data = xlsx(UNIT_HEADERS, [
        ["甲", "", "政府部门", 990102.0, "", ""],
        [None, None, None, None, None, None],
        ["", " ", "", "", "", ""],
        ["乙", "", "政府部门", 990103, "", ""],
    ])
    rows = read_rows(UNITS, data, "单位.xlsx")
    assert [(r.number, r["name"], r["region"]) for r in rows] == [(2, "甲", "990102"), (5, "乙", "990103")]


def test_text_file_renamed_xlsx_is_rejected_in_chinese():
    with pytest.raises(FileRejected) as exc:
        read_rows(UNITS, "单位名称,简称\n甲,乙\n".encode(), "单位.xlsx")
    assert "不是有效的 Excel 工作簿" in str(exc.value)


def test_pdf_renamed_xlsx_is_rejected():
    with pytest.raises(FileRejected) as exc:
        read_rows(UNITS, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "scan.xlsx")
    assert "不是有效的 Excel 工作簿" in str(exc.value)


def test_old_xls_and_other_types_are_rejected():
    with pytest.raises(FileRejected, match="另存为 Excel 工作簿"):
        read_rows(UNITS, b"\xd0\xcf\x11\xe0", "单位.xls")
    with pytest.raises(FileRejected, match="只能导入"):
        read_rows(UNITS, b"hello", "单位.txt")


def test_csv_in_gb18030():
    data = csv_bytes(UNIT_HEADERS, [["西山县司法局", "县司法局", "政府部门", "990103", "", ""]], "gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8
    rows = read_rows(UNITS, data, "单位.csv")
    assert rows[0]["name"] == "西山县司法局" and rows[0]["short_name"] == "县司法局"


def test_csv_utf8_with_and_without_bom():
    for encoding in ("utf-8-sig", "utf-8"):
        rows = read_rows(UNITS, csv_bytes(UNIT_HEADERS, [["甲", "", "政府部门", "990102", "", ""]], encoding),
                         "u.csv")
        assert rows[0].values["name"] == "甲"


def test_missing_required_column_is_named():
    headers = ["单位名称", "简称", "所属区划代码", "上级单位", "统一社会信用代码"]
    with pytest.raises(FileRejected) as exc:
        read_rows(UNITS, xlsx(headers, [["甲", "", "990102", "", ""]]), "u.xlsx")
    [error] = exc.value.errors
    assert (error.row, error.column) == (1, "单位类型")
    assert "缺少必填列“单位类型”" in error.message


def test_wrong_headers_file_of_another_kind():
    with pytest.raises(FileRejected) as exc:
        read_rows(UNITS, xlsx(REGION_HEADERS, [["990104", "新区", "县级", "990100"]]), "u.xlsx")
    messages = str(exc.value)
    assert "不认识的列“区划代码”" in messages and "缺少必填列“单位名称”" in messages


def test_headers_tolerate_required_marks_and_notes():
    headers = ["单位名称*", "简称", "单位类型（见说明）", "所属区划代码 *", "上级单位", "统一社会信用代码"]
    rows = read_rows(UNITS, xlsx(headers, [["甲", "", "政府部门", "990102", "", ""]]), "u.xlsx")
    assert rows[0]["unit_type"] == "政府部门"


def test_optional_columns_may_be_left_out():
    rows = read_rows(UNITS, xlsx(["单位名称", "单位类型", "所属区划代码"], [["甲", "政府部门", "990102"]]), "u.xlsx")
    assert rows[0]["parent"] == "" and rows[0]["credit_code"] == ""


def test_empty_file_and_header_only():
    with pytest.raises(FileRejected, match="没有数据行"):
        read_rows(UNITS, xlsx(UNIT_HEADERS, []), "u.xlsx")
    with pytest.raises(FileRejected, match="文件是空的"):
        read_rows(UNITS, b"", "u.csv")
