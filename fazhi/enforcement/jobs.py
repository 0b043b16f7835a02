"""The daily job of enforcement: certificates to renew.

An officer in post whose certificate expires within RENEWAL_WINDOW days (or has expired) gets an
assigned deadline "执法证有效期届满" due on the expiry date, so that it shows as due soon / overdue on
the home page of those who keep the body's officers. Renewing the certificate (a later expiry date)
or taking the officer off duty stops it (services.save_officer).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import SYSTEM
from fazhi.enforcement.models import EnforcementOfficer, OfficerStatus
from fazhi.imports.jobs import job_handler
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline
from fazhi.procedures.services import start_deadline

CERTIFICATE_KEY = "enforcement.certificate"
# When the renewal is opened: an administrative reminder window, not a legal limit.
RENEWAL_WINDOW = 90


def certificate_basis(officer: EnforcementOfficer) -> str:
    return gettext("执法证有效期至%(date)s；行政处罚应当由具有行政执法资格的执法人员实施（行政处罚法第四十二条）") % {
        "date": officer.expires_on.isoformat()}


def open_renewals(today: datetime.date) -> int:
    """Start the renewal deadline of officers in post whose certificate expires soon or has expired."""
    ct = ContentType.objects.get_for_model(EnforcementOfficer)
    running = Deadline.objects.filter(content_type=ct, key=CERTIFICATE_KEY, stopped_on__isnull=True)
    candidates = (EnforcementOfficer.objects.filter(
        status=OfficerStatus.ACTIVE, expires_on__lte=today + datetime.timedelta(days=RENEWAL_WINDOW))
        .exclude(pk__in=running.values("object_id")).select_related("body__unit").order_by("pk"))
    count = 0
    for officer in candidates:
        start_deadline(actor=SYSTEM, record=officer, key=CERTIFICATE_KEY, on=min(today, officer.expires_on),
                       due_on=officer.expires_on, label=gettext("执法证有效期届满"), basis=certificate_basis(officer),
                       by="daily")
        count += 1
    return count


@job_handler("enforcement.daily", daily=True, label=_("执法证到期提醒"))
def daily(job: Any, progress: Any) -> dict:
    today = datetime.date.fromisoformat(job.payload["day"]) if job.payload.get("day") else clock.today()
    opened = open_renewals(today)
    progress(1, 1)
    return {"renewals_opened": opened}
