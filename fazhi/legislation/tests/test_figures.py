"""Figures computed on hand-made data, per county and for the city, with region cuts and drill-down."""

import datetime

import pytest

from fazhi.core.models import Unit, UnitType
from fazhi.figures.registry import compute, figures, records
from fazhi.legislation import services

from .conftest import advance

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree, plan_a, plan_b, make_project, point_a, point_b, open_project):
    coord = tree.coordinator_a
    # plan_a (2025): open_project (formal, consultation) + 4 more.
    p1 = make_project(title="东城区公园管理办法", effective_on=D(2025, 8, 1))
    advance(coord, p1, "start_drafting", "open_consultation", "submit_review", on=D(2025, 3, 1))
    advance(coord, p1, "pass", on=D(2025, 6, 20))
    advance(coord, p1, "publish", on=D(2025, 7, 1))
    p2 = make_project(title="东城区河道条例", kind="regulation")
    advance(coord, p2, "start_drafting", "open_consultation", "submit_review", on=D(2025, 4, 1))
    advance(coord, p2, "pass", on=D(2025, 8, 1))
    make_project(title="东城区预备项目", category="preparatory")
    make_project(title="东城区调研项目", category="research")
    plan_2024 = services.create_plan(actor=coord, unit=tree.gov_a, year=2024, kind="rule",
                                     title="东城区人民政府2024年度立法工作计划", approved_on=D(2024, 1, 10))
    p6 = make_project(title="东城区2024办法", plan=plan_2024)
    advance(coord, p6, "start_drafting", "open_consultation", "submit_review", on=D(2024, 5, 1))
    advance(coord, p6, "pass", on=D(2024, 9, 1))
    pb = services.create_project(actor=tree.outsider, plan=plan_b, title="西山县办法", responsible_unit=tree.dept_b)
    advance(tree.outsider, pb, "start_drafting", "open_consultation", "submit_review", on=D(2025, 3, 1))
    advance(tree.outsider, pb, "pass", on=D(2025, 5, 1))

    services.create_point(actor=coord, kind="collection", name="东城社区采集点", host_unit=tree.street_a,
                          host_type="community", parent=point_a, staff_count=1, collector_count=4)
    services.create_point(actor=coord, kind="collection", name="东城停用采集点", host_unit=tree.street_a,
                          parent=point_a, staff_count=9, collector_count=9, active=False)
    Unit.objects.create(name="东城第二街道办事处", unit_type=UnitType.TOWNSHIP_GOVERNMENT, region=tree.township_a,
                        parent=tree.gov_a)

    def opinion(actor, project, point, day, adoption="pending", response=""):
        return services.create_opinion(actor=actor, project=project, contact_point=point, received_on=day,
                                       content="意见", adoption=adoption, response=response)

    opinion(coord, open_project, point_a, D(2025, 6, 2), "adopted")
    opinion(coord, open_project, point_a, D(2025, 6, 3), "partly", "部分采纳")
    opinion(coord, open_project, point_a, D(2025, 6, 4), "not_adopted", "不采纳")
    opinion(coord, open_project, point_a, D(2025, 6, 5))
    opinion(coord, open_project, point_a, D(2024, 12, 20), "adopted")
    pb_open = services.create_project(actor=tree.outsider, plan=plan_b, title="西山县草案", responsible_unit=tree.dept_b)
    advance(tree.outsider, pb_open, "start_drafting", "open_consultation", on=D(2025, 4, 1))
    opinion(tree.outsider, pb_open, point_b, D(2025, 4, 2), "adopted")

    services.create_evaluation(actor=coord, title="东城区甲办法", evaluating_unit=tree.justice_a,
                               started_on=D(2025, 3, 1), finished_on=D(2025, 9, 1), findings="良好",
                               recommendation="continue")
    services.create_evaluation(actor=coord, title="东城区乙办法", evaluating_unit=tree.justice_a,
                               started_on=D(2025, 10, 1))
    services.create_evaluation(actor=tree.outsider, title="西山县办法", evaluating_unit=tree.justice_b,
                               started_on=D(2025, 3, 1), finished_on=D(2025, 6, 1), findings="需修改",
                               recommendation="amend")


YEAR_START, YEAR_END = D(2025, 1, 1), D(2025, 12, 31)


def value(key, user, start=YEAR_START, end=YEAR_END, **cut):
    return compute(key, user=user, start=start, end=end, **cut)


def test_every_figure_has_a_chinese_definition_and_source():
    declared = figures(module="legislation")
    assert len(declared) >= 20
    for figure in declared:
        assert str(figure.definition) and str(figure.source), figure.key


def test_projects_and_passing_for_county_a(tree, data):
    user = tree.coordinator_a
    assert value("legislation.projects.total", user).value == 5
    assert value("legislation.projects.total", user, D(2024, 1, 1), D(2024, 12, 31)).value == 1
    assert value("legislation.projects.formal", user).value == 3
    assert value("legislation.projects.preparatory", user).value == 1
    assert value("legislation.projects.passed", user).value == 2
    assert value("legislation.regulations.passed", user).value == 1
    assert value("legislation.rules.passed", user).value == 1
    assert value("legislation.projects.published", user).value == 1


def test_points_for_county_a(tree, data):
    user = tree.coordinator_a
    assert value("legislation.points.contact", user).value == 1
    assert value("legislation.points.collection", user).value == 1  # the closed one is not counted
    assert value("legislation.points.staff", user).value == 7
    assert value("legislation.points.collectors", user).value == 9
    assert value("legislation.points.host.community", user).value == 1
    assert value("legislation.points.host.township", user).value == 1
    coverage = value("legislation.points.township_coverage", user)
    assert (coverage.numerator, coverage.denominator) == (1, 2)


def test_opinions_and_evaluations_for_county_a(tree, data):
    user = tree.coordinator_a
    assert value("legislation.opinions.gathered", user).value == 4
    assert value("legislation.opinions.adopted", user).value == 2
    rate = value("legislation.opinions.adoption_rate", user)
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert value("legislation.evaluations.done", user).value == 1


def test_other_county_and_city(tree, data):
    outsider, city = tree.outsider, tree.city_coordinator
    assert value("legislation.projects.total", outsider).value == 2
    assert value("legislation.projects.passed", outsider).value == 1
    assert value("legislation.opinions.gathered", outsider).value == 1
    assert value("legislation.points.staff", outsider).value == 4
    assert value("legislation.evaluations.done", outsider).value == 1
    assert value("legislation.points.township_coverage", outsider).reason == "分母为零"
    assert value("legislation.projects.passed", city).value == 3
    assert value("legislation.opinions.gathered", city).value == 5
    assert value("legislation.opinions.gathered", city, region=tree.county_a).value == 4
    assert value("legislation.points.collectors", city, region=tree.county_b).value == 3


def test_drill_down_lists_the_counted_records(tree, data):
    passed = records("legislation.projects.passed", user=tree.coordinator_a, start=D(2025, 1, 1),
                     end=D(2025, 12, 31))
    assert sorted(p.title for p in passed) == ["东城区公园管理办法", "东城区河道条例"]
