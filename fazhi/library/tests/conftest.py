import datetime

import pytest

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.library.search import LIBRARY_STATES

D = datetime.date
TEXT = "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法自公布之日起施行。"


def save(obj):
    """Save through AuditedModel as the system (tests set states and dates directly)."""
    with acting_as(SYSTEM):
        obj.save()
    return obj


def make_body(unit, confirmed=True, basis="东府发〔2025〕1号"):
    from fazhi.rulemaking.models import DraftingBody

    return save(DraftingBody(unit=unit, region_id=unit.region_id, confirmed=confirmed,
                             confirmed_on=D(2025, 1, 10) if confirmed else None,
                             basis_document=basis if confirmed else ""))


@pytest.fixture
def body(tree):
    return make_body(tree.dept_a)


@pytest.fixture
def make_doc(tree, body):
    """make_doc(title, state="in_force", **fields): a document saved as the platform would store it."""
    from fazhi.rulemaking.models import NormativeDocument

    counter = iter(range(1, 10_000))

    def make(title="东城区行政规范性文件管理办法", state="in_force", **fields):
        n = next(counter)
        fields.setdefault("drafting_body", body)
        fields.setdefault("leading_unit", fields["drafting_body"].unit)
        fields.setdefault("text", TEXT)
        if state in LIBRARY_STATES:
            fields.setdefault("document_number", f"东市监规〔2025〕{n}号")
            fields.setdefault("published_on", D(2025, 3, 1))
            fields.setdefault("effective_on", D(2025, 4, 1))
            fields.setdefault("expires_on", D(2030, 3, 31))
        if state == "public_comment":
            fields.setdefault("comment_opened_on", D(2026, 11, 2))
        return save(NormativeDocument(title=title, state=state, **fields))

    return make


@pytest.fixture
def today(monkeypatch):
    def fix(day):
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    return fix
