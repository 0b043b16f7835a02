"""The audit chain: an append-only list of events, each hashing the one before.

Every create, update and delete of an `AuditedModel` (from services, admin pages, imports, the demo)
and every procedure transition writes one `AuditEvent` in the same transaction as the change.
Event n stores SHA-256(canonical JSON of its own fields + the hash of event n-1); `ChainHead` keeps
the last id and hash, so editing, deleting, inserting or reordering any event — the last one
included — breaks verification (`fazhi audit verify`).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

GENESIS = "0" * 64
_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("fazhi_audit_actor", default=None)

# Fields whose values never enter the chain (only the fact that they changed).
SECRET_FIELDS = {"password", "key_hash"}


@contextlib.contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute the events written inside the block to `actor` (a User, SYSTEM or None)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def save_validated(actor: Any, record: models.Model, **full_clean: Any) -> Any:
    """Validate the record (model and field rules, `full_clean(**full_clean)`), then save it as `actor`.
    The one write step of the services: a ValidationError leaves the database untouched."""
    record.full_clean(**full_clean)
    with acting_as(actor):
        record.save()
    return record


def current_actor() -> Any:
    return _actor.get()


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored values of an instance's concrete fields, JSON-ready."""
    data = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if field.name in SECRET_FIELDS:
            value = hashlib.sha256(str(value).encode()).hexdigest()[:12] if value else ""
        data[field.attname] = _json_value(value)
    return data


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_payload(event: Any) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": _json_value(event.at),
        "actor_id": event.actor_id,
        "actor": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }


def event_hash(event: Any) -> str:
    return hashlib.sha256(canonical(event_payload(event))).hexdigest()


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, ""
    if getattr(actor, "is_system", False):
        return None, "system"
    if not getattr(actor, "is_authenticated", False):
        return None, "anonymous"
    return actor.pk, actor.get_username()


def record(*, action: str, obj: models.Model | None = None, object_type: str = "", object_id: str = "",
           object_repr: str = "", before: dict | None = None, after: dict | None = None,
           actor: Any = None) -> Any:
    """Append one event. Must run inside the transaction of the change it records.

    Inside `deferred()` the event is only queued; it is appended when that block ends.
    """
    from fazhi.core.models import AuditEvent

    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    actor = actor if actor is not None else current_actor()
    actor_id, actor_label = _actor_fields(actor)
    event = AuditEvent(at=timezone.now(), actor_id=actor_id, actor_label=actor_label, action=action,
                       object_type=object_type, object_id=object_id, object_repr=object_repr[:200],
                       before=before, after=after)
    pending = _pending.get()
    if pending is not None:
        pending.append(event)
    else:
        _append([event])
    return event


def _append(events: list[Any]) -> None:
    """Link events to the chain and insert them (one INSERT for many)."""
    from fazhi.core.models import AuditEvent, ChainHead

    with transaction.atomic(savepoint=False):  # joins the caller's transaction; no savepoint needed
        # The head row is the chain's lock: concurrent writers append one after another.
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
        for event in events:
            event.id = head.last_id + 1
            event.prev_hash = head.last_hash
            event.hash = event_hash(event)
            head.last_id, head.last_hash = event.id, event.hash
        AuditEvent.objects.bulk_create(events, batch_size=500)
        head.save(update_fields=["last_id", "last_hash"])


_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar("fazhi_audit_pending", default=None)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Queue the events written inside the block and append them all when it ends.

    For long transactions (an import of thousands of rows, the demo build): appending locks the
    chain head until commit, so appending row by row would make every other audited write on the
    platform wait for the whole import. Queued, the lock is held only from the final append to the
    commit. Use it inside `transaction.atomic()` so the events still commit or roll back with the
    rows; a transaction marked for rollback appends nothing. Do not catch a failure inside the
    block and carry on with events of the failed part queued (all-or-nothing code only).
    """
    if _pending.get() is not None:  # nested: the outer block appends
        yield
        return
    pending: list[Any] = []
    token = _pending.set(pending)
    try:
        yield
        if pending and not transaction.get_rollback():
            _append(pending)
    finally:
        _pending.reset(token)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def verify(batch: int = 2000) -> VerifyResult:
    """Walk the whole chain in id order and report the first broken event."""
    from fazhi.core.models import AuditEvent, ChainHead

    prev_hash = GENESIS
    expected_id = 1
    checked = 0
    last_id = 0
    while True:
        events = list(AuditEvent.objects.filter(id__gte=expected_id).order_by("id")[:batch])
        if not events:
            break
        for event in events:
            if event.id != expected_id:
                return VerifyResult(False, checked, expected_id, f"事件 {expected_id} 缺失（下一个是 {event.id}）")
            if event.prev_hash != prev_hash:
                return VerifyResult(False, checked, event.id, "前一事件哈希不符：有事件被删除、插入或调换顺序")
            if event_hash(event) != event.hash:
                return VerifyResult(False, checked, event.id, "事件内容与其哈希不符：事件被修改")
            prev_hash = event.hash
            expected_id += 1
            last_id = event.id
            checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head and (head.last_id != last_id or head.last_hash != prev_hash):
        # The first event missing at the end, or the first one appended beyond the head.
        broken = min(head.last_id, last_id) + 1 if head.last_id != last_id else last_id
        return VerifyResult(False, checked, broken, f"链尾应为事件 {head.last_id}，实际为 {last_id}："
                            "末尾事件被删除、链尾之后被追加了事件或链头被改动")
    if not head and checked:
        return VerifyResult(False, checked, None, "链头记录缺失")
    return VerifyResult(True, checked)


class AuditedModel(models.Model):
    """A model whose every save and delete appends an audit event in the same transaction.

    Bulk operations (QuerySet.update/delete, bulk_create) bypass it: write through services.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic(savepoint=False):
            before = None if self._state.adding else self._audit_before()
            super().save(*args, **kwargs)
            after = snapshot(self)
            if before is None:
                record(action="create", obj=self, after=after)
            else:
                changed = {k: v for k, v in after.items() if before.get(k) != v}
                if changed:
                    record(action="update", obj=self,
                           before={k: before.get(k) for k in changed}, after=changed)
            self._audit_loaded = after

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(savepoint=False):
            before = snapshot(self)
            label, pk, text = self._meta.label_lower, str(self.pk), str(self)[:200]
            result = super().delete(*args, **kwargs)
            record(action="delete", object_type=label, object_id=pk, object_repr=text, before=before)
        return result

    def _audit_before(self) -> dict | None:
        loaded = getattr(self, "_audit_loaded", None)
        if loaded is not None:
            return loaded
        if self.pk is None or self._state.adding:
            return None
        row = type(self)._base_manager.filter(pk=self.pk).first()
        return snapshot(row) if row else None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = snapshot(instance) if len(field_names) == len(cls._meta.concrete_fields) else None
        return instance
