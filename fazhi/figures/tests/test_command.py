import datetime as dt
import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.access import SYSTEM
from fazhi.figures import registry


def text_width(text):
    # Measured here independently of the command's own helper.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def run(*args):
    out = StringIO()
    call_command("figures", *args, stdout=out)
    return out.getvalue()


def test_json_equals_compute(tree):
    data = json.loads(run("--region", "990102", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"))
    expected = [v.as_dict() for v in registry.compute_many(
        None, user=SYSTEM, region=tree.county_a, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))]
    assert data == expected
    by_key = {d["key"]: d for d in data}
    units = by_key["tree.units.total"]
    assert units["value"] == 4 and units["region"] == "990102"
    assert (units["from"], units["to"]) == ("2026-01-01", "2026-12-31")
    assert {"key", "label", "definition", "source", "kind", "value"} <= set(units)
    coverage = by_key["tree.units.credit_code_coverage"]
    assert (coverage["numerator"], coverage["denominator"], coverage["value"]) == (4, 4, 1.0)


def test_defaults_whole_tree_and_this_year(tree):
    data = json.loads(run("--format", "json", "--key", "tree.units.total"))
    assert len(data) == 1
    start, end = registry.this_year()
    assert data[0]["value"] == 9 and data[0]["region"] is None
    assert (data[0]["from"], data[0]["to"]) == (start.isoformat(), end.isoformat())


def test_key_prefix_and_unit(tree):
    data = json.loads(run("--key", "tree.staff.", "--unit", str(tree.dept_a.pk), "--format", "json"))
    assert {d["key"] for d in data} == {f.key for f in registry.figures(prefix="tree.staff.")}
    assert {d["key"]: d["value"] for d in data}["tree.staff.total"] == 3


def test_table_is_aligned_by_display_width(tree):
    out = run("--region", "990102", "--from", "2026-01-01", "--to", "2026-12-31", "--key", "tree.")
    lines = out.splitlines()
    assert lines[0] == "东城区（990102） · 2026-01-01 至 2026-12-31"
    assert "100.00%（4/4）" in out and "单位数：政府部门" in out
    # The key column starts at the same screen column on every row, CJK labels included.
    rows = [line for line in lines[3:] if line.strip()]
    starts = {text_width(line[:line.index(" tree.") + 1]) for line in rows}
    assert len(starts) == 1
    # Values are right-aligned: they end at the same column too.
    ends = {text_width(line[:line.index(" tree.")].rstrip()) for line in rows}
    assert len(ends) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "123456"], "区划代码“123456”不存在"),
    (["--from", "2026-13-01"], "--from 的日期“2026-13-01”无效，应为 YYYY-MM-DD"),
    (["--to", "yesterday"], "--to 的日期“yesterday”无效"),
    (["--from", "2026-02-01", "--to", "2026-01-01"], "晚于结束日期"),
    (["--key", "nothing."], "没有键以“nothing.”开头的指标"),
    (["--unit", "abc"], "单位编号“abc”不存在"),
])
def test_bad_input_is_a_chinese_command_error(tree, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
