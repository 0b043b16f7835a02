"""The daily job of normative documents: lapse on expiry, and open the evaluation before expiry."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import SYSTEM
from fazhi.imports.jobs import job_handler
from fazhi.procedures import clock
from fazhi.procedures.models import Deadline
from fazhi.procedures.services import start_deadline, transition
from fazhi.rulemaking import rules
from fazhi.rulemaking.models import VALID_STATES, NormativeDocument

logger = logging.getLogger(__name__)


def lapse_expired(today: datetime.date) -> int:
    """Documents whose validity ended before today lapse, each through the procedure (logged, audited)."""
    count = 0
    for doc in NormativeDocument.objects.filter(state__in=VALID_STATES, expires_on__lt=today).order_by("pk"):
        # The document lapsed the day after its last day of validity, whenever the job runs.
        with transaction.atomic():
            transition(actor=SYSTEM, record=doc, name="lapse", data={"on": doc.expires_on + datetime.timedelta(days=1)})
        count += 1
    return count


def open_evaluations(today: datetime.date) -> tuple[int, list[str]]:
    """Start the evaluation deadline of valid documents whose evaluation window has opened."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(NormativeDocument)
    started = set(Deadline.objects.filter(content_type=ct, key=rules.EVALUATION.key)
                  .values_list("object_id", flat=True))
    # The window is at most a year long whatever an administrator sets: look a little further ahead.
    horizon = today + datetime.timedelta(days=400)
    count, problems = 0, []
    candidates = (NormativeDocument.objects.filter(state__in=VALID_STATES, expires_on__gte=today,
                                                   expires_on__lte=horizon)
                  .exclude(pk__in=started).select_related("leading_unit").order_by("pk"))
    for doc in candidates:
        opens = rules.evaluation_window_opens(doc)
        if opens is None or opens > today:
            continue
        try:
            start_deadline(actor=SYSTEM, record=doc, key=rules.EVALUATION.key, on=opens, by="daily")
        except ValidationError as exc:  # no holiday data for the due year yet: try again tomorrow
            problems.append(f"{doc.pk}: {'；'.join(exc.messages)}")
            continue
        count += 1
    return count, problems


@job_handler("rulemaking.daily", daily=True, label=_("规范性文件到期失效和到期前评估"))
def daily(job: Any, progress: Any) -> dict:
    today = datetime.date.fromisoformat(job.payload["day"]) if job.payload.get("day") else clock.today()
    lapsed = lapse_expired(today)
    progress(1, 2)
    evaluations, problems = open_evaluations(today)
    progress(2, 2)
    return {"lapsed": lapsed, "evaluations_opened": evaluations, "problems": problems[:50]}
