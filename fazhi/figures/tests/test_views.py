import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import Unit, UnitType
from fazhi.figures import registry

LIST = reverse("figures:list")
EXPORT = reverse("figures:export")


def records_url(key):
    return reverse("figures:records", args=[key])


@pytest.mark.parametrize("url", [LIST, EXPORT, records_url("tree.units.total")])
def test_anonymous_goes_to_login(client, tree, url):
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_list_defaults_to_own_region_and_this_year(tree, client_as):
    response = client_as(tree.coordinator_a).get(LIST)
    assert response.status_code == 200
    form = response.context["form"]
    start, end = registry.this_year()
    assert form.cleaned_data["region"] == tree.county_a
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (start, end)
    html = response.content.decode()
    assert "组织架构" in html and "单位数" in html
    values = {v.key: v for _, items in response.context["groups"] for v in items}
    assert values["tree.units.total"].value == 4
    assert f'{records_url("tree.units.total")}?{response.context["query"]}' in html.replace("&amp;", "&")
    assert "数值仅包含您有权查看的记录" in html


def test_region_picker_lists_only_visible_regions(tree, client_as):
    html = client_as(tree.coordinator_a).get(LIST).content.decode()
    for code in ("990000", "990100", "990102", "990102001"):
        assert f'value="{code}"' in html
    assert 'value="990103"' not in html and "西山" not in html


def test_other_county_region_is_refused_next_to_the_field(tree, client_as):
    response = client_as(tree.coordinator_a).get(LIST, {"region": "990103"})
    assert response.status_code == 400
    assert "区划不存在或您无权查看。" in response.content.decode()
    assert "西山县司法局" not in response.content.decode()


@pytest.mark.parametrize(("params", "message"), [
    ({"start": "2026-02-30", "end": "2026-03-01"}, "请输入有效的日期，格式 YYYY-MM-DD。"),
    ({"start": "2026-03-01", "end": "2026-02-01"}, "结束日期不能早于开始日期。"),
])
def test_bad_period_is_explained(tree, client_as, params, message):
    response = client_as(tree.admin).get(LIST, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_city_coordinator_sees_the_city(tree, client_as):
    response = client_as(tree.city_coordinator).get(LIST, {"region": "990100", "start": "2026-01-01",
                                                          "end": "2026-12-31"})
    values = {v.key: v.value for _, items in response.context["groups"] for v in items}
    assert values["tree.units.total"] == 9 and values["tree.staff.coordinator"] == 3


def test_leader_may_read_figures(tree, client_as):
    response = client_as(tree.leader_a).get(LIST)
    assert response.status_code == 200
    values = {v.key: v.value for _, items in response.context["groups"] for v in items}
    assert values["tree.units.total"] == 4


def test_records_page_lists_the_counted_records(tree, client_as):
    response = client_as(tree.coordinator_a).get(records_url("tree.units.total"), {"region": "990102"})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("东城区人民政府", "东城区司法局", "东城区市场监督管理局", "东城街道办事处"):
        assert name in html
    assert "西山县" not in html and "示范市司法局" not in html
    assert response.context["page"].paginator.count == 4


def test_records_page_parts_of_a_rate(tree, client_as):
    Unit.objects.filter(pk=tree.dept_a.pk).update(credit_code=None)
    client = client_as(tree.coordinator_a)
    key = "tree.units.credit_code_coverage"
    numerator = client.get(records_url(key), {"region": "990102", "part": "numerator"})
    denominator = client.get(records_url(key), {"region": "990102", "part": "denominator"})
    assert numerator.context["page"].paginator.count == 3
    assert denominator.context["page"].paginator.count == 4
    assert "东城区市场监督管理局" not in numerator.content.decode()
    assert "75.00%（3/4）" in numerator.content.decode()


def test_records_page_errors(tree, client_as):
    client = client_as(tree.coordinator_a)
    assert client.get(records_url("no.such.key")).status_code == 404
    assert client.get(records_url("tree.units.total"), {"part": "numerator"}).status_code == 404
    assert client.get(records_url("tree.units.total"), {"region": "990103"}).status_code == 400


def test_records_page_is_paged_without_n_plus_one(tree, client_as, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(tree.admin)
    url = records_url("tree.staff.total")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    baseline = len(few.captured_queries)  # read now: the next request resets the query log
    for i in range(60):
        Unit.objects.create(name=f"调解委员会{i:02d}", unit_type=UnitType.MEDIATION_COMMITTEE, region=tree.county_b)
    response = client.get(records_url("tree.units.mediation_committee"))
    assert response.context["page"].paginator.count == 60 and len(response.context["rows"]) == 50
    assert "下一页" in response.content.decode()
    assert len(client.get(records_url("tree.units.mediation_committee"), {"page": 2}).context["rows"]) == 10
    from fazhi.core.models import User

    for i in range(30):
        User.objects.create_user(username=f"staff{i}", password="Secret-pass-123", unit=tree.dept_b)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.context["page"].paginator.count == 40


def test_export_xlsx(tree, client_as):
    Unit.objects.filter(pk=tree.dept_a.pk).update(credit_code=None)
    response = client_as(tree.coordinator_a).get(EXPORT, {"region": "990102", "start": "2026-01-01",
                                                          "end": "2026-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "figures-990102-2026-01-01-2026-12-31.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:2] == ("区划", "东城区（990102）")
    header_index = next(i for i, r in enumerate(rows) if r[0] == "模块")
    by_key = {r[-1]: r for r in rows[header_index + 1:]}
    assert by_key["tree.units.total"][2] == 4 and by_key["tree.units.total"][1] == "单位数"
    coverage = by_key["tree.units.credit_code_coverage"]
    assert (coverage[2], coverage[3], coverage[4]) == (0.75, 3, 4)
    cell = next(c for c in ws[header_index + 1 + list(by_key).index("tree.units.credit_code_coverage") + 1]
                if c.column == 3)
    assert cell.number_format == "0.00%"
    assert "西山" not in str(rows)


def test_export_refuses_invisible_region(tree, client_as):
    response = client_as(tree.outsider).get(EXPORT, {"region": "990102"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_unit_cut_on_the_page(tree, client_as):
    response = client_as(tree.coordinator_a).get(LIST, {"unit": tree.dept_a.pk})
    values = {v.key: v.value for _, items in response.context["groups"] for v in items}
    assert values["tree.units.total"] == 1 and values["tree.staff.total"] == 3
    assert values["tree.regions.county"] is None  # regions cannot be cut by unit: no number rather than a wrong one
    assert f"unit={tree.dept_a.pk}" in response.context["query"]
    refused = client_as(tree.outsider).get(LIST, {"unit": tree.dept_a.pk})
    assert refused.status_code == 400 and "单位不存在或您无权查看。" in refused.content.decode()


def test_region_records_page(tree, client_as):
    response = client_as(tree.admin).get(records_url("tree.regions.county"), {"region": "990100"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 2
    assert "东城区" in html and "西山县" in html and "示范市" in html  # listed with the region above them


@pytest.mark.parametrize("url", [LIST, EXPORT, records_url("tree.units.total")])
def test_pages_are_read_only(tree, client_as, url):
    assert client_as(tree.leader_a).post(url).status_code == 405
    assert client_as(tree.admin).post(url).status_code == 405


def test_api_routes_are_named():
    assert reverse("api:figures") == "/api/v1/figures/"
    assert reverse("api:figure_records", kwargs={"key": "tree.units.total"}) == "/api/v1/figures/tree.units.total/records"
