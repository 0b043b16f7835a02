"""The registry: declared figures computed in the database, for any region subtree, unit and period."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q

from fazhi.core.access import SYSTEM
from fazhi.core.models import Region, Unit, UnitType, User
from fazhi.figures import registry
from fazhi.figures.registry import Figure, Kind, compute, compute_many, figures, records

SH = ZoneInfo("Asia/Shanghai")


def values(user=SYSTEM, keys=None, **cut):
    return {v.key: v.value for v in compute_many(keys, user=user, **cut)}


WHOLE_TREE = {
    "tree.units.total": 9, "tree.units.government": 3, "tree.units.department": 5,
    "tree.units.township_government": 1, "tree.units.court": 0, "tree.units.party_committee": 0,
    "tree.units.new": 9, "tree.units.credit_code_coverage": 1.0,
    "tree.staff.total": 10, "tree.staff.admin": 1, "tree.staff.coordinator": 3, "tree.staff.reviewer": 1,
    "tree.staff.legal_officer": 2, "tree.staff.enforcement_officer": 1, "tree.staff.mediator": 0,
    "tree.staff.inspector": 0, "tree.staff.leader": 1,
    "tree.regions.province": 1, "tree.regions.city": 1, "tree.regions.county": 2, "tree.regions.township": 2,
    "tree.regions.village": 0,
}


def test_tree_figures_are_declared_for_every_type_and_role():
    keys = {f.key for f in registry.figures(prefix="tree.")}
    assert {f"tree.units.{t.value}" for t in UnitType} <= keys
    assert {"tree.staff.coordinator", "tree.staff.leader", "tree.units.total", "tree.staff.total",
            "tree.units.credit_code_coverage", "tree.regions.county"} <= keys
    coverage = registry.get("tree.units.credit_code_coverage")
    assert coverage.kind == Kind.COVERAGE and "国发〔2015〕33号" in str(coverage.source)
    assert registry.get("tree.units.total").point_in_time
    assert "时点数" in registry.get("tree.units.total").period_text


def test_whole_tree_values(tree):
    got = values()
    assert {k: got[k] for k in WHOLE_TREE} == WHOLE_TREE


def test_region_subtree_cut(tree):
    a = values(region=tree.county_a)
    b = values(region=tree.county_b)
    city = values(region=tree.city)
    township = values(region=tree.township_a)
    assert (a["tree.units.total"], b["tree.units.total"], city["tree.units.total"]) == (4, 3, 9)
    assert (a["tree.units.department"], a["tree.units.government"], a["tree.units.township_government"]) == (2, 1, 1)
    assert (a["tree.staff.total"], b["tree.staff.total"], city["tree.staff.total"]) == (6, 2, 10)
    assert (a["tree.staff.coordinator"], b["tree.staff.coordinator"], city["tree.staff.coordinator"]) == (1, 1, 3)
    assert (a["tree.staff.admin"], city["tree.staff.admin"]) == (0, 1)
    assert (a["tree.regions.county"], a["tree.regions.township"], a["tree.regions.city"]) == (1, 1, 0)
    assert (city["tree.regions.city"], city["tree.regions.county"], city["tree.regions.province"]) == (1, 2, 0)
    # A township's subtree holds only the street office.
    assert township["tree.units.total"] == 1 and township["tree.units.township_government"] == 1


def test_unit_subtree_cut(tree):
    gov_a = values(unit=tree.gov_a)
    dept_a = values(unit=tree.dept_a)
    assert gov_a["tree.units.total"] == 4 and dept_a["tree.units.total"] == 1
    assert gov_a["tree.staff.total"] == 6 and dept_a["tree.staff.total"] == 3  # officer, enforcer, no-role
    assert dept_a["tree.staff.legal_officer"] == 1 and dept_a["tree.staff.coordinator"] == 0
    # Regions hang off no unit: the figure says so instead of counting something else.
    county = compute("tree.regions.county", user=SYSTEM, unit=tree.dept_a)
    assert county.value is None and county.reason == "该指标不能按单位统计"


def test_inactive_units_and_users_are_not_counted(tree):
    tree.dept_b.is_active = False
    tree.dept_b.save()
    tree.officer_b.is_active = False
    tree.officer_b.save()
    b = values(region=tree.county_b)
    assert b["tree.units.total"] == 2 and b["tree.units.department"] == 1
    assert b["tree.staff.total"] == 1 and b["tree.staff.legal_officer"] == 0
    assert b["tree.units.new"] == 3  # created in the period, even if deactivated since


def _set_created(unit, when):
    Unit.objects.filter(pk=unit.pk).update(created_at=when)


def test_period_cut_uses_the_beijing_date(tree):
    Unit.objects.update(created_at=dt.datetime(2024, 5, 1, 9, 0, tzinfo=SH))
    _set_created(tree.gov_a, dt.datetime(2025, 12, 31, 23, 30, tzinfo=SH))   # 15:30 UTC, still 2025
    _set_created(tree.justice_a, dt.datetime(2026, 1, 1, 0, 10, tzinfo=SH))  # 2025-12-31 16:10 UTC, but 2026
    _set_created(tree.dept_a, dt.datetime(2026, 12, 31, 23, 59, tzinfo=SH))
    _set_created(tree.gov_b, dt.datetime(2027, 1, 1, 0, 0, tzinfo=SH))

    def new(start, end, **cut):
        return compute("tree.units.new", user=SYSTEM, start=start, end=end, **cut).value

    assert new(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == 1
    assert new(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 2
    assert new(dt.date(2025, 12, 31), dt.date(2025, 12, 31)) == 1  # both ends inclusive
    assert new(dt.date(2026, 1, 1), dt.date(2026, 1, 1)) == 1
    assert new(dt.date(2026, 1, 1), None) == 3
    assert new(None, dt.date(2024, 12, 31)) == 5
    assert new(dt.date(2026, 1, 1), dt.date(2026, 12, 31), region=tree.county_b) == 0
    # A point-in-time figure ignores the period.
    assert compute("tree.units.total", user=SYSTEM, start=dt.date(2030, 1, 1), end=dt.date(2030, 1, 2)).value == 9
    assert "北京时间" in registry.get("tree.units.new").period_text


def test_period_start_after_end_is_refused(tree):
    with pytest.raises(ValueError, match="开始日期不能晚于结束日期"):
        compute("tree.units.new", user=SYSTEM, start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 1))


def test_coverage_rate_counts_numerator_and_denominator(tree):
    v = compute("tree.units.credit_code_coverage", user=SYSTEM)
    assert (v.numerator, v.denominator, v.value) == (9, 9, 1.0)
    assert v.display == "100.00%（9/9）"
    Unit.objects.filter(pk=tree.dept_b.pk).update(credit_code=None)
    tree.gov_b.is_active = False  # inactive units are outside both parts
    tree.gov_b.save()
    v = compute("tree.units.credit_code_coverage", user=SYSTEM)
    assert (v.numerator, v.denominator) == (7, 8)
    assert v.value == pytest.approx(7 / 8) and v.display == "87.50%（7/8）"
    b = compute("tree.units.credit_code_coverage", user=SYSTEM, region=tree.county_b)
    assert (b.numerator, b.denominator, str(b.percent)) == (1, 2, "50.00")


def test_rate_with_zero_denominator_has_no_value(tree):
    # No unit sits in 西山镇 itself.
    v = compute("tree.units.credit_code_coverage", user=SYSTEM, region=tree.township_b)
    assert v.value is None and (v.numerator, v.denominator) == (0, 0)
    assert v.reason == "分母为零"
    assert v.display == "—（分母为零）"
    assert v.as_dict()["value"] is None and v.as_dict()["reason"] == "分母为零"


def test_percent_rounds_half_up(temp_figures, tree):
    temp_figures(Figure(key="test.rate.thirds", label="三分之二", definition="测试", kind=Kind.RATE,
                        model="core.Unit", denominator=Q(region_id="990103"), numerator=~Q(unit_type="government")))
    v = compute("test.rate.thirds", user=SYSTEM)
    assert (v.numerator, v.denominator) == (2, 3) and v.display == "66.67%（2/3）"


def test_access_layer_restricts_every_figure(tree):
    assert values(tree.coordinator_a)["tree.units.total"] == 4
    assert values(tree.officer_a)["tree.units.total"] == 1
    assert values(tree.no_role)["tree.units.total"] == 0
    outsider = values(tree.outsider, region=tree.city)
    assert outsider["tree.units.total"] == 3 and outsider["tree.staff.total"] == 2
    # A region the user cannot see: nothing of it is counted…
    assert values(tree.outsider, region=tree.county_a)["tree.units.total"] == 0
    # …and resolving its code (what the API, page and export do) fails like a missing region.
    with pytest.raises(Region.DoesNotExist):
        registry.resolve_region(tree.outsider, "990102")
    with pytest.raises(Unit.DoesNotExist):
        registry.resolve_unit(tree.outsider, tree.dept_a.pk)
    assert registry.resolve_region(tree.outsider, "990103") == tree.county_b


def test_drill_down_lists_exactly_the_counted_records(tree):
    names = set(records("tree.units.total", user=SYSTEM, region=tree.county_a).values_list("name", flat=True))
    assert names == {"东城区人民政府", "东城区司法局", "东城区市场监督管理局", "东城街道办事处"}
    coordinators = records("tree.staff.coordinator", user=SYSTEM)
    assert coordinators.model is User
    assert set(coordinators.values_list("username", flat=True)) == {"city_coord", "coord_a", "coord_b"}
    Unit.objects.filter(pk=tree.dept_b.pk).update(credit_code=None)
    numerator = records("tree.units.credit_code_coverage", user=SYSTEM, part="numerator")
    denominator = records("tree.units.credit_code_coverage", user=SYSTEM, part="denominator")
    assert numerator.count() == 8 and denominator.count() == 9
    assert set(denominator.values_list("pk", flat=True)) - set(numerator.values_list("pk", flat=True)) == {
        tree.dept_b.pk}
    with pytest.raises(ValueError, match="分子和分母"):
        records("tree.units.total", user=SYSTEM, part="numerator")


@pytest.mark.parametrize("who", ["admin", "coordinator_a", "outsider", "officer_a"])
def test_drill_down_agrees_with_every_value(tree, who, year_2026):
    user = getattr(tree, who)
    # A user holding the same role in two units is one person, counted once and listed once.
    from fazhi.core.models import RoleAssignment

    RoleAssignment.objects.create(user=tree.officer_a, role="legal_officer", unit=tree.justice_a)
    for cut in ({}, {"region": tree.county_a}, {"unit": tree.gov_a}, {"region": tree.city, **year_2026}):
        for v in compute_many(None, user=user, **cut):
            if v.value is None:
                continue
            if v.figure.is_rate:
                assert records(v.figure, user=user, part="numerator", **cut).count() == v.numerator, v.key
                assert records(v.figure, user=user, part="denominator", **cut).count() == v.denominator, v.key
            else:
                assert records(v.figure, user=user, **cut).count() == v.value, (v.key, cut)
    assert compute("tree.staff.legal_officer", user=SYSTEM, region=tree.county_a).value == 1


def test_one_query_per_model_whatever_the_data(tree, django_assert_num_queries, django_assert_max_num_queries):
    with django_assert_num_queries(1):
        compute("tree.units.credit_code_coverage", user=SYSTEM, region=tree.county_a)
    # Units, users, role assignments, regions: four aggregate queries for all the tree's figures.
    tree_keys = [f.key for f in figures(module="core")]
    with django_assert_num_queries(4):
        compute_many(tree_keys, user=SYSTEM, region=tree.city)
    for i in range(30):
        Unit.objects.create(name=f"调解委员会{i}", unit_type=UnitType.MEDIATION_COMMITTEE, region=tree.township_a,
                            parent=tree.street_a)
    with django_assert_num_queries(4):
        got = values(region=tree.city, keys=tree_keys)
    assert got["tree.units.mediation_committee"] == 30
    fresh = User.objects.get(pk=tree.coordinator_a.pk)  # + loading the user's grants once
    with django_assert_max_num_queries(5):
        compute_many(tree_keys, user=fresh, region=tree.county_a)


# -- the other kinds and declarations, on temporary figures --

def test_sum_kind(temp_figures, tree):
    temp_figures(Figure(key="test.regions.level_sum", label="级别合计", definition="测试", kind=Kind.SUM,
                        model="core.Region", expression="level", region_field="", unit_field=None))
    temp_figures(Figure(key="test.regions.none_sum", label="空合计", definition="测试", kind=Kind.SUM,
                        model="core.Region", expression="level", filter=Q(level=5), region_field="",
                        unit_field=None))
    assert values(region=tree.county_a, keys=["test.regions.level_sum", "test.regions.none_sum"]) == {
        "test.regions.level_sum": 3 + 4, "test.regions.none_sum": 0}


def test_average_kind_has_no_value_without_records(temp_figures, tree):
    temp_figures(Figure(key="test.regions.level_avg", label="级别平均", definition="测试", kind=Kind.AVERAGE,
                        model="core.Region", expression="level", region_field="", unit_field=None))
    temp_figures(Figure(key="test.regions.none_avg", label="空平均", definition="测试", kind=Kind.AVERAGE,
                        model="core.Region", expression="level", filter=Q(level=5), region_field="",
                        unit_field=None))
    assert values(region=tree.county_a, keys=["test.regions.level_avg", "test.regions.none_avg"]) == {
        "test.regions.level_avg": 3.5, "test.regions.none_avg": None}
    empty = compute("test.regions.none_avg", user=SYSTEM, region=tree.county_a)
    assert empty.display == "—（无数据）"


def test_a_callable_filter_with_a_parameter_receives_the_cut(temp_figures, tree):
    """Stocks "as of the period's end": the filter sees the cut; one with defaults only is called bare."""
    seen = []

    def as_of_end(cut):
        seen.append(cut.end)
        return Q(level=3) if cut.end else Q(pk__in=[])

    temp_figures(Figure(key="test.regions.as_of_end", label="期末", definition="测试", kind=Kind.COUNT, model="core.Region",
                        filter=as_of_end, region_field="", unit_field=None))
    temp_figures(Figure(key="test.regions.bare", label="无参", definition="测试", kind=Kind.COUNT, model="core.Region",
                        filter=lambda level=4: Q(level=level), region_field="", unit_field=None))
    assert compute("test.regions.as_of_end", user=SYSTEM, region=tree.county_a,
                   start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)).value == 1
    assert compute("test.regions.as_of_end", user=SYSTEM, region=tree.county_a).value == 0
    assert seen == [dt.date(2025, 12, 31), None]
    assert compute("test.regions.bare", user=SYSTEM, region=tree.county_a).value == 1


def test_reduction_kind(temp_figures, tree):
    temp_figures(Figure(key="test.units.reduction", label="降幅", definition="测试", kind=Kind.REDUCTION,
                        model="core.Unit", before=Count("pk"), after=Count("pk", filter=Q(unit_type="department"))))
    v = compute("test.units.reduction", user=SYSTEM, region=tree.county_a)
    assert (v.before, v.after, v.value) == (4, 2, 0.5)
    assert v.display == "50.00%（前 4，后 2）"
    empty = compute("test.units.reduction", user=SYSTEM, region=tree.township_b)
    assert empty.value is None and empty.reason == "基数为零"


def test_custom_compute(temp_figures, tree, django_assert_num_queries):
    temp_figures(Figure(key="test.units.regions_with_units", label="有单位的区划", definition="测试",
                        kind=Kind.COUNT, model="core.Unit", filter=Q(is_active=True),
                        compute=lambda qs: qs.aggregate(value=Count("region", distinct=True))))
    with django_assert_num_queries(1):
        assert compute("test.units.regions_with_units", user=SYSTEM).value == 4  # city, A, A's street, B
    assert compute("test.units.regions_with_units", user=tree.outsider).value == 1


def test_figure_without_region_dimension_says_so(temp_figures, tree):
    temp_figures(Figure(key="test.units.no_region", label="不分区划", definition="测试", kind=Kind.COUNT,
                        model="core.Unit", region_field=None))
    v = compute("test.units.no_region", user=SYSTEM, region=tree.county_a)
    assert v.value is None and v.reason == "该指标不能按区划统计"
    assert compute("test.units.no_region", user=SYSTEM).value == 9
    assert not records("test.units.no_region", user=SYSTEM, region=tree.county_a).exists()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"key": "Bad Key"}, "key must look like"),
    ({"kind": Kind.RATE}, "needs numerator"),
    ({"kind": Kind.SUM}, "needs expression"),
    ({"kind": Kind.AVERAGE}, "needs expression"),
    ({"kind": Kind.REDUCTION}, "needs before= and after="),
    ({"model": "core.AuditEvent", "region_field": None, "unit_field": None}, "has no visible_to"),
    ({"model": "core.Nothing"}, "unknown model"),
    ({"region_field": "parent"}, "must lead to core.Region"),
    ({"unit_field": "nope"}, "unit_field='nope'"),
    ({"date_field": "name"}, "must be a DateField"),
    ({"count_field": "name"}, "must be a foreign key"),
    ({"region_field": ""}, "the record is a core.Region"),
])
def test_bad_declarations_fail_at_registration(tree, kwargs, message):
    base = {"key": "test.bad.figure", "label": "坏", "definition": "测试", "kind": Kind.COUNT, "model": "core.Unit"}
    with pytest.raises(ImproperlyConfigured, match=message):
        registry.register(Figure(**{**base, **kwargs}))
    assert "test.bad.figure" not in {f.key for f in registry.figures(prefix="test.")}


def test_duplicate_and_unknown_keys():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        registry.register(Figure(key="tree.units.total", label="重复", definition="测试", kind=Kind.COUNT,
                                 model="core.Unit"))
    with pytest.raises(registry.UnknownFigure):
        registry.get("no.such.figure")


def test_as_dict_shape(tree, year_2026):
    d = compute("tree.units.credit_code_coverage", user=SYSTEM, region=tree.county_a, **year_2026).as_dict()
    assert d["key"] == "tree.units.credit_code_coverage" and d["kind"] == "coverage"
    assert (d["numerator"], d["denominator"], d["value"]) == (4, 4, 1.0)
    assert (d["region"], d["region_name"], d["from"], d["to"]) == ("990102", "东城区", "2026-01-01", "2026-12-31")
    assert d["label"] == "统一社会信用代码登记率" and d["definition"] and d["source"]
    assert d["dimensions"] == ["region", "unit"] and d["point_in_time"] is True


# -- grids: the same figures for many cuts (dashboard trends and comparisons, rankings) --

def test_grid_equals_one_computation_per_cut(tree):
    Unit.objects.update(created_at=dt.datetime(2026, 3, 10, 9, 0, tzinfo=SH))
    _set_created(tree.dept_a, dt.datetime(2026, 5, 2, 9, 0, tzinfo=SH))
    _set_created(tree.gov_b, dt.datetime(2026, 5, 31, 23, 30, tzinfo=SH))
    cuts = [registry.Cut(region=tree.county_a), registry.Cut(region=tree.county_b), registry.Cut(region=tree.city),
            registry.Cut(unit=tree.gov_a), registry.Cut(unit=tree.dept_a), registry.Cut(),
            registry.Cut(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)),
            registry.Cut(start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31), region=tree.county_b),
            registry.Cut(region=tree.township_b)]
    keys = [f.key for f in figures(module="core")]
    grid = registry.compute_grid(keys, user=SYSTEM, cuts=cuts)
    for cut, row in zip(cuts, grid, strict=True):
        alone = compute_many(keys, user=SYSTEM, region=cut.region, unit=cut.unit, start=cut.start, end=cut.end)
        assert [(v.key, v.value, v.numerator, v.denominator, v.reason) for v in row] == [
            (v.key, v.value, v.numerator, v.denominator, v.reason) for v in alone], cut
    by_cut = [{v.key: v.value for v in row} for row in grid]
    assert [r["tree.units.total"] for r in by_cut[:3]] == [4, 3, 9]
    assert by_cut[6]["tree.units.new"] == 7 and by_cut[7]["tree.units.new"] == 1
    assert by_cut[8]["tree.units.credit_code_coverage"] is None  # 西山镇 holds no unit: 分母为零


def test_grid_cost_grows_with_models_not_cuts(tree, django_assert_num_queries):
    keys = [f.key for f in figures(module="core")]
    months = [registry.Cut(start=dt.date(2026, m, 1), end=dt.date(2026, m, 28)) for m in range(1, 13)]
    units = [registry.Cut(unit=u) for u in Unit.objects.all()]
    with django_assert_num_queries(4):  # units, users, role assignments, regions
        registry.compute_grid(keys, user=SYSTEM, cuts=months + units)


def test_grid_respects_access(tree):
    # A county-A coordinator sees nothing of county B, in a grid as alone.
    user = tree.coordinator_a
    grid = registry.compute_grid(["tree.units.total"], user=user,
                                 cuts=[registry.Cut(region=tree.county_a), registry.Cut(region=tree.county_b)])
    assert [row[0].value for row in grid] == [
        compute("tree.units.total", user=user, region=tree.county_a).value,
        compute("tree.units.total", user=user, region=tree.county_b).value]
    assert grid[1][0].value == 0
