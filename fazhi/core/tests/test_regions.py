"""Region codes against levels and parents, and units kept inside their region, through the forms."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.core import regions
from fazhi.core.access import SYSTEM
from fazhi.core.forms import RegionForm, UnitForm
from fazhi.core.models import AuditEvent, Region, Unit
from fazhi.core.regions import Level
from fazhi.core.services import save_region, save_unit
from fazhi.core.validators import make_credit_code


def region_form(code, level, parent=None, name="测试区划", user=SYSTEM):
    data = {"code": code, "name": name, "level": int(level), "parent": parent or ""}
    return RegionForm(data=data, user=user)


def test_valid_codes_for_each_level_build_a_chain(db):
    chain = [("990000", Level.PROVINCE, None), ("990100", Level.CITY, "990000"), ("990102", Level.COUNTY, "990100"),
             ("990102001", Level.TOWNSHIP, "990102"), ("990102001001", Level.VILLAGE, "990102001")]
    for code, level, parent in chain:
        form = region_form(code, level, parent)
        assert form.is_valid(), (code, form.errors)
        save_region(actor=SYSTEM, region=form.save(commit=False))
    assert list(Region.objects.order_by("code").values_list("code", "level")) == [(c, lv) for c, lv, _ in chain]
    village = Region.objects.get(code="990102001001")
    assert [r.code for r in village.ancestors()] == ["990000", "990100", "990102", "990102001"]
    assert Region.objects.subtree(Region.objects.get(code="990100")).count() == 4


@pytest.mark.parametrize("code,level,parent,field,text", [
    ("99010", Level.COUNTY, "990100", "code", "县级区划代码为6位数字"),
    ("990200", Level.COUNTY, "990000", "code", "与级别“县级”不符"),
    ("990100", Level.COUNTY, "990100", "code", "与级别“县级”不符"),
    ("990110", Level.CITY, "990000", "code", "市级区划代码为6位数字"),
    ("99a100", Level.CITY, "990000", "code", "区划代码只能由数字组成"),
    ("990102002", Level.COUNTY, "990102", "code", "与级别“县级”不符"),
    ("990103002", Level.TOWNSHIP, "990102", "parent", "不在上级区划“990102”的代码范围内（应以“990102”开头）"),
    ("990103003", Level.TOWNSHIP, "990100", "parent", "上级区划应为县级，实际为市级"),
    ("980000", Level.PROVINCE, "990000", "parent", "省级区划不能有上级区划"),
    ("990104", Level.COUNTY, None, "parent", "县级区划必须指定上级区划"),
])
def test_bad_region_reported_on_its_field_in_chinese(tree, code, level, parent, field, text):
    count, events = Region.objects.count(), AuditEvent.objects.count()
    form = region_form(code, level, parent, user=tree.admin)
    assert not form.is_valid()
    assert any(text in message for message in form.errors.get(field, [])), form.errors
    # The model refuses the same region through the service, and nothing is written.
    region = Region(code=code, name="测试区划", level=level,
                    parent=Region.objects.filter(code=parent).first() if parent else None)
    with pytest.raises(ValidationError):
        save_region(actor=tree.admin, region=region)
    assert Region.objects.count() == count and AuditEvent.objects.count() == events


def test_parent_outside_users_scope_is_not_a_choice(tree):
    form = region_form("990102002", Level.TOWNSHIP, "990102", user=tree.coordinator_a)
    assert not form.is_valid()
    assert "parent" in form.errors  # a coordinator may not change regions: no parent is selectable


def test_level_of_and_prefix():
    assert [regions.level_of(c) for c in ("990000", "990100", "990102", "990102001", "990102001001", "99010")] == [
        Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, None]
    assert regions.prefix_of("990000", Level.PROVINCE) == "99"
    assert regions.prefix_of("990100", Level.CITY) == "9901"
    assert regions.ancestor_codes("990102001") == ["990000", "990100", "990102"]


# --- units stay inside their region ----------------------------------------------------------

def unit_data(**overrides):
    data = {"name": "西山县水利局", "unit_type": "department", "region": "990103", "parent": "",
            "credit_code": "", "is_active": True}
    data.update(overrides)
    return data


def test_unit_under_unit_of_another_region_refused(tree):
    count, events = Unit.objects.count(), AuditEvent.objects.count()
    form = UnitForm(data=unit_data(parent=tree.gov_a.pk), user=tree.admin)
    assert not form.is_valid()
    [message] = form.errors["parent"]
    assert "单位不能挂在其他区划的单位之下" in message and "东城区人民政府" in message and "西山县" in message
    unit = Unit(name="西山县水利局", unit_type="department", region=tree.county_b, parent=tree.gov_a)
    with pytest.raises(ValidationError) as exc:
        save_unit(actor=tree.city_coordinator, unit=unit)
    assert "parent" in exc.value.message_dict
    assert Unit.objects.count() == count and AuditEvent.objects.count() == events


def test_unit_under_unit_of_parent_region_allowed(tree):
    # A township office may hang under its county government: the township is inside the county.
    form = UnitForm(data=unit_data(name="东城街道司法所", region="990102001", parent=tree.gov_a.pk),
                    user=tree.admin)
    assert form.is_valid(), form.errors


# A coordinator may not change regions (Region.writer_roles) but may place units in their county.
def test_coordinator_may_place_unit_in_own_county(tree):
    form = UnitForm(data=unit_data(name="东城区水利局", region="990102", parent=tree.gov_a.pk),
                    user=tree.coordinator_a)
    assert form.is_valid(), form.errors
    outside = UnitForm(data=unit_data(name="西山县水利局", region="990103", parent=tree.gov_b.pk),
                       user=tree.coordinator_a)
    assert not outside.is_valid() and "region" in outside.errors


def test_unit_cannot_be_its_own_ancestor(tree):
    tree.gov_a.parent = tree.dept_a
    with pytest.raises(ValidationError) as exc:
        save_unit(actor=tree.admin, unit=tree.gov_a)
    assert "上级单位不能是本单位或其下属单位" in exc.value.message_dict["parent"][0]


def test_unit_credit_code_wrong_check_char_via_form(tree):
    good = make_credit_code("990103", 321)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    count = Unit.objects.count()
    form = UnitForm(data=unit_data(credit_code=bad), user=tree.admin)
    assert not form.is_valid()
    assert list(form.errors) == ["credit_code"]
    assert f"校验位错误：第18位应为“{good[17]}”" in form.errors["credit_code"][0]
    assert Unit.objects.count() == count
    form = UnitForm(data=unit_data(credit_code=good), user=tree.admin)
    assert form.is_valid(), form.errors


def test_unit_region_outside_users_scope_refused(tree):
    form = UnitForm(data=unit_data(region="990102"), user=tree.outsider)
    assert not form.is_valid()
    assert "region" in form.errors
