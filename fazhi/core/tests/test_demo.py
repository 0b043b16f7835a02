"""`fazhi demo`: the promised city, valid codes, determinism, refusal, the audit chain, the accounts."""

import functools
import io
import sys
import types

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction

from fazhi.core import demo
from fazhi.core.access import Role
from fazhi.core.audit import verify
from fazhi.core.management.commands import demo as demo_command
from fazhi.core.models import AuditEvent, DemoMarker, Region, RoleAssignment, Unit, UnitType, User
from fazhi.core.regions import Level
from fazhi.core.validators import make_credit_code, validate_credit_code


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def printed_accounts(output: str) -> list[str]:
    """Usernames of the printed account table (its rows end with the shared password)."""
    return [line.split()[0] for line in output.splitlines()
            if line.rstrip().endswith(demo.DEMO_PASSWORD) and not line.startswith("演示账号")]


def city_snapshot() -> dict[str, list[tuple]]:
    return {
        "regions": sorted(Region.objects.values_list("code", "name", "level", "parent_id")),
        "units": sorted(Unit.objects.values_list("region_id", "name", "unit_type", "credit_code",
                                                 "parent__name")),
        "users": sorted(User.objects.values_list("username", "full_name", "unit__name", "is_superuser")),
        "roles": sorted(RoleAssignment.objects.values_list("user__username", "role", "scope", "unit__name")),
    }


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """One build shared by a test class, rolled back after it (like TestCase.setUpTestData)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_output")
class TestTheBuiltCity:
    """Read-only checks on one build; each test runs in a savepoint inside the class transaction."""

    def test_the_promised_numbers(self):
        levels = {level: Region.objects.filter(level=level).count() for level in Level}
        assert levels[Level.PROVINCE] == 1 and levels[Level.CITY] == 1
        assert levels[Level.COUNTY] == 5
        assert levels[Level.TOWNSHIP] == 70
        assert levels[Level.VILLAGE] >= 140
        assert all(code.startswith("99") for code in Region.objects.values_list("code", flat=True))
        assert Unit.objects.filter(unit_type=UnitType.DEPARTMENT).count() == 60
        for unit_type in UnitType:
            if unit_type not in (UnitType.ENTERPRISE, UnitType.OTHER):
                assert Unit.objects.filter(unit_type=unit_type).exists(), unit_type
        assert DemoMarker.objects.get().seed == demo.DEFAULT_SEED

    def test_units_hang_under_the_right_parents(self):
        departments = Unit.objects.filter(unit_type=UnitType.DEPARTMENT)
        assert set(departments.values_list("parent__unit_type", flat=True)) == {UnitType.GOVERNMENT}
        # One government per township, under its county's government.
        township_govs = Unit.objects.filter(unit_type=UnitType.TOWNSHIP_GOVERNMENT).select_related(
            "region", "parent")
        assert sorted(u.region_id for u in township_govs) == sorted(
            Region.objects.filter(level=Level.TOWNSHIP).values_list("code", flat=True))
        for unit in township_govs:
            assert unit.parent.unit_type == UnitType.GOVERNMENT
            assert unit.parent.region_id == unit.region.parent_id

    def test_units_have_valid_codes_and_sit_inside_their_parents_region(self):
        units = list(Unit.objects.select_related("parent"))
        assert len(units) > 200
        for unit in units:
            validate_credit_code(unit.credit_code)  # raises on a bad code
            assert unit.credit_code[2:8] == unit.region_id[:6]
            if unit.parent_id:
                assert unit.region_id.startswith(unit.parent.region_prefix), unit.name
                assert unit.path == f"{unit.parent.path}{unit.pk}/"
        assert len({u.credit_code for u in units}) == len(units)

    def test_every_role_has_staff_and_the_admin_is_a_superuser(self):
        assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff and admin.unit.name == "云川市司法局"
        assert not User.objects.exclude(username="admin").filter(is_staff=True).exists()
        # A coordinator and a leader for the city and for each county; everybody has a name.
        for role in (Role.COORDINATOR, Role.LEADER):
            regions = set(RoleAssignment.objects.filter(role=role).values_list("unit__region_id", flat=True))
            assert regions == {"990100", "990102", "990103", "990104", "990105", "990106"}
        assert not User.objects.filter(full_name="").exists()

    def test_printed_accounts_cover_every_role_and_can_log_in(self, demo_output, client):
        usernames = printed_accounts(demo_output)
        printed = RoleAssignment.objects.filter(user__username__in=usernames)
        roles = set(printed.values_list("role", flat=True))
        assert roles == set(Role.values)
        for username in usernames:
            assert client.login(username=username, password="demo-2025"), username
            client.logout()
        assert not client.login(username="admin", password="wrong-password")

    def test_the_build_is_audited_and_the_chain_verifies(self):
        result = verify()
        assert result.ok, result.reason
        assert result.checked == AuditEvent.objects.count()
        created = AuditEvent.objects.filter(action="create")
        for model in (Region, Unit, User, RoleAssignment):
            assert created.filter(object_type=model._meta.label_lower).count() == model.objects.count()
        # The tree is built by the system; later modules act as the demo users who would do the work.
        tree_types = [m._meta.label_lower for m in (Region, Unit, User, RoleAssignment)]
        tree_events = AuditEvent.objects.filter(object_type__in=tree_types, action="create")
        assert set(tree_events.values_list("actor_label", flat=True)) == {"system"}
        actors = set(AuditEvent.objects.values_list("actor_label", flat=True))
        assert actors <= {"system"} | set(User.objects.values_list("username", flat=True))


@pytest.fixture
def tree_only(monkeypatch):
    """The command builds the tree alone: the module demos have their own tests and take a minute."""
    monkeypatch.setattr(demo, "build", functools.partial(demo.build, only=()))


@pytest.mark.django_db(transaction=True)
def test_building_twice_gives_identical_data(tree_only):
    first_output = run_demo()
    first = city_snapshot()
    second_output = run_demo()
    assert "已清除旧的演示数据" in second_output
    assert city_snapshot() == first
    assert printed_accounts(second_output) == printed_accounts(first_output)
    assert DemoMarker.objects.count() == 1
    assert verify().ok


@pytest.mark.django_db
def test_refuses_a_database_that_is_not_a_demo(tree_only):
    province = Region.objects.create(code="110000", name="真实省", level=Level.PROVINCE)
    Unit.objects.create(name="真实单位", unit_type=UnitType.DEPARTMENT, region=province,
                        credit_code=make_credit_code("110000", 1))
    with pytest.raises(CommandError, match="非演示数据.*--force"):
        run_demo()
    assert list(Unit.objects.values_list("name", flat=True)) == ["真实单位"]
    assert not DemoMarker.objects.exists()


@pytest.mark.django_db
def test_refuses_a_database_with_only_staff(tree_only):
    User.objects.create_user(username="someone", password="Secret-pass-123")
    with pytest.raises(CommandError, match="非演示数据"):
        run_demo()
    assert not Region.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_force_replaces_a_database_that_is_not_a_demo(tree_only):
    province = Region.objects.create(code="110000", name="真实省", level=Level.PROVINCE)
    Unit.objects.create(name="真实单位", unit_type=UnitType.DEPARTMENT, region=province)
    run_demo("--force")
    assert not Unit.objects.filter(name="真实单位").exists()
    assert DemoMarker.objects.count() == 1
    assert Unit.objects.filter(unit_type=UnitType.DEPARTMENT).count() == 60
    assert verify().ok


def test_rejects_a_bad_port():
    with pytest.raises(CommandError, match="端口"):
        call_command("demo", "--port", "70000")


@pytest.mark.django_db
def test_later_modules_add_records_through_the_hook(monkeypatch):
    seen = []

    def build(city):
        # Called inside the build: the tree exists, the demo is not yet marked as finished.
        assert isinstance(city, demo.DemoCity)
        assert city.justice_bureau.name == "云川市司法局"
        assert Unit.objects.filter(pk=city.justice_bureau.pk).exists()
        assert not DemoMarker.objects.exists()
        seen.append(city)

    last_app = list(apps.get_app_configs())[-1].name
    monkeypatch.setitem(sys.modules, f"{last_app}.demo", types.SimpleNamespace(build=build))
    city = demo.build(only={last_app})
    assert seen == [city]
    assert len(city.townships) == 70 and len(city.departments) == 60 and len(city.counties) == 5
    assert city.users["admin"].is_superuser
    assert {u.username for u in city.staff(Role.COORDINATOR)} >= {"coord_city", "coord_qj"}
    assert DemoMarker.objects.get().seed == demo.DEFAULT_SEED


@pytest.mark.django_db
def test_a_broken_module_demo_fails_and_leaves_nothing(monkeypatch):
    target = f"{list(apps.get_app_configs())[-1].name}.demo"
    real_import = demo.importlib.import_module

    def import_module(name, *args):
        if name == target:
            raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")
        return real_import(name, *args)

    monkeypatch.setattr(demo.importlib, "import_module", import_module)
    with pytest.raises(ModuleNotFoundError):
        demo.build(only={target.removesuffix(".demo")})
    assert not Unit.objects.exists() and not AuditEvent.objects.exists()


def test_serve_collects_static_starts_the_worker_and_runs_the_server(monkeypatch):
    calls, threads = [], []

    class FakeThread:
        def __init__(self, target, args, daemon, name):
            threads.append((target, args, daemon))

        def start(self):
            threads.append("started")

    monkeypatch.setattr(demo_command, "call_command", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setattr(demo_command.threading, "Thread", FakeThread)
    monkeypatch.setattr(demo_command, "get_commands", lambda: {"worker": "fazhi.imports", "flush": "django"})
    out = io.StringIO()
    demo_command.Command(stdout=out).serve(8123)
    assert calls == [(("collectstatic",), {"interactive": False, "verbosity": 0}),
                     (("runserver", "127.0.0.1:8123"), {"use_reloader": False})]
    assert threads == [(demo_command.call_command, ("worker",), True), "started"]
    assert "演示系统已启动：http://127.0.0.1:8123" in out.getvalue()

    calls.clear(), threads.clear()
    monkeypatch.setattr(demo_command, "get_commands", lambda: {"migrate": "django"})
    demo_command.Command(stdout=io.StringIO()).serve(8000)
    assert threads == [] and calls[-1] == (("runserver", "127.0.0.1:8000"), {"use_reloader": False})
