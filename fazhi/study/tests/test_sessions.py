"""Study sessions, attendance, rules and the breaches computed from them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.models import AuditEvent, Unit
from fazhi.figures.registry import compute
from fazhi.study import selectors, services
from fazhi.study.models import Attendance, StudyKind, StudyRule, StudySession

D = datetime.date
pytestmark = pytest.mark.django_db
MARCH_5 = D(2025, 3, 5)


def session(tree, unit=None, kind=StudyKind.UNIT_MONTHLY, on=MARCH_5, actor=None, **extra):
    unit = unit or tree.dept_a
    return services.create_session(actor=actor or tree.officer_a, unit=unit, kind=kind, held_on=on,
                                   topic=extra.pop("topic", "东城学习行政处罚法"), **extra)


def test_legal_officer_records_sessions_of_their_unit_only(tree):
    s = session(tree, laws="《中华人民共和国行政处罚法》", speaker="张三")
    assert s.unit == tree.dept_a
    for actor, unit in ((tree.officer_a, tree.justice_a), (tree.outsider, tree.dept_a),
                        (tree.leader_a, tree.dept_a), (tree.enforcer_a, tree.dept_a)):
        with pytest.raises(Http404):
            session(tree, unit=unit, actor=actor)
    # The office above records for any unit of its region.
    assert session(tree, unit=tree.street_a, actor=tree.coordinator_a)


def test_a_session_in_the_future_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        session(tree, on=D(2025, 12, 11))
    assert "学法日期不得晚于今天（2025-12-10）" in exc.value.message_dict["held_on"][0]
    assert not StudySession.objects.exists()


def test_attendance_of_staff_and_typed_names(tree):
    s = session(tree)
    services.set_attendance(actor=tree.officer_a, session=s, present_users=[tree.officer_a, tree.no_role],
                            absent_users=[tree.enforcer_a], present_names=["李四，王五"], absent_names=["赵六"])
    rows = {(a.name, a.present) for a in Attendance.objects.filter(session=s)}
    assert rows == {("东城法制员", True), ("无角色", True), ("东城执法员", False), ("李四", True),
                    ("王五", True), ("赵六", False)}
    # Replaced, not added to.
    services.set_attendance(actor=tree.officer_a, session=s, present_users=[tree.officer_a])
    assert Attendance.objects.filter(session=s).count() == 1


def test_bad_attendance_changes_nothing(tree):
    s = session(tree)
    services.set_attendance(actor=tree.officer_a, session=s, present_names=["李四"])
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.set_attendance(actor=tree.officer_a, session=s, present_users=[tree.officer_a, tree.outsider],
                                absent_users=[tree.officer_a], present_names=["李四"], absent_names=["李四"])
    errors = exc.value.message_dict
    assert "同一人不能既出席又缺席" in errors["absent_users"][0]
    assert "“西山协调员”不是东城区市场监督管理局的工作人员" in errors["present_users"][0]
    assert "同一姓名不能既出席又缺席" in errors["absent_names"][0]
    assert AuditEvent.objects.count() == before
    with pytest.raises(Http404):
        services.set_attendance(actor=tree.outsider, session=s, present_names=["x"])


def test_rules_are_seen_in_their_region_and_below(tree, rules):
    monthly, _hearing = rules
    assert StudyRule.objects.visible_to(tree.officer_a).count() == 2
    assert StudyRule.objects.visible_to(tree.leader_a).count() == 2
    assert not StudyRule.objects.visible_to(tree.outsider).exists()
    assert not StudyRule.objects.visible_to(tree.officer_a, "change").exists()
    with pytest.raises(ValidationError) as exc:
        services.create_rule(actor=tree.coordinator_a, unit=tree.justice_a, title="x", kind="unit_monthly",
                             required_count=1, period="month", unit_types=[], source="本地规定")
    assert "请至少选择一种适用单位类型" in exc.value.message_dict["unit_types"][0]


def test_breaches_are_computed_in_the_database(tree, rules, django_assert_max_num_queries):
    monthly, hearing = rules
    # dept_a studies every month of 2025 up to November except May; street_a only in January;
    # justice_a (a department too) never. dept_a attended a court hearing; the others did not.
    for month in range(1, 12):
        if month != 5:
            session(tree, on=D(2025, month, 3))
    session(tree, unit=tree.street_a, on=D(2025, 1, 9), actor=tree.coordinator_a)
    session(tree, kind=StudyKind.COURT_HEARING, on=D(2025, 6, 20))
    session(tree, unit=tree.dept_b, on=D(2025, 2, 2), actor=tree.officer_b)
    units = Unit.objects.visible_to(tree.coordinator_a)
    with django_assert_max_num_queries(3):
        result = selectors.rule_breaches(monthly, units=units, start=D(2025, 1, 1), end=D(2025, 12, 10))
    # December has not ended: only January–November are checked.
    assert len(result.periods) == 11
    found = {b.unit.name: [label for label, _n in b.missed] for b in result.breaches}
    assert found["东城区市场监督管理局"] == ["2025年5月"]
    assert len(found["东城街道办事处"]) == 10 and "2025年1月" not in found["东城街道办事处"]
    assert len(found["东城区司法局"]) == 11
    assert "西山县市场监督管理局" not in found  # another county: not in the coordinator's units
    assert result.units_checked == 3
    # The annual rule: 2025 has not ended yet; for 2024 every department is in breach.
    assert selectors.rule_breaches(hearing, units=units, start=D(2025, 1, 1), end=D(2025, 12, 10)).breaches == []
    r2024 = selectors.rule_breaches(hearing, units=units, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert {b.unit.name for b in r2024.breaches} == {"东城区市场监督管理局", "东城区司法局"}


def test_periods():
    assert [p.label for p in selectors.periods("quarter", D(2025, 2, 1), D(2025, 8, 1))] == [
        "2025年第1季度", "2025年第2季度", "2025年第3季度"]
    months = selectors.periods("month", D(2024, 11, 15), D(2025, 2, 1))
    assert [(p.start, p.end) for p in months][1:3] == [(D(2024, 12, 1), D(2024, 12, 31)),
                                                       (D(2025, 1, 1), D(2025, 1, 31))]


def test_figures(tree, rules):
    s1 = session(tree, on=D(2025, 11, 3))
    session(tree, kind=StudyKind.COURT_HEARING, on=D(2025, 6, 20))
    session(tree, unit=tree.dept_b, on=D(2025, 11, 2), actor=tree.officer_b)
    services.set_attendance(actor=tree.officer_a, session=s1, present_names=["甲", "乙", "丙"], absent_names=["丁"])
    user = tree.city_coordinator
    cut = {"start": D(2025, 1, 1), "end": D(2025, 12, 31)}
    assert compute("study.sessions.total", user=user, **cut).value == 3
    assert compute("study.sessions.total", user=tree.coordinator_a, **cut).value == 2
    assert compute("study.sessions.court_hearing", user=user, **cut).value == 1
    rate = compute("study.attendance.rate", user=user, **cut)
    assert (rate.numerator, rate.denominator) == (3, 4)
    # November (the last ended month): dept_a studied; justice_a and street_a did not (county A rules).
    breach = compute("study.units.monthly_breach", user=user)
    assert breach.value == 2
    assert compute("study.units.monthly_breach", user=tree.outsider).value == 0
