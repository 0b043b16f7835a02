"""Fixtures shared by every test: a small organisation tree and one user per situation.

    990000 示范省 ─ 990100 示范市 ─┬─ 990102 东城区 (county A) ─ 990102001 东城街道
                                 └─ 990103 西山县 (county B) ─ 990103001 西山镇

The classic trio (Healthchecks habit): an officer of a unit, a coordinator above it, an officer of
another county.
"""

import pytest

from fazhi.core.access import Role
from fazhi.core.models import Region, RoleAssignment, Unit, UnitType, User
from fazhi.core.regions import Level
from fazhi.core.validators import make_credit_code


class Tree:
    pass


def _unit(name, unit_type, region, parent=None, serial=0):
    return Unit.objects.create(name=name, unit_type=unit_type, region=region, parent=parent,
                               credit_code=make_credit_code(region.code, serial))


def _user(username, unit, role, scope=None, full_name=None, **extra):
    user = User.objects.create_user(username=username, password="Secret-pass-123",
                                    full_name=full_name or username, unit=unit, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit, scope=scope or "")
    return user


@pytest.fixture
def tree(db):
    t = Tree()
    t.province = Region.objects.create(code="990000", name="示范省", level=Level.PROVINCE)
    t.city = Region.objects.create(code="990100", name="示范市", level=Level.CITY, parent=t.province)
    t.county_a = Region.objects.create(code="990102", name="东城区", level=Level.COUNTY, parent=t.city)
    t.county_b = Region.objects.create(code="990103", name="西山县", level=Level.COUNTY, parent=t.city)
    t.township_a = Region.objects.create(code="990102001", name="东城街道", level=Level.TOWNSHIP, parent=t.county_a)
    t.township_b = Region.objects.create(code="990103001", name="西山镇", level=Level.TOWNSHIP, parent=t.county_b)

    t.city_gov = _unit("示范市人民政府", UnitType.GOVERNMENT, t.city, serial=1)
    t.city_justice = _unit("示范市司法局", UnitType.DEPARTMENT, t.city, t.city_gov, serial=2)
    t.gov_a = _unit("东城区人民政府", UnitType.GOVERNMENT, t.county_a, t.city_gov, serial=3)
    t.justice_a = _unit("东城区司法局", UnitType.DEPARTMENT, t.county_a, t.gov_a, serial=4)
    t.dept_a = _unit("东城区市场监督管理局", UnitType.DEPARTMENT, t.county_a, t.gov_a, serial=5)
    t.street_a = _unit("东城街道办事处", UnitType.TOWNSHIP_GOVERNMENT, t.township_a, t.gov_a, serial=6)
    t.gov_b = _unit("西山县人民政府", UnitType.GOVERNMENT, t.county_b, t.city_gov, serial=7)
    t.justice_b = _unit("西山县司法局", UnitType.DEPARTMENT, t.county_b, t.gov_b, serial=8)
    t.dept_b = _unit("西山县市场监督管理局", UnitType.DEPARTMENT, t.county_b, t.gov_b, serial=9)

    t.admin = _user("admin", t.city_justice, Role.ADMIN, full_name="管理员", is_superuser=True, is_staff=True)
    t.city_coordinator = _user("city_coord", t.city_justice, Role.COORDINATOR, full_name="市协调员")
    t.coordinator_a = _user("coord_a", t.justice_a, Role.COORDINATOR, full_name="东城协调员")
    t.reviewer_a = _user("reviewer_a", t.justice_a, Role.REVIEWER, full_name="东城审核员")
    t.officer_a = _user("officer_a", t.dept_a, Role.LEGAL_OFFICER, full_name="东城法制员")
    t.enforcer_a = _user("enforcer_a", t.dept_a, Role.ENFORCEMENT_OFFICER, full_name="东城执法员")
    t.leader_a = _user("leader_a", t.gov_a, Role.LEADER, full_name="东城领导")
    t.outsider = _user("coord_b", t.justice_b, Role.COORDINATOR, full_name="西山协调员")
    t.officer_b = _user("officer_b", t.dept_b, Role.LEGAL_OFFICER, full_name="西山法制员")
    t.no_role = _user("norole", t.dept_a, None, full_name="无角色")
    return t


@pytest.fixture
def client_as(client):
    """client_as(user) → the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login




@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """Rows created in a rolled-back test never fire the delete signal: start each test clean."""
    from fazhi.calendar.service import clear_cache

    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files of a test go to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
