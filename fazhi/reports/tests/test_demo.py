"""The demo builder on a real demo city; `fazhi report annual` on it equals `fazhi figures`."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from fazhi.core import audit
from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as, verify
from fazhi.core.demo import DEFAULT_SEED, _Builder
from fazhi.procedures.models import Deadline
from fazhi.reports import demo
from fazhi.reports.models import AnnualReport, ReportState
from fazhi.reports.tests.conftest import D


@pytest.mark.django_db
@pytest.mark.parametrize("day", [D(2026, 1, 10), D(2026, 7, 1)])
def test_demo_builds_reports(monkeypatch, day):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        city = _Builder(DEFAULT_SEED).build()
        demo.build(city)
    assert AnnualReport.objects.filter(year=2026).count() == 1 + len(city.counties)
    last = AnnualReport.objects.get(year=2025)
    assert last.state == ReportState.PUBLISHED and last.published_on <= day
    running = Deadline.objects.filter(key__startswith="reports.", stopped_on__isnull=True)
    assert running.count() == 2 * (1 + len(city.counties))
    city_report = AnnualReport.objects.get(year=2026, unit=city.city_government)
    assert city_report.press_release.startswith("2026年，云川市") and city_report.versions.count() == 1
    assert verify().ok


@pytest.mark.django_db
def test_command_on_demo_city_equals_figures(monkeypatch, tmp_path):
    """The report of the demo city for this year carries the numbers of `fazhi figures` (docx table)."""
    import docx

    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: D(2026, 7, 1))
    with transaction.atomic(), acting_as(SYSTEM), audit.deferred():
        city = _Builder(DEFAULT_SEED).build()
    code = city.city.code
    out = io.StringIO()
    call_command("figures", "--region", code, "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json",
                 stdout=out)
    expected = {v["key"]: v["display"] for v in json.loads(out.getvalue())
                if v["module"] != "core" and v["reason"] != "该指标不能按区划统计"}
    path = tmp_path / "city.docx"
    call_command("report", "annual", "--region", code, "--year", "2026", "--out", str(path), stdout=io.StringIO())
    table = docx.Document(str(path)).tables[-1]
    assert {r.cells[3].text: r.cells[2].text for r in table.rows[1:]} == expected
