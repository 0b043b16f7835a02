"""The import engine with the organisation tree's kinds: all or nothing, every error, access."""


from fazhi.core.access import SYSTEM, Role
from fazhi.core.models import AuditEvent, Region, RoleAssignment, Unit, User
from fazhi.core.validators import make_credit_code
from fazhi.imports.registry import get_kind
from fazhi.imports.services import import_file
from fazhi.imports.tests.conftest import (
    REGION_HEADERS,
    STAFF_HEADERS,
    UNIT_HEADERS,
    csv_bytes,
    unit_rows,
    xlsx,
)


def run(kind, headers, rows, actor, name="f.xlsx"):
    data = xlsx(headers, rows) if name.endswith(".xlsx") else csv_bytes(headers, rows)
    return import_file(kind=get_kind(kind), data=data, file_name=name, actor=actor)


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_regions_with_parent_created_earlier_in_the_file(tree):
    events = AuditEvent.objects.count()
    result = run("regions", REGION_HEADERS, [
        [990104.0, "新城区", "县级", 990100.0],
        ["990104001", "新城街道", "乡级", "990104"],  # its parent is the row above
        ["990104001001", "新城社区", "村级", "990104001"],
    ], tree.admin)
    assert result.ok, result.errors
    assert result.rows == 3
    village = Region.objects.get(code="990104001001")
    assert village.parent.parent.code == "990104" and village.level == 5
    assert AuditEvent.objects.count() == events + 3
    assert set(AuditEvent.objects.filter(object_type="core.region").values_list("actor_label", flat=True)) >= {
        "admin"}


def test_region_errors_are_the_forms_messages(tree):
    result = run("regions", REGION_HEADERS, [
        ["990104", "新城区", "市级", "990100"],  # code does not fit the level
        ["990105", "南区", "区级", "990100"],  # no such level
        ["990106", "北区", "县级", "990200"],  # no such parent
    ], tree.admin)
    assert not result.ok
    found = errors_of(result)
    assert found[0][:2] == (2, "区划代码") and "与级别“市级”不符" in found[0][2]
    assert found[1][:2] == (3, "级别") and "“区级”不是允许的取值，应为：省级、市级、县级、乡级、村级" in found[1][2]
    assert found[2] == (4, "上级区划代码", "区划代码“990200”不存在，或不在您可管理的范围内。")
    assert not Region.objects.filter(code__in=["990104", "990105", "990106"]).exists()


def test_units_parent_by_name_from_an_earlier_row_and_by_credit_code(tree):
    events = AuditEvent.objects.count()
    code = make_credit_code("990102", 500)
    result = run("units", UNIT_HEADERS, [
        ["东城区综合行政执法局", "区执法局", "政府部门", "990102", "东城区人民政府", code],
        ["东城区综合行政执法局第一中队", "", "其他", "990102", "东城区综合行政执法局", ""],
        ["东城区综合行政执法局第二中队", "", "其他", 990102.0, code.lower(), None],
    ], tree.admin)
    assert result.ok, result.errors
    bureau = Unit.objects.get(credit_code=code)
    assert bureau.parent == tree.gov_a and bureau.is_active and bureau.short_name == "区执法局"
    squads = Unit.objects.filter(parent=bureau)
    assert squads.count() == 2
    assert all(s.path.startswith(bureau.path) and s.unit_type == "other" for s in squads)
    assert AuditEvent.objects.count() == events + 3


def test_staff_import_creates_users_with_roles(tree):
    events = AuditEvent.objects.count()
    result = run("staff", STAFF_HEADERS, [
        ["zhang_san", "张三", "东城区市场监督管理局", 13800138000.0, "部门法制员", "", "Chushi-mima-2025"],
        ["li_si", "李四", tree.dept_a.credit_code, "", "执法人员", "本单位", "Chushi-mima-2025"],
    ], tree.coordinator_a)
    assert result.ok, result.errors
    zhang = User.objects.get(username="zhang_san")
    assert zhang.unit == tree.dept_a and zhang.phone == "13800138000" and zhang.is_active
    assert zhang.check_password("Chushi-mima-2025")
    assert RoleAssignment.objects.get(user=zhang).role == Role.LEGAL_OFFICER
    assert RoleAssignment.objects.get(user__username="li_si").scope == "unit"
    assert AuditEvent.objects.count() == events + 4  # two users, two role assignments


def test_staff_errors(tree):
    result = run("staff", STAFF_HEADERS, [
        ["officer_a", "重名", "东城区市场监督管理局", "", "部门法制员", "", "Chushi-mima-2025"],
        ["wang", "王五", "不存在的局", "", "局长", "", "123"],
        ["zhao", "", "东城区市场监督管理局", "", "部门法制员", "", ""],
    ], tree.admin)
    found = errors_of(result)
    assert (2, "用户名") in [f[:2] for f in found]
    assert (3, "所属单位", "找不到名为“不存在的局”的单位，或您无权管理该单位。") in found
    assert any(f[:2] == (3, "角色") and "不是允许的取值" in f[2] for f in found)
    assert any(f[:2] == (3, "初始密码") for f in found)  # the password validators' message
    assert (4, "姓名", "“姓名”不能为空。") in found
    assert (4, "初始密码", "“初始密码”不能为空。") in found
    assert not User.objects.filter(username__in=["wang", "zhao"]).exists()


