"""The audit chain: every write leaves an event, failed writes leave none, and any tampering —
an edited, deleted, inserted or reordered event, the last one included — is found by verify()."""

import contextlib
import datetime
import importlib
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.access import SYSTEM
from fazhi.core.audit import GENESIS, acting_as, event_hash, verify
from fazhi.core.models import AuditEvent, ChainHead, Region, Unit, UnitType, User
from fazhi.core.regions import Level

APPEND_ONLY = importlib.import_module("fazhi.core.migrations.0002_audit_append_only")
TRIGGER = "core_auditevent_append_only"


@contextlib.contextmanager
def append_only_lifted():
    """Switch the append-only trigger off for a tampering test, and back on afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {TRIGGER}")
        elif connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER {TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {TRIGGER}")
            elif connection.vendor == "sqlite":
                cursor.execute(APPEND_ONLY.SQLITE_UP)


def tamper(event_id: int, **values) -> None:
    with append_only_lifted():
        AuditEvent.objects.filter(pk=event_id).update(**values)


def run_verify() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


# --- events are written with the change, and only with it ------------------------------------

def test_create_update_delete_write_events(tree):
    with acting_as(tree.admin):
        unit = Unit.objects.create(name="东城区水务局", unit_type=UnitType.DEPARTMENT, region=tree.county_a,
                                   parent=tree.gov_a)
        created = last_event()
        unit.name = "东城区水利局"
        unit.save()
        updated = last_event()
        unit.save()  # nothing changed: no event
        assert last_event().id == updated.id
        pk = unit.pk
        unit.delete()
        deleted = last_event()

    assert (created.action, created.object_type, created.object_id) == ("create", "core.unit", str(pk))
    assert created.before is None and created.after["name"] == "东城区水务局"
    assert created.actor_id == tree.admin.pk and created.actor_label == "admin"
    assert (updated.action, updated.before, updated.after) == ("update", {"name": "东城区水务局"},
                                                               {"name": "东城区水利局"})
    assert deleted.action == "delete" and deleted.after is None
    assert deleted.before["name"] == "东城区水利局" and deleted.object_repr == "东城区水利局"
    assert [created.id + 1, updated.id + 1] == [updated.id, deleted.id]
    assert deleted.prev_hash == updated.hash and updated.prev_hash == created.hash
    assert verify().ok


def test_system_actor_and_secrets(tree):
    with acting_as(SYSTEM):
        user = User.objects.create_user(username="new_staff", password="Another-pass-456", unit=tree.dept_a)
    event = last_event()
    assert event.actor_id is None and event.actor_label == "system"
    # The password hash never enters the chain, only a short digest of it.
    assert user.password not in json.dumps(event.after)
    assert len(event.after["password"]) == 12


def test_failed_transaction_leaves_no_event(tree):
    count, head = AuditEvent.objects.count(), ChainHead.objects.get().last_id
    with pytest.raises(RuntimeError), transaction.atomic():
        tree.dept_a.name = "改名后失败"
        tree.dept_a.save()
        Unit.objects.create(name="不会存在", unit_type=UnitType.OTHER, region=tree.county_a)
        raise RuntimeError("boom")
    assert AuditEvent.objects.count() == count and ChainHead.objects.get().last_id == head
    assert Unit.objects.get(pk=tree.dept_a.pk).name == "东城区市场监督管理局"
    assert verify().ok


def test_fresh_chain_verifies_and_command_prints_count(tree):
    result = verify()
    assert result.ok and result.checked == AuditEvent.objects.count() > 20
    out, error = run_verify()
    assert error is None
    assert out.strip() == f"审计链完整：共 {result.checked} 个事件"


def test_empty_chain_verifies(db):
    assert verify().ok and verify().checked == 0
    assert run_verify() == ("审计链完整：共 0 个事件\n", None)


def test_database_refuses_to_update_events(tree):
    event_id = last_event().id
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = %s WHERE id = %s", ["forged", event_id])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event_id).update(after={"name": "forged"})
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=event_id).delete()
    # Lifting the trigger for a test puts it back afterwards.
    tamper(event_id, action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event_id).update(action="again")


def test_show_lists_an_objects_events(tree):
    with acting_as(tree.coordinator_a):
        tree.dept_a.short_name = "东城市监局"
        tree.dept_a.save()
    out = io.StringIO()
    call_command("audit", "show", "--object", f"core.unit:{tree.dept_a.pk}", stdout=out)
    lines = out.getvalue().splitlines()
    assert "创建  东城区市场监督管理局" in lines[0]
    assert "coord_a  修改" in lines[2]
    assert lines[3].strip() == 'short_name："" → "东城市监局"'
    out = io.StringIO()
    call_command("audit", "show", "--object", "core.unit:999999", stdout=out)
    assert out.getvalue().strip() == "对象 core.unit:999999 没有审计事件。"
    with pytest.raises(CommandError, match="类型:编号"):
        call_command("audit", "show", "--object", "core.unit")


# --- tampering is detected at the first broken event --------------------------------------------

def assert_broken_at(event_id: int, reason: str) -> None:
    result = verify()
    assert not result.ok
    assert result.broken_id == event_id, result
    assert reason in result.reason
    out, error = run_verify()
    assert error is not None and error.returncode == 1
    assert f"事件 #{event_id}" in str(error) and reason in str(error)
    assert f"编号：#{event_id}" in out and reason in out


def test_edited_event_detected(tree):
    target = AuditEvent.objects.filter(object_type="core.unit").order_by("id")[3]
    tamper(target.id, after={**target.after, "name": "伪造的单位"})
    assert_broken_at(target.id, "事件被修改")
    out, _ = run_verify()
    assert f"对象：core.unit:{target.object_id}" in out and "操作：create" in out


def test_edited_event_with_recomputed_hash_detected_at_next(tree):
    # A forger who also recomputes the event's hash breaks the link to the following event.
    target = AuditEvent.objects.order_by("id")[5]
    target.after = {**target.after, "name": "伪造"}
    tamper(target.id, after=target.after, hash=event_hash(target))
    assert_broken_at(target.id + 1, "前一事件哈希不符")


def test_deleted_middle_event_detected(tree):
    target = AuditEvent.objects.order_by("id")[7]
    with append_only_lifted():
        AuditEvent.objects.filter(pk=target.id).delete()
    assert_broken_at(target.id, f"事件 {target.id} 缺失")
    out, _ = run_verify()
    assert "数据库中没有这个编号的事件" in out


def test_deleted_last_event_detected(tree):
    last = last_event()
    with append_only_lifted():
        AuditEvent.objects.filter(pk=last.id).delete()
    assert_broken_at(last.id, "末尾事件被删除")


def test_inserted_forged_event_detected(tree):
    last = last_event()
    forged = AuditEvent(id=last.id + 1, at=last.at, actor_label="admin", action="delete", object_type="core.unit",
                        object_id="1", object_repr="伪造", before={"name": "伪造"}, prev_hash=last.hash)
    forged.hash = event_hash(forged)  # correctly chained: only the chain head gives it away
    forged.save(force_insert=True)
    assert_broken_at(forged.id, "链尾之后被追加了事件")


def test_inserted_event_with_gap_detected(tree):
    last = last_event()
    forged = AuditEvent(id=last.id + 5, at=last.at, action="create", object_type="core.unit", object_id="1",
                        prev_hash=last.hash)
    forged.hash = event_hash(forged)
    forged.save(force_insert=True)
    assert_broken_at(last.id + 1, f"事件 {last.id + 1} 缺失")


FIELDS = ["at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_repr", "before",
          "after", "prev_hash", "hash"]


def swap(first_id: int, second_id: int) -> None:
    a, b = AuditEvent.objects.get(pk=first_id), AuditEvent.objects.get(pk=second_id)
    with append_only_lifted():
        AuditEvent.objects.filter(pk=a.id).update(hash="swap")  # the hash column is unique
        AuditEvent.objects.filter(pk=b.id).update(**{f: getattr(a, f) for f in FIELDS})
        AuditEvent.objects.filter(pk=a.id).update(**{f: getattr(b, f) for f in FIELDS})


@pytest.mark.parametrize("gap", [1, 4])
def test_reordered_events_detected(tree, gap):
    first = AuditEvent.objects.order_by("id")[10].id
    swap(first, first + gap)
    assert_broken_at(first, "前一事件哈希不符")


def test_moved_chain_head_detected(tree):
    head = ChainHead.objects.get()
    ChainHead.objects.filter(pk=head.pk).update(last_hash="0" * 64)
    assert_broken_at(head.last_id, "链头被改动")


# --- properties -------------------------------------------------------------------------------

class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """Run one hypothesis example in a savepoint that is always undone (fresh chain per example)."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def changed_value(event: AuditEvent, field: str):
    value = getattr(event, field)
    return {
        "at": lambda: value + datetime.timedelta(seconds=1),
        "actor_id": lambda: (value or 0) + 1,
        "before": lambda: {**(value or {}), "tampered": 1},
        "after": lambda: {**(value or {}), "tampered": 1},
        "prev_hash": lambda: "f" * 64,
        "hash": lambda: "e" * 64,
    }.get(field, lambda: value + "x")()


