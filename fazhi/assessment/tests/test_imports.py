import io

import pytest
from openpyxl import Workbook

from fazhi.assessment import services
from fazhi.assessment.models import Indicator, IndicatorSystem
from fazhi.imports.registry import get_kind
from fazhi.imports.services import import_file

pytestmark = pytest.mark.django_db
HEADERS = ["指标体系", "一级指标", "二级指标", "三级指标", "分值", "评分方式", "数据指标代码", "评分规则", "评分标准"]
TITLE = "2026年度县（市、区）考核"


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def draft(tree):
    return services.create_system(actor=tree.city_coordinator, unit=tree.city_justice, title=TITLE, year=2026,
                                  categories=["county"])


GOOD = [
    [TITLE, "依法行政制度体系", "", "", 60, "", "", "", ""],
    [TITLE, "依法行政制度体系", "规范性文件管理", "", 60, "", "", "", ""],
    [TITLE, "依法行政制度体系", "规范性文件管理", "规范性文件报备率", 40, "数据自动", "rulemaking.filing.rate", "比例", ""],
    [TITLE, "依法行政制度体系", "规范性文件管理", "合法性审核", 20, "材料评分", "", "", "审核意见齐全的得满分"],
    [TITLE, "监督问责", "", "", 40, "扣分", "", "每项扣 5", "每项整改逾期扣5分"],
]


def run(user, rows):
    return import_file(kind=get_kind("indicators"), data=xlsx(rows), file_name="指标.xlsx", actor=user)


def test_import_builds_the_tree(tree, draft):
    result = run(tree.city_coordinator, GOOD)
    assert not result.errors, result.errors
    leaf = Indicator.objects.get(name="规范性文件报备率")
    assert (leaf.level, leaf.parent.name, leaf.parent.parent.name) == (3, "规范性文件管理", "依法行政制度体系")
    assert services.weight_problems(draft) == []


def test_bad_rows_are_reported_per_row_and_column_and_nothing_is_saved(tree, draft):
    rows = [*GOOD[:2],
            [TITLE, "依法行政制度体系", "规范性文件管理", "报备率", 40, "数据自动", "rulemaking.nope", "比例", ""],
            [TITLE, "依法行政制度体系", "不存在的二级", "某指标", 5, "材料评分", "", "", "标准"],
            ["没有这个体系", "其他", "", "", 5, "材料评分", "", "", "标准"],
            [TITLE, "监督问责", "", "", 40, "打分", "", "", ""]]
    result = run(tree.city_coordinator, rows)
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "数据指标代码“rulemaking.nope”不存在" in errors[(4, "数据指标代码")]
    assert "上级指标“依法行政制度体系 / 不存在的二级”不存在" in errors[(5, "二级指标")]
    assert "找不到名为“没有这个体系”的未冻结指标体系" in errors[(6, "指标体系")]
    assert "“打分”不是允许的取值" in errors[(7, "评分方式")]
    assert not Indicator.objects.exists()


def test_frozen_system_and_other_county_cannot_import(tree, draft):
    services.add_indicator(actor=tree.city_coordinator, system=draft, name="全部", points=100, method="evidence",
                           standard="x")
    services.freeze_system(actor=tree.city_coordinator, system=draft)
    result = run(tree.city_coordinator, GOOD[:1])
    assert "找不到名为“2026年度县（市、区）考核”的未冻结指标体系" in result.errors[0].message
    IndicatorSystem.objects.filter(pk=draft.pk).update(frozen_on=None)
    result = run(tree.outsider, GOOD[:1])
    assert result.errors and Indicator.objects.count() == 1
