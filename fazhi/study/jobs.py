"""Daily job: close and mark sittings whose time ran out unsubmitted (the pages and the API also close
them when opened; this makes sure the figures count every finished sitting even if nobody looks)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.imports.jobs import job_handler
from fazhi.study import services


@job_handler("study.close_expired", daily=True, label=_("关闭超时未交卷的考试并评分"))
def close_expired_job(job: Any, progress: Any) -> dict:
    return {"closed": services.close_expired()}