operations = st.lists(st.tuples(st.sampled_from(["create", "update", "delete"]), st.integers(0, 50)),
                      min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, data=st.data())
def test_any_history_verifies_and_any_single_tampering_is_found_at_its_event(db, ops, data):
    with rolled_back():
        assert not AuditEvent.objects.exists()
        region = Region.objects.create(code="990000", name="示范省", level=Level.PROVINCE)
        live: list[Unit] = []
        for n, (op, pick) in enumerate(ops):
            if op == "create" or not live:
                live.append(Unit.objects.create(name=f"单位{n}", unit_type=UnitType.OTHER, region=region))
            elif op == "update":
                unit = live[pick % len(live)]
                unit.name, unit.is_active = f"{unit.name}·改{n}", not unit.is_active
                unit.save()
            else:
                live.pop(pick % len(live)).delete()
        events = list(AuditEvent.objects.order_by("id"))
        assert [e.id for e in events] == list(range(1, len(events) + 1))
        assert events[0].prev_hash == GENESIS
        result = verify()
        assert result.ok and result.checked == len(events) == 1 + len(ops)

        target = data.draw(st.sampled_from(events), label="event")
        field = data.draw(st.sampled_from(FIELDS), label="field")
        tamper(target.id, **{field: changed_value(target, field)})
        result = verify()
        assert not result.ok and result.broken_id == target.id, (field, result)