def test_every_error_is_reported_and_nothing_is_written(tree):
    units, events = Unit.objects.count(), AuditEvent.objects.count()
    rows = unit_rows(5)
    rows[1][2] = "政府单位"  # row 3: unknown type
    rows[3][0] = ""  # row 5: no name
    rows[4][5] = "123"  # row 6: credit code too short
    result = run("units", UNIT_HEADERS, rows, tree.admin)
    assert [(e.row, e.column) for e in result.errors] == [(3, "单位类型"), (5, "单位名称"), (6, "统一社会信用代码")]
    assert result.rows == 0
    assert Unit.objects.count() == units and AuditEvent.objects.count() == events


def test_name_clash_in_region_is_reported_on_the_name_column(tree):
    result = run("units", UNIT_HEADERS, [["东城区司法局", "", "政府部门", "990102", "东城区人民政府", ""]], tree.admin)
    [error] = result.errors
    assert (error.row, error.column) == (2, "单位名称") and "已经存在" in error.message


def test_ambiguous_parent_name_asks_for_the_credit_code(tree):
    for region, parent in ((tree.county_a, tree.gov_a), (tree.county_b, tree.gov_b)):
        Unit.objects.create(name="办公室", unit_type="department", region=region, parent=parent)
    result = run("units", UNIT_HEADERS, [
        ["东城区档案室", "", "其他", "990102", "办公室", ""],  # resolved: the 办公室 of the row's region
        ["示范市档案室", "", "其他", "990100", "办公室", ""],  # two candidates below the city: ambiguous
    ], tree.admin)
    assert errors_of(result) == [(3, "上级单位", "有多个名为“办公室”的单位，请改填其统一社会信用代码。")]


def test_coordinator_of_county_b_cannot_import_into_county_a(tree):
    units, events = Unit.objects.count(), AuditEvent.objects.count()
    result = run("units", UNIT_HEADERS, [
        ["东城区新设局", "", "政府部门", "990102", "东城区人民政府", ""],
        ["东城区另一局", "", "政府部门", "990102", tree.gov_a.credit_code, ""],
    ], tree.outsider)
    found = errors_of(result)
    assert (2, "所属区划代码", "区划代码“990102”不存在，或不在您可管理的范围内。") in found
    assert (2, "上级单位", "找不到名为“东城区人民政府”的单位，或您无权管理该单位。") in found
    assert any(f[:2] == (3, "上级单位") and tree.gov_a.credit_code in f[2] for f in found)
    assert Unit.objects.count() == units and AuditEvent.objects.count() == events


def test_coordinator_of_county_b_cannot_add_staff_to_county_a(tree):
    result = run("staff", STAFF_HEADERS, [
        ["spy", "间谍", "东城区市场监督管理局", "", "部门法制员", "", "Chushi-mima-2025"]], tree.outsider)
    assert errors_of(result) == [(2, "所属单位", "找不到名为“东城区市场监督管理局”的单位，或您无权管理该单位。")]
    assert not User.objects.filter(username="spy").exists()


def test_coordinator_imports_units_into_own_county(tree):
    result = run("units", UNIT_HEADERS, [["西山县新设局", "", "政府部门", "990103", "西山县人民政府", ""]],
                 tree.outsider)
    assert result.ok, result.errors


def test_system_actor(tree):
    result = run("units", UNIT_HEADERS, unit_rows(2), SYSTEM)
    assert result.ok
    assert AuditEvent.objects.order_by("-id").first().actor_label == "system"


def test_one_bad_row_among_thousands_rejects_the_whole_file(tree):
    units, events = Unit.objects.count(), AuditEvent.objects.count()
    rows = unit_rows(3000)
    good = rows[2716][5]  # row 2718 in Excel: header is row 1, data starts at row 2
    wrong = "0" if good[-1] != "0" else "1"
    rows[2716][5] = good[:-1] + wrong
    result = run("units", UNIT_HEADERS, rows, tree.admin)
    assert errors_of(result) == [(
        2718, "统一社会信用代码",
        f"统一社会信用代码校验位错误：第18位应为“{good[-1]}”，实际为“{wrong}”（GB 32100-2015）。")]
    assert result.total == 3000 and result.rows == 0
    assert Unit.objects.count() == units
    assert AuditEvent.objects.count() == events


def test_lookups_are_cached_not_repeated_per_row(tree, django_assert_max_num_queries):
    # Per row the form and the service run their own queries (about 25 statements with savepoints);
    # the import's own lookups (region, parent unit by name) run once per distinct value.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert run("units", UNIT_HEADERS, unit_rows(40), tree.admin).ok
    lookups = [q["sql"] for q in queries.captured_queries if '"core_unit"."name" = ' in q["sql"]
               and "东城区人民政府" in q["sql"]]
    assert len(lookups) == 1
    with django_assert_max_num_queries(40 * 30):
        assert run("units", UNIT_HEADERS, unit_rows(40, start=3000, name="X"), tree.admin).ok


def test_gb18030_csv_end_to_end(tree):
    data = csv_bytes(UNIT_HEADERS, [["东城区信访局", "区信访局", "政府部门", "990102", "东城区人民政府", ""]],
                     "gb18030")
    result = import_file(kind=get_kind("units"), data=data, file_name="单位.csv", actor=tree.admin)
    assert result.ok, result.errors
    assert Unit.objects.get(name="东城区信访局").short_name == "区信访局"
