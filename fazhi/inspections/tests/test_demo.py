"""The demo builder on a real demo city (the organisation tree of fazhi.core.demo, without other apps)."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.core.models import User
from fazhi.figures.registry import compute
from fazhi.inspections import demo
from fazhi.inspections.models import Escalation, Finding, Inspection, InterferenceRecord, RectificationItem
from fazhi.procedures.models import Deadline

from .conftest import docx_text

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2026, 3, 5), D(2026, 11, 22)])
def test_demo_builds_the_ledger_in_every_state(today, day):
    today(day)
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        city = _Builder(DEFAULT_SEED).build()
        demo.build(city)
    assert Inspection.objects.count() == 1
    local = Finding.objects.filter(inspection__isnull=False)
    assert local.values("category").distinct().count() == 9
    assert RectificationItem.objects.filter(finding__inspection__isnull=False).count() == 21
    assert Finding.objects.filter(source="higher", inspection__isnull=True).count() == 3
    states = dict(RectificationItem.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == {"issued", "rectifying", "submitted", "closed"}
    closed = RectificationItem.objects.filter(state="closed")
    assert any(i.closed_on <= i.due_on for i in closed) and any(i.closed_on > i.due_on for i in closed)
    overdue = [i for i in RectificationItem.objects.exclude(state="closed") if i.due_on < day]
    assert len(overdue) == 6
    kinds = dict(Escalation.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds == {"reminder_letter": 5, "interview": 2, "public_notice": 1}
    letter = Escalation.objects.filter(kind="reminder_letter").first().letter
    assert "督办函" in docx_text(letter.file.read())
    # Every open item has its running deadline; closed ones were stopped on their close-out date.
    assert Deadline.objects.filter(key="inspections.rectification", stopped_on__isnull=True).count() == \
        RectificationItem.objects.exclude(state="closed").count()
    assert InterferenceRecord.objects.values("unit").distinct().count() >= 4
    coordinator = User.objects.get(username="coord_city")
    value = compute("inspections.items.overdue", user=coordinator).value
    assert value == 6
    assert verify().ok
