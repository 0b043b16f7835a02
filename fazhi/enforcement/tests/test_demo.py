"""The demo's enforcement data: one build for the class (the organisation tree of fazhi.core.demo plus
this app's demo, on a fixed day), rolled back after it."""

import datetime
import time

import pytest
from django.db import transaction
from django.db.models import Count

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import COUNTIES, DEFAULT_SEED, _Builder
from fazhi.core.models import AuditEvent, User
from fazhi.enforcement import demo
from fazhi.enforcement.jobs import CERTIFICATE_KEY
from fazhi.enforcement.models import (
    Empowerment,
    EnforcementBody,
    EnforcementItem,
    EnforcementOfficer,
    ItemStatus,
    TownshipTeam,
)
from fazhi.figures.registry import compute
from fazhi.procedures.models import Deadline

TODAY = datetime.date(2026, 6, 15)
ELAPSED = {}


@pytest.fixture(scope="class")
def city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("fazhi.procedures.clock.today", lambda: TODAY)
            with acting_as(SYSTEM), audit.deferred():
                built = _Builder(DEFAULT_SEED).build()
                started, cpu = time.perf_counter(), time.process_time()
                demo.build(built)
                ELAPSED["demo"] = time.perf_counter() - started
                ELAPSED["cpu"] = time.process_time() - cpu
            yield built
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("city")
class TestTheDemoEnforcement:
    def test_shape(self):
        assert EnforcementBody.objects.count() == 49  # as 牟定县
        officers = EnforcementOfficer.objects.all()
        assert 900 <= officers.count() <= 1100
        assert 2700 <= EnforcementItem.objects.count() <= 3300
        assert set(EnforcementItem.objects.values_list("item_type", flat=True)) == {
            "licensing", "penalty", "coercion", "inspection", "levy", "other"}
        cancelled = EnforcementItem.objects.filter(status__in=[ItemStatus.CANCELLED, ItemStatus.ADJUSTED])
        assert 20 <= cancelled.count() <= 80
        assert cancelled.values("field").distinct().count() >= 5  # 白银: across fields
        assert not cancelled.filter(cancellation_document="").exists()
        valid = officers.with_valid_certificate(TODAY).count()
        assert 0.7 * officers.count() < valid < officers.count()  # some expired or suspended
        assert officers.expiring(TODAY, 90).exists()
        assert officers.values("certificate_number").distinct().count() == officers.count()
        # The daily job's reminders: every officer in post whose certificate expires within 90 days or has expired.
        reminders = Deadline.objects.filter(key=CERTIFICATE_KEY, stopped_on__isnull=True)
        due = officers.filter(status="active", expires_on__lte=TODAY + datetime.timedelta(days=90))
        assert reminders.count() == due.count() > 20

    def test_teams_and_empowerment(self):
        county = COUNTIES[2][0]
        teams = TownshipTeam.objects.all()
        assert teams.count() == 15 and all(t.township.region_id.startswith(county) for t in teams)
        for team in teams.annotate(n=Count("officers")):
            assert 0 < team.n <= team.posts  # 湘潭: fewer officers than posts
        assert Empowerment.objects.values("township").distinct().count() == 15
        items = EnforcementItem.objects.filter(empowerments__isnull=False).distinct()
        assert items.exists() and not items.exclude(body__region_id=county).exists()

    def test_written_by_people_through_the_services_and_audited(self):
        events = AuditEvent.objects.filter(object_type="enforcement.enforcementofficer", action="create")
        assert events.count() == EnforcementOfficer.objects.count()
        actors = set(events.values_list("actor__username", flat=True))
        assert actors and all(a.startswith(("legal_", "coord_")) for a in actors), actors
        assert verify().ok
        coordinator = User.objects.get(username="coord_city")
        assert compute("enforcement.officers.total", user=coordinator).value > 800
        assert compute("enforcement.townships.empowered", user=coordinator).value == 15
        assert compute("enforcement.bodies.total", user=User.objects.get(username="coord_hl")).value == 19

