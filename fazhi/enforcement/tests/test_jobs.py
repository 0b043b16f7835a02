"""The daily job: renewal deadlines of certificates, on the home page; stopped by a renewal."""

import datetime

import pytest
from django.urls import reverse

from fazhi.enforcement import services
from fazhi.enforcement.jobs import CERTIFICATE_KEY, open_renewals
from fazhi.procedures.models import Deadline
from fazhi.procedures.selectors import home_context

D = datetime.date
pytestmark = pytest.mark.django_db


def test_renewals_open_show_and_stop(tree, make_officer, client_as):
    soon = make_officer(name="将到期", expires_on=D(2025, 12, 3))
    expired = make_officer(name="已过期", issued_on=D(2019, 1, 1), expires_on=D(2024, 6, 30))
    make_officer(name="远期", expires_on=D(2028, 1, 1))
    make_officer(name="已注销", expires_on=D(2025, 12, 10), status="revoked")
    assert open_renewals(D(2025, 12, 1)) == 2
    assert open_renewals(D(2025, 12, 1)) == 0  # once
    running = Deadline.objects.filter(key=CERTIFICATE_KEY, stopped_on__isnull=True)
    assert {d.object_id for d in running} == {soon.pk, expired.pk}
    home = home_context(tree.officer_a, D(2025, 12, 1))
    assert home["overdue_count"] == 1 and home["due_soon_count"] == 1
    assert "行政处罚法第四十二条" in running.get(object_id=soon.pk).basis
    assert home_context(tree.outsider, D(2025, 12, 1))["overdue_count"] == 0
    page = client_as(tree.officer_a).get(reverse("enforcement:officer_detail", args=[soon.pk])).content.decode()
    assert "执法证有效期届满" in page and "修改记录" in page
    # Renewed: the reminder stops. Off duty: it stops too.
    soon.issued_on, soon.expires_on = D(2025, 11, 30), D(2030, 11, 29)
    services.save_officer(actor=tree.officer_a, officer=soon)
    expired.status = "revoked"
    services.save_officer(actor=tree.officer_a, officer=expired)
    assert not running.all().exists()  # a fresh query (running was evaluated above)
