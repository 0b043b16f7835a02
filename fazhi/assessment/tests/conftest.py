import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as

D = datetime.date
TODAY = D(2025, 12, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def today(monkeypatch):
    def fix(day):
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    return fix


def pdf(name="年度报告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence")


@pytest.fixture
def system(tree):
    """A small county system: filing rate (computed, 比例) 40 + annual report (evidence) 30 +
    rectification (deduction, 每项扣 5) 30 = 100."""
    from fazhi.assessment import services

    s = services.create_system(actor=tree.city_coordinator, unit=tree.city_justice, title="2025年度县（市、区）法治政府建设考核",
                               year=2025, categories=["county"])
    a = services.add_indicator(actor=tree.city_coordinator, system=s, name="制度建设", points=Decimal(70), position=1)
    services.add_indicator(actor=tree.city_coordinator, system=s, parent=a, name="规范性文件报备率", points=Decimal(40),
                           position=1, method="computed", figure_key="rulemaking.filing.rate", rule="比例")
    services.add_indicator(actor=tree.city_coordinator, system=s, parent=a, name="法治政府建设年度报告", points=Decimal(30),
                           position=2, method="evidence", standard="按时报送并向社会公开的得满分。")
    services.add_indicator(actor=tree.city_coordinator, system=s, name="督察整改", points=Decimal(30), position=2,
                           method="deduction", rule="每项扣 5", standard="每有一项整改逾期未完成扣5分。")
    return s


@pytest.fixture
def make_round(tree, system):
    from fazhi.assessment import services

    def make(**fields):
        fields.setdefault("title", "2025年度县（市、区）法治政府建设考核")
        fields.setdefault("year", 2025)
        fields.setdefault("evidence_due_on", D(2025, 12, 10))
        fields.setdefault("objection_days", 5)
        return services.create_round(actor=tree.city_coordinator, unit=tree.city_justice, system=system, **fields)

    return make


@pytest.fixture
def open_round(tree, make_round):
    """County A and county B (their governments) in a round opened on 2025-12-01."""
    from fazhi.assessment import services

    r = make_round()
    services.add_participants(actor=tree.city_coordinator, round_=r, units=[tree.gov_a, tree.gov_b])
    return services.take_step(actor=tree.city_coordinator, round_=r, name="open")


def entry(round_, unit, name):
    from fazhi.assessment.models import ScoreEntry

    return ScoreEntry.objects.get(participant__round=round_, participant__unit=unit, indicator__name=name)


def participant(round_, unit):
    return round_.participants.get(unit=unit)


def documents(tree, unit, filed: int, unfiled: int):
    """Normative documents published in 2025 by `unit`: `filed` of them filed for the record."""
    from fazhi.rulemaking.models import DraftingBody, NormativeDocument

    body = DraftingBody.objects.filter(unit=unit).first()
    with acting_as(SYSTEM):
        if body is None:
            body = DraftingBody(unit=unit, confirmed=True, confirmed_on=D(2025, 1, 10), basis_document="府发〔2025〕1号")
            body.full_clean()
            body.save()
        docs = []
        for i in range(filed + unfiled):
            extra = {"state": "filed", "filed_on": D(2025, 10, 1)} if i < filed else {"state": "published"}
            doc = NormativeDocument(drafting_body=body, leading_unit=unit, title=f"{unit.name}文件{i}",
                                    published_on=D(2025, 9, 5), filing_due_on=D(2025, 10, 9), **extra)
            doc.save()
            docs.append(doc)
    return docs
