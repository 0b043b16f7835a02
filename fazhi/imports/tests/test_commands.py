"""`fazhi import` and `fazhi import --template`."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from fazhi.core.models import AuditEvent, Region, Unit
from fazhi.imports.tests.conftest import UNIT_HEADERS, unit_rows, xlsx


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_command_succeeds(tree, tmp_path):
    path = tmp_path / "单位.xlsx"
    path.write_bytes(xlsx(UNIT_HEADERS, unit_rows(3)))
    out, _err = call("units", str(path))
    assert "导入成功：3 行" in out
    assert Unit.objects.filter(name__startswith="东城测试单位").count() == 3
    assert AuditEvent.objects.order_by("-id").first().actor_label == "system"


def test_import_command_prints_the_errors_and_fails(tree, tmp_path):
    rows = unit_rows(3)
    rows[1][3] = "123"
    path = tmp_path / "u.xlsx"
    path.write_bytes(xlsx(UNIT_HEADERS, rows))
    report = tmp_path / "errors.xlsx"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="导入失败：共 1 处错误"):
        call_command("import", "units", str(path), "--report", str(report), stdout=out, stderr=err)
    assert "第 3 行，“所属区划代码”：区划代码“123”不存在" in err.getvalue()
    assert not Unit.objects.filter(name__startswith="东城测试单位").exists()
    sheet = load_workbook(report).active
    assert [c.value for c in sheet[1]] == ["行号", "列", "原因"]
    assert sheet["A2"].value == 3 and sheet["B2"].value == "所属区划代码"


def test_import_command_as_a_user_of_another_county(tree, tmp_path):
    path = tmp_path / "u.xlsx"
    path.write_bytes(xlsx(UNIT_HEADERS, unit_rows(1)))
    with pytest.raises(CommandError):
        call("units", str(path), "--as", "coord_b")
    with pytest.raises(CommandError, match="无权导入"):
        call("units", str(path), "--as", "leader_a")
    with pytest.raises(CommandError, match="没有名为"):
        call("units", str(path), "--as", "nobody")


def test_unknown_kind_and_missing_file(tree, tmp_path):
    with pytest.raises(CommandError, match="没有导入类型“cars”"):
        call("cars", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="找不到文件"):
        call("units", str(tmp_path / "missing.xlsx"))


def test_template_round_trip(tree, tmp_path):
    template = tmp_path / "模板.xlsx"
    out, _err = call("--template", "regions", "--out", str(template))
    assert "已生成" in out
    workbook = load_workbook(template)
    assert workbook.sheetnames[:2] == ["行政区划", "说明"]
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == ["区划代码", "名称", "级别", "上级区划代码"]
    notes = "\n".join(str(c.value) for row in workbook["说明"].iter_rows() for c in row if c.value)
    assert "省级、市级、县级、乡级、村级" in notes and "全部行都校验通过才会写入" in notes
    [validation] = sheet.data_validations.dataValidation
    assert "C2" in str(validation.sqref)

    sheet.append([990104, "新城区", "县级", 990100])
    sheet.append(["990104001", "新城街道", "乡级", "990104"])
    workbook.save(template)
    out, _err = call("regions", str(template))
    assert "导入成功：2 行" in out
    assert Region.objects.get(code="990104001").parent_id == "990104"


def test_template_needs_out(tree):
    with pytest.raises(CommandError, match="--out"):
        call("--template", "units")
