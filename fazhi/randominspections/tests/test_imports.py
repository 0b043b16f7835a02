"""Import kind inspection_entities: real .xlsx, errors by row and column in Chinese, all or nothing."""

import io

import pytest
from openpyxl import Workbook

from fazhi.imports.registry import get_kind
from fazhi.imports.services import import_file
from fazhi.randominspections.models import InspectionEntity

from .conftest import credit_code

pytestmark = pytest.mark.django_db
HEADERS = ["统一社会信用代码", "名称", "类型", "所属行业", "风险等级", "地址", "执法主体"]


def run(rows, actor):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return import_file(kind=get_kind("inspection_entities"), data=buffer.getvalue(), file_name="名录.xlsx", actor=actor)


def row(n, code=None, risk="高风险"):
    return [code or credit_code(n), f"商户{n}", "企业", "餐饮", risk, "东城路1号", "东城区市场监督管理局"]


def test_import_ok(tree, body_a):
    result = run([row(1), row(2, risk="低风险")], tree.officer_a)
    assert not result.errors
    assert list(InspectionEntity.objects.values_list("risk_level", flat=True).order_by("credit_code")) == ["high", "low"]


def test_invalid_credit_code_and_duplicate_change_nothing(tree, body_a):
    bad = credit_code(3)[:-1] + ("0" if credit_code(3)[-1] != "0" else "1")
    result = run([row(1), row(2, code=bad), row(4, code=credit_code(1))], tree.officer_a)
    errors = [(e.row, e.column, e.message) for e in result.errors]
    assert any(r == 3 and c == "统一社会信用代码" and "校验位错误" in m for r, c, m in errors)
    assert any(r == 4 and c == "统一社会信用代码" and "与第 2 行重复" in m for r, c, m in errors)
    assert not InspectionEntity.objects.exists()


def test_other_county_body_refused(tree, body_a, body_b):
    result = run([row(1)], tree.officer_b)
    assert result.errors and "找不到执法主体" in result.errors[0].message
    assert not InspectionEntity.objects.exists()
