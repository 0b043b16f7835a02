"""Today's date in China, in one place so tests can fix it (patch `fazhi.procedures.clock.today`)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

CHINA = ZoneInfo("Asia/Shanghai")


def today() -> datetime.date:
    """Time limits are counted in Beijing time, whatever the server's TIME_ZONE."""
    return timezone.now().astimezone(CHINA).date()
