import datetime

import pytest
from django.utils import timezone

from fazhi.study import services
from fazhi.study.models import ExamKind, Period, StudyKind

D = datetime.date
TODAY = D(2025, 12, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: TODAY)


def make_bank(tree, single=6, multiple=3, judge=5, unit=None, actor=None):
    """A small bank of county A (justice bureau), questions numbered in the stem."""
    unit = unit or tree.justice_a
    actor = actor or tree.coordinator_a
    made = []
    for i in range(single):
        made.append(services.create_question(
            actor=actor, unit=unit, qtype="single", stem=f"东城单选题{i}", options=["甲", "乙", "丙", "丁"],
            answer="B", source="《中华人民共和国行政处罚法》第五十一条", tags="行政处罚法"))
    for i in range(multiple):
        made.append(services.create_question(
            actor=actor, unit=unit, qtype="multiple", stem=f"东城多选题{i}", options=["甲", "乙", "丙", "丁"],
            answer="AC", source="《中华人民共和国行政许可法》第十二条", tags="行政许可法"))
    for i in range(judge):
        made.append(services.create_question(
            actor=actor, unit=unit, qtype="judge", stem=f"东城判断题{i}", answer="正确",
            source="《中华人民共和国行政复议法》第二十条", tags="行政复议法"))
    return made


def make_exam(tree, **overrides):
    now = timezone.now()
    fields = dict(unit=tree.justice_a, kind=ExamKind.PRE_APPOINTMENT, title="东城区2025年任前考法",
                  time_limit_minutes=30, pass_mark=12, single_count=4, single_points=2, multiple_count=2,
                  multiple_points=3, judge_count=4, judge_points=1,
                  opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=1))
    candidates = overrides.pop("candidates", [tree.officer_a, tree.enforcer_a])
    fields.update(overrides)
    return services.create_exam(actor=tree.coordinator_a, candidates=candidates, **fields)


@pytest.fixture
def bank(tree):
    return make_bank(tree)


@pytest.fixture
def exam(tree, bank):
    return make_exam(tree)


@pytest.fixture
def rules(tree):
    monthly = services.create_rule(
        actor=tree.coordinator_a, unit=tree.justice_a, title="每个部门每月至少集体学法1次",
        kind=StudyKind.UNIT_MONTHLY, required_count=1, period=Period.MONTH,
        unit_types=["department", "township_government"], source="本地规定")
    hearing = services.create_rule(
        actor=tree.coordinator_a, unit=tree.justice_a, title="每个部门每年至少组织旁听庭审1次",
        kind=StudyKind.COURT_HEARING, required_count=1, period=Period.YEAR, unit_types=["department"],
        source="本地规定")
    return monthly, hearing
