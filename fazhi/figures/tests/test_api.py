import datetime as dt

import pytest

from fazhi.core.models import Unit, UnitType
from fazhi.figures import registry

URL = "/api/v1/figures/"
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


def by_key(response):
    assert response.status_code == 200, response.content
    return {d["key"]: d for d in response.json()}


def test_list_matches_compute(tree, client_as):
    data = by_key(client_as(tree.coordinator_a).get(URL, {"region": "990102", **YEAR}))
    expected = registry.compute_many(None, user=tree.coordinator_a, region=tree.county_a,
                                     start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert list(data) == [v.key for v in expected]
    assert data == {v.key: v.as_dict() for v in expected}
    units = data["tree.units.total"]
    assert (units["value"], units["region"], units["from"], units["to"]) == (4, "990102", "2026-01-01", "2026-12-31")
    coverage = data["tree.units.credit_code_coverage"]
    assert (coverage["numerator"], coverage["denominator"]) == (4, 4)


def test_default_period_is_this_year_and_key_filters(tree, client_as):
    data = client_as(tree.admin).get(URL, {"key": "tree.units."}).json()
    assert data and all(d["key"].startswith("tree.units.") for d in data)
    start, end = registry.this_year()
    assert (data[0]["from"], data[0]["to"]) == (start.isoformat(), end.isoformat())


def test_outsider_gets_none_of_county_a(tree, client_as):
    client = client_as(tree.outsider)
    assert client.get(URL, {"region": "990102"}).status_code == 404
    assert client.get(URL, {"region": "990199"}).status_code == 404  # missing reads the same
    for params in ({}, {"region": "990100"}, {"region": "990000"}):
        data = by_key(client.get(URL, params))
        # Only 西山县's three units and two staff: nothing of 东城区 leaks into the city total.
        assert data["tree.units.total"]["value"] == 3
        assert data["tree.staff.total"]["value"] == 2
        assert data["tree.regions.township"]["value"] == 1
    assert client.get(URL, {"unit": tree.dept_a.pk}).status_code == 404


def test_anonymous_is_refused(tree, client):
    assert client.get(URL).status_code == 401
    assert client.get(URL + "tree.units.total/records").status_code == 401


@pytest.mark.parametrize(("params", "text"), [
    ({"from": "2026-02-30"}, "应为日期"),
    ({"from": "2026-02-01", "to": "2026-01-01"}, "结束日期不能早于开始日期"),
])
def test_bad_input_is_422_in_chinese(tree, client_as, params, text):
    response = client_as(tree.admin).get(URL, params)
    assert response.status_code == 422
    assert text in response.json()["detail"]


def test_period_ending_on_the_last_date_is_422_not_500(tree, client_as):
    # The day after 9999-12-31 cannot be computed (OverflowError in the datetime bounds).
    response = client_as(tree.admin).get(URL, {"from": "2026-01-01", "to": "9999-12-31"})
    assert response.status_code == 422
    assert "超出可处理的范围" in response.json()["detail"]


def test_records_drill_down(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.get(URL + "tree.units.total/records", {"region": "990102"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert {item["label"] for item in body["items"]} == {"东城区人民政府", "东城区司法局", "东城区市场监督管理局",
                                                         "东城街道办事处"}
    item = body["items"][0]
    unit = Unit.objects.get(pk=item["id"])
    assert item["model"] == "core.unit" and item["url"] == (registry.record_url(unit) or None)
    users = client.get(URL + "tree.staff.coordinator/records").json()
    assert [i["label"] for i in users["items"]] == ["东城协调员"]


def test_records_paginate_and_parts(tree, client_as):
    for i in range(55):
        Unit.objects.create(name=f"调解委员会{i:02d}", unit_type=UnitType.MEDIATION_COMMITTEE, region=tree.county_b)
    client = client_as(tree.admin)
    first = client.get(URL + "tree.units.mediation_committee/records").json()
    second = client.get(URL + "tree.units.mediation_committee/records", {"page": 2}).json()
    assert first["count"] == 55 and len(first["items"]) == 50 and len(second["items"]) == 5
    numerator = client.get(URL + "tree.units.credit_code_coverage/records", {"part": "numerator"}).json()
    denominator = client.get(URL + "tree.units.credit_code_coverage/records", {"part": "denominator"}).json()
    assert (numerator["count"], denominator["count"]) == (9, 64)


def test_records_errors(tree, client_as):
    client = client_as(tree.outsider)
    assert client.get(URL + "no.such.key/records").status_code == 404
    assert client.get(URL + "tree.units.total/records", {"region": "990102"}).status_code == 404
    response = client.get(URL + "tree.units.total/records", {"part": "numerator"})
    assert response.status_code == 422 and "分子和分母" in response.json()["detail"]
    assert client.get(URL + "tree.units.total/records", {"part": "half"}).status_code == 422


def test_query_count_does_not_grow(tree, client_as, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(tree.coordinator_a)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"region": "990102"})
    baseline = len(small.captured_queries)  # read now: the next request resets the query log
    for i in range(20):
        Unit.objects.create(name=f"部门{i}", unit_type=UnitType.DEPARTMENT, region=tree.county_a, parent=tree.gov_a)
    with django_assert_max_num_queries(baseline):
        data = by_key(client.get(URL, {"region": "990102"}))
    assert data["tree.units.department"]["value"] == 22
