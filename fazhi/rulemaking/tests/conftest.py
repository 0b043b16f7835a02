import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as

FILING_KINDS = ["filing_report", "document", "drafting_explanation", "legality_opinion"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def today(monkeypatch):
    """today(date) fixes the engine's (and this app's) today."""

    def fix(day: datetime.date) -> datetime.date:
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    return fix


@pytest.fixture
def body(tree):
    return make_body(tree.dept_a)


def make_body(unit, confirmed=True):
    from fazhi.rulemaking.models import DraftingBody

    body = DraftingBody(unit=unit, confirmed=confirmed,
                        confirmed_on=datetime.date(2025, 1, 10) if confirmed else None,
                        basis_document="东府发〔2025〕1号" if confirmed else "")
    body.full_clean()
    with acting_as(SYSTEM):
        body.save()
    return body


@pytest.fixture
def make_doc(tree, body):
    from fazhi.rulemaking import services

    def make(actor=None, **fields):
        fields.setdefault("title", "东城区市场监管领域信用分级分类管理办法")
        fields.setdefault("drafting_body", body)
        fields.setdefault("leading_unit", tree.dept_a)
        fields.setdefault("text", "第一条 为了……")
        fields.setdefault("drafting_explanation", "起草说明")
        fields.setdefault("comment_summary", "征求意见期间共收到意见2条，采纳1条。")
        return services.create_document(actor=actor or tree.officer_a, **fields)

    return make


@pytest.fixture
def attach():
    from fazhi.procedures.services import add_attachment

    def attach_all(actor, document, kinds=FILING_KINDS):
        for kind in kinds:
            add_attachment(actor=actor, record=document, kind=kind,
                           file=SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4 test"))

    return attach_all
