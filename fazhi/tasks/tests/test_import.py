"""Import kind `tasks`: a real .xlsx (openpyxl) becomes measures and tasks; errors per row and column."""

import datetime
import io

import pytest
from openpyxl import Workbook

from fazhi.core.models import AuditEvent
from fazhi.imports.registry import get_kind, get_kind_for
from fazhi.imports.services import import_file
from fazhi.imports.spreadsheets import write_template
from fazhi.procedures.models import Deadline
from fazhi.tasks.models import Measure, Task

from .conftest import D

pytestmark = pytest.mark.django_db
HEADERS = ["工作计划", "措施序号", "措施名称", "任务序号", "任务名称", "牵头单位", "配合单位", "责任领导", "完成时限", "成果形式"]
PLAN = "东城区2026年法治政府建设工作要点"


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows(tree):
    return [
        (PLAN, 1, "深入推进依法行政", 1, "制定重大行政决策事项目录", "东城区市场监督管理局", "东城区司法局、东城街道办事处",
         "王副区长", datetime.datetime(2026, 3, 31), "目录"),
        (PLAN, 1, "", 2, "推行行政执法三项制度", tree.dept_a.credit_code, "", "王副区长", "2026-06-30", "制度文件"),
        (PLAN, 2, "健全行政权力制约监督", "", "开展行政执法案卷评查", "东城区司法局", "东城区市场监督管理局，东城街道办事处",
         "李副区长", "2026年9月30日", "评查报告"),
    ]


def run(tree, data, user=None):
    return import_file(kind=get_kind("tasks"), data=data, file_name="任务分解表.xlsx", actor=user or tree.coordinator_a)


def test_plan_sheet_becomes_measures_and_tasks(tree, plan_a):
    result = run(tree, xlsx(rows(tree)))
    assert result.ok, [str(e) for e in result.errors]
    assert result.rows == 3
    assert list(Measure.objects.order_by("number").values_list("number", "title")) == [
        (1, "深入推进依法行政"), (2, "健全行政权力制约监督")]
    first, second, third = Task.objects.order_by("pk")
    assert (first.number_label, first.due_on) == ("1.1", D(2026, 3, 31))
    assert set(first.cooperating_units.all()) == {tree.justice_a, tree.street_a}
    assert second.lead_unit == tree.dept_a and second.measure == first.measure
    assert (third.number_label, third.due_on, third.lead_unit) == ("2.1", D(2026, 9, 30), tree.justice_a)
    assert set(third.cooperating_units.all()) == {tree.dept_a, tree.street_a}
    assert all(t.state == "draft" for t in (first, second, third))


def test_import_into_issued_plan_issues_tasks(tree, plan_a, issued):
    result = run(tree, xlsx(rows(tree)[:1]))
    assert result.ok, [str(e) for e in result.errors]
    task = Task.objects.get(title="制定重大行政决策事项目录")
    assert task.state == "assigned" and Deadline.objects.for_record(task).get().due_on == D(2026, 3, 31)


def test_errors_by_row_and_column_all_or_nothing(tree, plan_a):
    data = rows(tree)
    data.append((PLAN, 3, "新措施", 1, "未知牵头单位的任务", "不存在的局", "", "", "2026-05-01", ""))
    data.append((PLAN, 3, "新措施", 2, "早于计划的任务", "东城区司法局", "东城区不存在办", "", "2025-12-01", ""))
    data.append((PLAN, 3, "新措施", 3, "缺牵头单位的任务", "", "", "", "2026-05-01", ""))
    data.append(("不存在的计划", 1, "", 1, "任务", "东城区司法局", "", "", "2026-05-01", ""))
    data.append((PLAN, 9, "", 1, "措施无名称", "东城区司法局", "", "", "2026-05-01", ""))
    data.append((PLAN, 3, "", 4, "西山的牵头单位", "西山县市场监督管理局", "", "", "2026-05-01", ""))
    events = AuditEvent.objects.count()
    result = run(tree, xlsx(data))
    assert not result.ok and result.rows == 0
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert "找不到该牵头单位" in errors[(5, "牵头单位")]
    assert "不得早于计划起始日期（2026-01-01）" in errors[(6, "完成时限")]
    assert "找不到单位“东城区不存在办”" in errors[(6, "配合单位")]
    assert errors[(7, "牵头单位")] == "“牵头单位”不能为空。"
    assert "找不到名为“不存在的计划”的工作计划" in errors[(8, "工作计划")]
    assert "请填写措施名称" in errors[(9, "措施名称")]
    assert "找不到该牵头单位" in errors[(10, "牵头单位")]
    assert not Task.objects.exists() and not Measure.objects.exists()
    assert AuditEvent.objects.count() == events


def test_only_the_office_imports(tree, plan_a):
    assert get_kind_for(tree.officer_a, "tasks") is None
    result = run(tree, xlsx(rows(tree)), user=tree.outsider)  # another county's office: the plan is unknown
    assert not result.ok and "找不到名为" in result.errors[0].message


def test_template_has_the_headers(tree):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(write_template(get_kind("tasks")))).active
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers[:6] == ["工作计划", "措施序号", "措施名称", "任务序号", "任务名称", "牵头单位"]
