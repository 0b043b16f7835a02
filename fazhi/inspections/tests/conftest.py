import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

D = datetime.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


@pytest.fixture
def today(monkeypatch):
    def fix(day: datetime.date) -> datetime.date:
        monkeypatch.setattr("fazhi.procedures.clock.today", lambda: day)
        return day

    return fix


def pdf(name: str = "整改报告.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence" + b"0" * size, content_type="application/pdf")


@pytest.fixture
def inspection_a(tree):
    from fazhi.inspections import services

    return services.create_inspection(
        actor=tree.coordinator_a, organizer=tree.justice_a, title="东城区2026年法治政府建设督察", level="county",
        topic="法治政府建设重点任务落实情况", team="张三 东城区司法局 副局长", start_on=D(2026, 3, 2),
        end_on=D(2026, 3, 6), by_hearing=True, by_files=True, by_unannounced_visit=True,
        inspected_units=[tree.dept_a, tree.street_a])


@pytest.fixture
def finding_a(tree, inspection_a):
    from fazhi.inspections import services

    return services.create_finding(
        actor=tree.coordinator_a, inspection=inspection_a, unit=tree.dept_a, category="enforcement",
        found_on=D(2026, 3, 5), description="行政执法公示信息更新不及时，部分处罚决定未在7日内公示。")


@pytest.fixture
def make_item(tree, finding_a):
    from fazhi.inspections import services

    def make(actor=None, **fields):
        fields.setdefault("finding", finding_a)
        fields.setdefault("requirement", "建立执法公示信息定期更新机制，逐件补录公示。")
        fields.setdefault("measures", "明确专人负责，每周核对一次。")
        fields.setdefault("responsible_unit", tree.dept_a)
        fields.setdefault("responsible_leader", "李四（副局长）")
        fields.setdefault("issued_on", D(2026, 3, 20))
        fields.setdefault("due_on", D(2026, 5, 31))
        return services.issue_item(actor=actor or tree.coordinator_a, **fields)

    return make


def docx_text(content: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
