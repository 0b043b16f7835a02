"""Helpers for the import tests: build .xlsx/.csv files in memory."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from fazhi.core.validators import make_credit_code

UNIT_HEADERS = ["单位名称", "简称", "单位类型", "所属区划代码", "上级单位", "统一社会信用代码"]
REGION_HEADERS = ["区划代码", "名称", "级别", "上级区划代码"]
STAFF_HEADERS = ["用户名", "姓名", "所属单位", "联系电话", "角色", "范围", "初始密码"]


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def unit_rows(n, region="990102", parent="东城区人民政府", start=1000, name="东城测试单位"):
    """n valid unit rows under `parent` in `region`; credit codes from serial `start`."""
    return [[f"{name}{i:05d}", "", "政府部门", region, parent, make_credit_code(region, start + i)]
            for i in range(n)]


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    # Progress files of SQLite jobs go under VAR_DIR: keep them out of the project's var/.
    settings.VAR_DIR = tmp_path
