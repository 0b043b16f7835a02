"""Import kinds enforcement_officers and enforcement_items: real .xlsx files, errors by row and column
in Chinese, all or nothing."""

import datetime
import io

import pytest
from openpyxl import Workbook

from fazhi.core.models import AuditEvent
from fazhi.enforcement.models import EnforcementItem, EnforcementOfficer
from fazhi.enforcement.tests.conftest import id_number
from fazhi.imports.registry import get_kind, get_kind_for
from fazhi.imports.services import import_file

D = datetime.date
pytestmark = pytest.mark.django_db
OFFICER_HEADERS = ["姓名", "身份证号", "执法主体", "执法证号", "执法领域", "发证日期", "有效期至", "法律职业资格"]
ITEM_HEADERS = ["事项编码", "事项名称", "事项类型", "实施依据", "执法主体", "是否赋权乡镇", "状态", "取消（调整）日期",
                "取消（调整）文件"]


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(kind, headers, rows, actor):
    return import_file(kind=get_kind(kind), data=xlsx(headers, rows), file_name="名单.xlsx", actor=actor)


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def officer_row(n, **cells):
    values = {"姓名": f"执法员{n}", "身份证号": id_number(seq=f"{n:03d}"), "执法主体": "东城区市场监督管理局",
              "执法证号": f"990102{n:06d}", "执法领域": "市场监管", "发证日期": D(2024, 3, 1), "有效期至": "2029-02-28",
              "法律职业资格": "否"}
    values.update(cells)
    return [values.get(h) for h in OFFICER_HEADERS]


def test_officers_import(tree, body_a):
    rows = [officer_row(1), officer_row(2, 法律职业资格="是", 执法领域=None, 执法主体=tree.dept_a.credit_code),
            officer_row(3, 发证日期="2023年5月6日")]
    result = run("enforcement_officers", OFFICER_HEADERS, rows, tree.coordinator_a)
    assert result.ok, errors_of(result)
    assert result.rows == 3
    second = EnforcementOfficer.objects.get(name="执法员2")
    assert second.legal_qualification and second.field == "market" and second.body == body_a
    assert EnforcementOfficer.objects.get(name="执法员3").issued_on == D(2023, 5, 6)


def test_officer_import_errors_roll_everything_back(tree, body_a):
    before = AuditEvent.objects.count()
    rows = [
        officer_row(1),
        officer_row(2, 执法主体="不存在的局"),
        officer_row(3, 身份证号="110105198001011234"),
        officer_row(4, 发证日期="2025-06-01", 有效期至="2025-05-01"),
        officer_row(5, 执法证号="990102000001"),
        officer_row(6, 执法领域="生态环境"),
        officer_row(7, 有效期至="明年"),
    ]
    result = run("enforcement_officers", OFFICER_HEADERS, rows, tree.coordinator_a)
    errors = errors_of(result)
    assert (3, "执法主体", "找不到执法主体“不存在的局”：请填写已登记执法主体的单位全称或统一社会信用代码，且须是您可管理的主体。") in errors
    assert any(r == 4 and c == "身份证号" and "校验位错误" in m for r, c, m in errors), errors
    assert (5, "有效期至", "有效期至不得早于发证日期（2025-06-01）。") in errors
    assert (6, "执法证号", "执法证号“990102000001”与第 2 行重复：执法证号不得重复。") in errors
    assert any(r == 7 and c == "执法领域" and "不在执法主体" in m for r, c, m in errors), errors
    assert any(r == 8 and c == "有效期至" and "不是有效日期" in m for r, c, m in errors), errors
    assert result.rows == 0 and not EnforcementOfficer.objects.exists() and AuditEvent.objects.count() == before


def test_another_county_cannot_import_into_county_a(tree, body_a):
    result = run("enforcement_officers", OFFICER_HEADERS, [officer_row(1)], tree.outsider)
    assert errors_of(result)[0][:2] == (2, "执法主体")
    assert not EnforcementOfficer.objects.exists()
    assert get_kind_for(tree.leader_a, "enforcement_officers") is None
    assert get_kind_for(tree.officer_a, "enforcement_items") is not None


def item_row(n, **cells):
    values = {"事项编码": f"SCJG-{n:04d}", "事项名称": f"对违法行为{n}的处罚", "事项类型": "行政处罚",
              "实施依据": "《中华人民共和国食品安全法》第一百二十二条", "执法主体": "东城区市场监督管理局",
              "是否赋权乡镇": "否", "状态": "有效"}
    values.update(cells)
    return [values.get(h) for h in ITEM_HEADERS]


def test_items_import_and_errors(tree, body_a):
    rows = [item_row(1), item_row(2, 事项类型="行政检查", 是否赋权乡镇="是"),
            item_row(3, 状态="已取消", **{"取消（调整）日期": "2025-06-01", "取消（调整）文件": "示府发〔2025〕7号"})]
    result = run("enforcement_items", ITEM_HEADERS, rows, tree.officer_a)
    assert result.ok, errors_of(result)
    assert EnforcementItem.objects.filter(status="cancelled").count() == 1
    assert EnforcementItem.objects.get(code="SCJG-0002").empowered_to_townships

    rows = [item_row(10), item_row(11, 实施依据=None), item_row(12, 事项类型="行政奖赏"), item_row(10),
            item_row(13, 状态="已调整"), item_row(14, 执法主体="西山县市场监督管理局"), item_row(15, 事项名称="名" * 201)]
    result = run("enforcement_items", ITEM_HEADERS, rows, tree.officer_a)
    errors = errors_of(result)
    assert (3, "实施依据", "“实施依据”不能为空。") in errors
    assert any(r == 4 and c == "事项类型" and "不是允许的取值" in m for r, c, m in errors), errors
    assert (5, "事项编码", "事项编码“SCJG-0010”与第 2 行重复：同一执法主体的事项编码不得重复。") in errors
    assert (6, "取消（调整）文件", "已取消或已调整的事项须填写取消（调整）文件。") in errors
    assert (6, "取消（调整）日期", "已取消或已调整的事项须填写取消（调整）日期。") in errors
    assert any(r == 7 and c == "执法主体" for r, c, m in errors), errors
    assert any(r == 8 and c == "事项名称" and "200" in m for r, c, m in errors), errors
    assert EnforcementItem.objects.count() == 3  # the failed file wrote nothing
