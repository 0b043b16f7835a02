"""`fazhi demo` adds normative documents taken through the real procedure."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count

from fazhi.core.audit import verify
from fazhi.core.models import Region, User
from fazhi.figures.registry import compute
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline, TransitionLog
from fazhi.procedures.selectors import home_context
from fazhi.rulemaking.models import DocumentState, DraftingBody, NormativeDocument


@pytest.mark.django_db(transaction=True)
def test_demo_builds_documents_in_many_states(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", "--no-serve", stdout=io.StringIO())

    assert DraftingBody.objects.filter(confirmed=True).count() >= 16
    docs = NormativeDocument.objects.all()
    assert docs.count() >= 30
    states = dict(docs.values_list("state").annotate(n=Count("pk")))
    assert len(states) >= 5, states
    assert {DocumentState.DRAFTING, DocumentState.PUBLISHED, DocumentState.IN_FORCE} <= set(states)
    # Reached through the engine: every non-draft document has its transition history.
    ct = ContentType.objects.get_for_model(NormativeDocument)
    moved = docs.exclude(state=DocumentState.DRAFTING)
    assert set(TransitionLog.objects.filter(content_type=ct).values_list("object_id", flat=True)) == set(
        moved.values_list("pk", flat=True))

    today = clock.today()
    filing = Deadline.objects.filter(content_type=ct, key="rulemaking.filing", stopped_on__isnull=True)
    assert filing.filter(due_on__gte=today).exists()
    assert filing.filter(due_on__lt=today).exists()
    assert home_context(User.objects.get(username="coord_city"), today)["overdue_count"] >= 1

    rate = compute("rulemaking.filing.rate", user=User.objects.get(username="coord_city"),
                   region=Region.objects.get(code="990100"), start=datetime.date(2025, 1, 1),
                   end=datetime.date(2026, 12, 31))
    assert rate.value is not None and rate.denominator >= 20
    assert verify().ok
