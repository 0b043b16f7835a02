"""The unit picker (fazhi.core.widgets): a search endpoint in the user's scope instead of a <select>."""

import re

import pytest
from django.urls import reverse

from fazhi.core.forms import RoleForm, StaffForm, UnitForm
from fazhi.core.models import Unit, UnitType, User
from fazhi.core.validators import make_credit_code
from fazhi.core.widgets import UnitChoiceField, UnitPickerWidget
from fazhi.procedures.filters import DeadlineFilter

SEARCH = "/units/search/"


def ids(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-id="(\d+)"', response.content.decode())}


def extra_units(tree, n, region=None, start=100):
    region = region or tree.county_a
    return [Unit.objects.create(name=f"东城区测试单位{i:03d}", unit_type=UnitType.DEPARTMENT, region=region,
                                parent=tree.gov_a, credit_code=make_credit_code(region.code, start + i))
            for i in range(n)]


def test_search_url_is_core_unit_search():
    assert reverse("core:unit_search") == SEARCH


def test_search_returns_only_units_in_scope(tree, client_as):
    outsider = client_as(tree.outsider).get(SEARCH, {"q": "东城", "purpose": "change"})
    assert outsider.status_code == 200 and ids(outsider) == set() and "东城" not in outsider.content.decode()
    assert ids(client_as(tree.outsider).get(SEARCH, {"q": "东城", "purpose": "view"})) == set()
    found = ids(client_as(tree.coordinator_a).get(SEARCH, {"q": "东城", "purpose": "change"}))
    assert found == {tree.gov_a.pk, tree.justice_a.pk, tree.dept_a.pk, tree.street_a.pk}
    # by credit code (a prefix is enough), still only in scope
    assert ids(client_as(tree.coordinator_a).get(SEARCH, {"q": tree.dept_a.credit_code.lower()})) == {tree.dept_a.pk}
    assert ids(client_as(tree.outsider).get(SEARCH, {"q": tree.dept_a.credit_code})) == set()
    # an empty query lists nothing
    assert ids(client_as(tree.coordinator_a).get(SEARCH, {"q": " "})) == set()


def test_search_purpose_decides_the_action(tree, client_as):
    client = client_as(tree.leader_a)
    assert ids(client.get(SEARCH, {"q": "东城", "purpose": "change"})) == set()  # a leader changes nothing
    assert tree.dept_a.pk in ids(client.get(SEARCH, {"q": "东城", "purpose": "view"}))
    # an officer sees the units of their subtree but changes none
    officer = client_as(tree.officer_a)
    assert ids(officer.get(SEARCH, {"q": "市场监督", "purpose": "view"})) == {tree.dept_a.pk}
    assert ids(officer.get(SEARCH, {"q": "市场监督", "purpose": "change"})) == set()


def test_search_is_limited_and_bounded(tree, client_as, django_assert_max_num_queries):
    extra_units(tree, 30)
    client = client_as(tree.coordinator_a)
    client.get(SEARCH, {"q": "测试"})
    with django_assert_max_num_queries(6):
        response = client.get(SEARCH, {"q": "测试单位", "purpose": "change"})
    assert len(ids(response)) == 20
    assert "只显示前 20 个" in response.content.decode()
    # an exact name comes first even when it sorts last
    first = re.search(r'data-id="(\d+)"', client.get(SEARCH, {"q": "东城区测试单位029"}).content.decode())
    assert Unit.objects.get(pk=first.group(1)).name == "东城区测试单位029"


def test_search_needs_login(client, db):
    response = client.get(SEARCH, {"q": "东城"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def staff_data(**overrides):
    data = {"username": "picked", "full_name": "新法制员", "phone": "", "is_active": "on",
            "role": "legal_officer", "scope": "", "password": "Another-pass-456"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("how", ["id", "credit_code", "credit_code_lower", "name"])
def test_staff_form_accepts_id_credit_code_and_name(tree, how):
    value = {"id": str(tree.dept_a.pk), "credit_code": tree.dept_a.credit_code,
             "credit_code_lower": f" {tree.dept_a.credit_code.lower()} ", "name": tree.dept_a.name}[how]
    # as typed without JavaScript: only the text box has a value
    form = StaffForm(data=staff_data(unit="", unit_q=value, unit_shown=""), user=tree.coordinator_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == tree.dept_a


def test_staff_form_refuses_another_county_however_named(tree):
    for data in ({"unit": tree.dept_b.pk}, {"unit_q": tree.dept_b.credit_code, "unit": ""},
                 {"unit_q": tree.dept_b.name, "unit": ""}):
        form = StaffForm(data=staff_data(**data), user=tree.coordinator_a)
        assert not form.is_valid()
        assert "选择一个有效的选项" in form.errors["unit"][0]
    form = StaffForm(data=staff_data(unit="", unit_q="不存在的单位"), user=tree.coordinator_a)
    assert not form.is_valid() and "选择一个有效的选项" in form.errors["unit"][0]


def test_ambiguous_name_asks_for_the_credit_code(tree):
    twins = [Unit.objects.create(name="东城综合执法队", unit_type=UnitType.DEPARTMENT, region=region,
                                 parent=tree.gov_a, credit_code=make_credit_code(region.code, 90 + i))
             for i, region in enumerate([tree.county_a, tree.township_a])]
    form = StaffForm(data=staff_data(unit="", unit_q="东城综合执法队"), user=tree.coordinator_a)
    assert not form.is_valid()
    assert "请填写统一社会信用代码" in form.errors["unit"][0]
    form = StaffForm(data=staff_data(unit="", unit_q=twins[1].credit_code), user=tree.coordinator_a)
    assert form.is_valid(), form.errors and form.cleaned_data["unit"] == twins[1]


def test_chosen_id_wins_until_the_text_is_edited(tree):
    # JavaScript chose a unit: the id and the text shown agree → the id is used
    chosen = staff_data(unit=tree.justice_a.pk, unit_q=tree.justice_a.name, unit_shown=tree.justice_a.name)
    form = StaffForm(data=chosen, user=tree.coordinator_a)
    assert form.is_valid(), form.errors and form.cleaned_data["unit"] == tree.justice_a
    # the page showed justice_a, the user typed another name without choosing → the typed text is used
    typed = staff_data(unit=tree.justice_a.pk, unit_q=tree.dept_a.name, unit_shown=tree.justice_a.name)
    form = StaffForm(data=typed, user=tree.coordinator_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == tree.dept_a
    # the text cleared → no unit (the field is required)
    form = StaffForm(data=staff_data(unit=tree.justice_a.pk, unit_q="", unit_shown=tree.justice_a.name),
                     user=tree.coordinator_a)
    assert not form.is_valid() and "unit" in form.errors


def test_staff_page_creates_with_a_typed_name_and_redisplays_errors(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post("/users/new/", staff_data(unit="", unit_q=tree.dept_b.name, unit_shown=""))
    page = response.content.decode()
    assert response.status_code == 200 and "选择一个有效的选项" in page
    assert f'value="{tree.dept_b.name}"' in page  # the typed text stays in the box
    response = client.post("/users/new/", staff_data(unit="", unit_q=tree.dept_a.credit_code, unit_shown=""))
    assert response.status_code == 302
    assert User.objects.get(username="picked").unit == tree.dept_a


def test_edit_page_shows_the_current_unit(tree, client_as):
    page = client_as(tree.coordinator_a).get(f"/users/{tree.officer_a.pk}/edit/").content.decode()
    assert f'name="unit" value="{tree.dept_a.pk}"' in page
    assert f'name="unit_q" value="{tree.dept_a.name}"' in page
    assert 'id="id_unit"' in page and '<label for="id_unit">' in page
    assert 'hx-get="/units/search/?purpose=change"' in page
    page = client_as(tree.coordinator_a).get(f"/units/new/?parent={tree.gov_a.pk}").content.decode()
    assert f'name="parent_q" value="{tree.gov_a.name}"' in page


def test_unit_form_role_form_and_filter_use_the_picker(tree):
    assert isinstance(UnitForm(user=tree.coordinator_a).fields["parent"], UnitChoiceField)
    assert isinstance(StaffForm(user=tree.coordinator_a).fields["unit"].widget, UnitPickerWidget)
    role_form = RoleForm(data={"role": "reviewer", "scope": "", "unit": "", "unit_q": tree.justice_a.name},
                         user=tree.coordinator_a)
    assert role_form.is_valid(), role_form.errors and role_form.cleaned_data["unit"] == tree.justice_a
    role_form = RoleForm(data={"role": "reviewer", "scope": "", "unit": tree.justice_b.pk}, user=tree.coordinator_a)
    assert not role_form.is_valid() and "选择一个有效的选项" in role_form.errors["unit"][0]
    filterset = DeadlineFilter({"unit_q": tree.dept_a.name}, Unit.objects.none(), user=tree.leader_a)
    field = filterset.form.fields["unit"]
    assert field.widget.purpose == "view"
    assert filterset.form.is_valid(), filterset.form.errors
    assert filterset.form.cleaned_data["unit"] == tree.dept_a  # a leader filters by a unit they may view


@pytest.mark.parametrize("url", ["/units/new/", "/users/new/", "/procedures/deadlines/", "user_detail"])
def test_pages_do_not_grow_with_the_number_of_units(tree, client_as, url):
    client = client_as(tree.city_coordinator)
    if url == "user_detail":
        url = f"/users/{tree.officer_a.pk}/"
    before = client.get(url)
    assert before.status_code == 200
    extra_units(tree, 100)
    after = client.get(url)
    old, new = before.content.decode(), after.content.decode()
    assert new.count("<option") == old.count("<option")
    assert "东城区测试单位" not in new
    assert abs(len(new) - len(old)) < 200  # 100 options would add several kilobytes
