import pytest

from fazhi.core.access import SYSTEM
from fazhi.figures import registry
from fazhi.reports import services
from fazhi.reports.tests.conftest import D

pytestmark = pytest.mark.django_db
KEYS = ["reports.annual.submitted", "reports.annual.published", "reports.annual.on_time_rate"]


YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 31))


def values(user, region, start=YEAR_2026[0], end=YEAR_2026[1]):
    return {v.key: v.display for v in registry.compute_many(KEYS, user=user, region=region, start=start, end=end)}


def test_hand_checked(tree, records_a, today):
    on_time = services.create_report(actor=tree.coordinator_a, unit=tree.gov_a, year=2025)
    late = services.create_report(actor=tree.coordinator_a, unit=tree.dept_a, year=2025)
    for report in (on_time, late):
        services.save_version(actor=tree.coordinator_a, report=report)
        services.take_step(actor=tree.coordinator_a, report=report, name="submit", on=D(2026, 2, 1))
    today(D(2026, 5, 1))
    services.take_step(actor=tree.coordinator_a, report=on_time, name="publish", on=D(2026, 3, 30))
    services.take_step(actor=tree.coordinator_a, report=late, name="publish", on=D(2026, 4, 2))
    assert values(SYSTEM, tree.county_a) == {"reports.annual.submitted": "2", "reports.annual.published": "2",
                                             "reports.annual.on_time_rate": "50.00%（1/2）"}
    assert values(tree.outsider, tree.county_b)["reports.annual.published"] == "0"
    assert values(SYSTEM, tree.county_a, D(2025, 1, 1), D(2025, 12, 31))["reports.annual.on_time_rate"] == "—（分母为零）"
