from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.assessment import scoring, services
from fazhi.assessment.models import Evidence, Indicator, IndicatorSystem, Objection, ScoreEntry
from fazhi.procedures.models import Deadline

from .conftest import D, documents, entry, participant, pdf

pytestmark = pytest.mark.django_db


# ---- indicator systems -------------------------------------------------------------------------


def test_unknown_figure_is_refused_at_save(tree, system):
    with pytest.raises(ValidationError) as exc:
        services.add_indicator(actor=tree.city_coordinator, system=system, name="错误指标", points=Decimal(5),
                               method="computed", figure_key="rulemaking.no_such_figure", rule="比例")
    assert "数据指标代码“rulemaking.no_such_figure”不存在" in str(exc.value.message_dict["figure_key"])
    assert not Indicator.objects.filter(name="错误指标").exists()


@pytest.mark.parametrize("method,fields,field,text", [
    ("computed", {"figure_key": "rulemaking.filing.rate", "rule": "大概吧"}, "rule", "无法识别"),
    ("computed", {"figure_key": "rulemaking.documents.published", "rule": "比例"}, "rule", "只适用于比率"),
    ("computed", {"rule": "比例"}, "figure_key", "须填写数据指标代码"),
    ("evidence", {"standard": ""}, "standard", "须写明评分标准"),
    ("deduction", {"standard": "逾期", "rule": "线性 1-2"}, "rule", "每项扣 N"),
    ("evidence", {"standard": "有", "rule": "比例"}, "rule", "不填评分规则"),
])
def test_scoring_fields_must_fit_the_method(tree, system, method, fields, field, text):
    with pytest.raises(ValidationError) as exc:
        services.add_indicator(actor=tree.city_coordinator, system=system, name="x", points=Decimal(1), method=method,
                               **fields)
    assert text in " ".join(exc.value.message_dict[field])


def test_weights_that_do_not_add_up_are_reported_and_block_freezing(tree, system):
    assert services.weight_problems(system) == []
    group = system.indicators.get(name="制度建设")
    group.points = Decimal(75)
    services.save_indicator(actor=tree.city_coordinator, indicator=group)
    problems = services.weight_problems(system)
    assert "一级指标分值合计105分，与总分100分不符。" in problems
    assert "指标“制度建设”分值75分，其下级指标分值合计70分，两者不符。" in problems
    with pytest.raises(ValidationError):
        services.freeze_system(actor=tree.city_coordinator, system=system)
    system.refresh_from_db()
    assert system.frozen_on is None


def test_three_levels_at_most(tree, system):
    leafless = services.add_indicator(actor=tree.city_coordinator, system=system, name="二级", points=Decimal(0),
                                      parent=system.indicators.get(name="制度建设"))
    third = services.add_indicator(actor=tree.city_coordinator, system=system, name="三级", points=Decimal(0),
                                   parent=leafless)
    assert third.level == 3
    with pytest.raises(ValidationError) as exc:
        services.add_indicator(actor=tree.city_coordinator, system=system, name="四级", points=Decimal(0), parent=third)
    assert "最多分三级" in str(exc.value)


def test_frozen_system_cannot_change_and_a_new_version_copies_it(tree, system):
    services.freeze_system(actor=tree.city_coordinator, system=system)
    leaf = system.indicators.get(name="法治政府建设年度报告")
    leaf.points = Decimal(1)
    with pytest.raises(ValidationError) as exc:
        services.save_indicator(actor=tree.city_coordinator, indicator=leaf)
    assert "已于2025-12-01冻结" in str(exc.value)
    leaf.refresh_from_db()
    assert leaf.points == 30
    v2 = services.new_version(actor=tree.city_coordinator, system=system)
    assert (v2.version, v2.previous, v2.is_frozen) == (2, system, False)
    copied = {i.name: i for i in v2.indicators.all()}
    assert copied["规范性文件报备率"].parent == copied["制度建设"]
    assert copied["规范性文件报备率"].figure_key == "rulemaking.filing.rate"
    assert services.weight_problems(v2) == []


def test_other_county_and_leader_cannot_edit_a_system(tree, system):
    leaf = system.indicators.get(name="法治政府建设年度报告")
    for user in (tree.outsider, tree.leader_a, tree.coordinator_a):
        with pytest.raises(Http404):
            services.delete_indicator(actor=user, indicator=leaf)
    assert Indicator.objects.filter(pk=leaf.pk).exists()


# ---- a round -----------------------------------------------------------------------------------


def test_participants_must_fit_a_category(tree, make_round):
    r = make_round()
    with pytest.raises(ValidationError) as exc:
        services.add_participants(actor=tree.city_coordinator, round_=r, units=[tree.gov_a, tree.dept_a])
    assert "不属于指标体系的被考核单位类别（县（市、区））" in str(exc.value)
    assert not r.participants.exists()


def test_open_freezes_the_system_creates_sheets_and_deadlines(tree, open_round, system):
    system.refresh_from_db()
    assert system.frozen_on == D(2025, 12, 1)
    assert ScoreEntry.objects.filter(participant__round=open_round).count() == 6
    deadline = Deadline.objects.get(key="assessment.evidence", object_id=participant(open_round, tree.gov_a).pk)
    assert deadline.due_on == D(2025, 12, 10)
    assert deadline.basis == open_round.title


def test_open_refused_when_weights_do_not_add_up(tree, make_round, system):
    group = system.indicators.get(name="制度建设")
    group.points = Decimal(60)
    services.save_indicator(actor=tree.city_coordinator, indicator=group)
    r = make_round()
    services.add_participants(actor=tree.city_coordinator, round_=r, units=[tree.gov_a])
    with pytest.raises(ValidationError) as exc:
        services.take_step(actor=tree.city_coordinator, round_=r, name="open")
    assert "指标体系分值不平衡" in str(exc.value)
    r.refresh_from_db()
    assert r.state == "preparing" and not ScoreEntry.objects.exists()


def test_computed_score_follows_the_records_while_open_and_is_frozen_at_finalise(tree, open_round, today):
    e = entry(open_round, tree.gov_a, "规范性文件报备率")
    p = participant(open_round, tree.gov_a)
    documents(tree, tree.dept_a, filed=3, unfiled=1)
    scored = scoring.score_participant(p)[e.indicator_id]
    assert scored.final == Decimal("30.00") and scored.display == "75.00%（3/4）"
    # A fourth document filed: the score follows.
    from fazhi.core.access import SYSTEM
    from fazhi.core.audit import acting_as
    from fazhi.rulemaking.models import NormativeDocument

    doc = NormativeDocument.objects.get(filed_on__isnull=True)
    doc.filed_on, doc.state = D(2025, 10, 2), "filed"
    with acting_as(SYSTEM):
        doc.save()
    assert scoring.score_participant(p)[e.indicator_id].final == Decimal("40.00")
    # County B has no documents: no value, so a reviewer must score it.
    assert scoring.score_participant(participant(open_round, tree.gov_b))[e.indicator_id].final is None

    _finish(tree, open_round, today)
    # After finalisation a new unfiled document changes nothing.
    documents(tree, tree.dept_a, filed=0, unfiled=4)
    p.refresh_from_db()
    stored = scoring.score_participant(p)[e.indicator_id]
    assert stored.final == Decimal("40.00") and stored.display == "100.00%（4/4）"
    assert p.total == Decimal("40.00") + 28 + 20 and p.rank == 1


def _finish(tree, r, today):
    """Self-assess, review, notify, wait for the objection period and finalise."""
    a, b = participant(r, tree.gov_a), participant(r, tree.gov_b)
    services.upload_evidence(actor=tree.coordinator_a, entry=entry(r, tree.gov_a, "法治政府建设年度报告"), file=pdf())
    services.submit(actor=tree.coordinator_a, participant=a)
    services.take_step(actor=tree.city_coordinator, round_=r, name="start_review")
    services.score(actor=tree.city_coordinator, entry=entry(r, tree.gov_a, "法治政府建设年度报告"), score=Decimal(28),
                   comment="报告未按时公开")
    services.score(actor=tree.city_coordinator, entry=entry(r, tree.gov_a, "督察整改"), score=None,
                   deduction_items=2)
    services.score(actor=tree.city_coordinator, entry=entry(r, tree.gov_b, "规范性文件报备率"), score=Decimal(40),
                   comment="本年度未制发规范性文件，视为达标")
    services.score(actor=tree.city_coordinator, entry=entry(r, tree.gov_b, "法治政府建设年度报告"), score=Decimal(10))
    services.score(actor=tree.city_coordinator, entry=entry(r, tree.gov_b, "督察整改"), score=None, deduction_items=0)
    today(D(2025, 12, 15))
    services.take_step(actor=tree.city_coordinator, round_=r, name="notify_results")
    r.refresh_from_db()
    # 5 working days after Monday 15 December 2025.
    assert r.objection_due_on == D(2025, 12, 22)
    today(D(2025, 12, 23))
    services.take_step(actor=tree.city_coordinator, round_=r, name="finalise")
    b.refresh_from_db()
    return a, b


def test_full_round_ranking(tree, open_round, today):
    documents(tree, tree.dept_a, filed=1, unfiled=1)
    _finish(tree, open_round, today)
    standings = scoring.ranking(open_round)["county"]
    # A: 20 + 28 + 20 = 68; B: 40 + 10 + 30 = 80.
    assert [(s.participant.unit, s.total, s.rank) for s in standings] == [
        (tree.gov_b, Decimal("80.00"), 1), (tree.gov_a, Decimal("68.00"), 2)]


def test_evidence_after_the_deadline_is_refused(tree, open_round, today):
    today(D(2025, 12, 11))
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    with pytest.raises(ValidationError) as exc:
        services.upload_evidence(actor=tree.coordinator_a, entry=e, file=pdf())
    assert "自评及材料提交已于2025-12-10截止" in str(exc.value)
    assert not Evidence.objects.exists()


def test_evidence_of_a_bad_type_is_refused(tree, open_round):
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    with pytest.raises(ValidationError) as exc:
        services.upload_evidence(actor=tree.coordinator_a, entry=e, file=pdf("病毒.exe"))
    assert "类型不允许上传" in str(exc.value)
    assert not Evidence.objects.exists()


def test_other_county_cannot_touch_county_a_sheet(tree, open_round):
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    with pytest.raises(Http404):
        services.upload_evidence(actor=tree.outsider, entry=e, file=pdf())
    with pytest.raises(Http404):
        services.self_assess(actor=tree.leader_a, entry=e, self_score=Decimal(30))


def test_unit_cannot_score_itself_and_scores_are_bounded(tree, open_round):
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    with pytest.raises(ValidationError) as exc:
        services.score(actor=tree.coordinator_a, entry=e, score=Decimal(30))
    assert "只有考核组织单位" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.score(actor=tree.city_coordinator, entry=e, score=Decimal(31))
    assert "评审得分应在0至30分之间" in str(exc.value)
    e.refresh_from_db()
    assert e.score is None


def test_reviewer_asks_for_more_evidence_and_the_unit_supplies_it(tree, open_round):
    p = participant(open_round, tree.gov_a)
    services.submit(actor=tree.coordinator_a, participant=p)
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    with pytest.raises(ValidationError):
        services.upload_evidence(actor=tree.coordinator_a, entry=e, file=pdf())
    services.request_evidence(actor=tree.city_coordinator, entry=e, comment="请补充向社会公开的网页截图")
    p.refresh_from_db()
    assert p.state == "self_assessing"
    services.upload_evidence(actor=tree.coordinator_a, entry=e, file=pdf("截图.png"))
    services.submit(actor=tree.coordinator_a, participant=p)
    e.refresh_from_db()
    assert not e.evidence_requested and e.evidence.count() == 1


def test_objection_after_its_period_and_edits_after_finalising_are_refused(tree, open_round, today):
    documents(tree, tree.dept_a, filed=1, unfiled=0)
    a, _b = _finish(tree, open_round, today)
    # finalised now; the period ended on 2025-12-22
    with pytest.raises(ValidationError) as exc:
        services.file_objection(actor=tree.coordinator_a, participant=a, reason="报备率计算有误")
    assert "已定档" in str(exc.value)
    e = entry(open_round, tree.gov_a, "法治政府建设年度报告")
    with pytest.raises(ValidationError) as exc:
        services.score(actor=tree.city_coordinator, entry=e, score=Decimal(30))
    assert "考核“2025年度县（市、区）法治政府建设考核”已定档，不能再修改。" in str(exc.value)
    e.refresh_from_db()
    assert e.score == 28
    open_round.title = "改名"
    with pytest.raises(ValidationError):
        services.save_round(actor=tree.city_coordinator, round_=open_round)


def test_objection_window(tree, open_round, today):
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    for e in ScoreEntry.objects.filter(participant__round=open_round):
        services.score(actor=tree.city_coordinator, entry=e, score=Decimal(10),
                       deduction_items=1 if e.indicator.method == "deduction" else None)
    today(D(2025, 12, 15))
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="notify_results")
    a = participant(open_round, tree.gov_a)
    objection = services.file_objection(actor=tree.coordinator_a, participant=a, reason="年度报告已按时公开")
    today(D(2025, 12, 23))
    with pytest.raises(ValidationError) as exc:
        services.file_objection(actor=tree.coordinator_a, participant=a, reason="再次异议")
    assert "异议期已于2025-12-22届满（结果告知后5个工作日）" in str(exc.value)
    assert Objection.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        services.take_step(actor=tree.city_coordinator, round_=open_round, name="finalise")
    assert "尚有异议未答复" in str(exc.value)
    services.reply_objection(actor=tree.city_coordinator, objection=objection, reply="经核实，维持原评分。")
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="finalise")


def test_finalise_refused_before_the_objection_period_ends(tree, open_round, today):
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="start_review")
    with pytest.raises(ValidationError) as exc:
        services.take_step(actor=tree.city_coordinator, round_=open_round, name="notify_results")
    assert "尚有指标未评分" in str(exc.value)
    for e in ScoreEntry.objects.filter(participant__round=open_round):
        services.score(actor=tree.city_coordinator, entry=e, score=Decimal(10))
    today(D(2025, 12, 15))
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="notify_results")
    with pytest.raises(ValidationError) as exc:
        services.take_step(actor=tree.city_coordinator, round_=open_round, name="finalise")
    assert "异议期（结果告知后5个工作日，至2025-12-22）尚未届满" in str(exc.value)


def test_system_visible_only_in_scope(tree, system):
    assert IndicatorSystem.objects.visible_to(tree.city_coordinator).count() == 1
    assert not IndicatorSystem.objects.visible_to(tree.outsider).exists()


def test_ranking_shows_the_change_from_last_year_and_the_portal_shows_published_results(
        tree, system, open_round, today, client):
    """Last year's finalised round ranks A second and B first; this year A leads: A moved up one place."""
    from django.urls import reverse

    from fazhi.assessment.models import AssessmentRound

    documents(tree, tree.dept_a, filed=1, unfiled=1)
    _finish(tree, open_round, today)  # A 68, B 80
    AssessmentRound.objects.filter(pk=open_round.pk).update(year=2024)  # it becomes last year's round
    assert "西山县人民政府" not in client.get(reverse("assessment:public_results")).content.decode()
    services.take_step(actor=tree.city_coordinator, round_=open_round, name="publish")
    AssessmentRound.objects.filter(pk=open_round.pk).update(on_portal=True)
    assert "西山县人民政府" in client.get(reverse("assessment:public_results")).content.decode()

    today(D(2025, 12, 1))
    system_v2 = services.new_version(actor=tree.city_coordinator, system=system)
    current = services.create_round(actor=tree.city_coordinator, unit=tree.city_justice, system=system_v2,
                                    title="2025年度考核（第二轮）", year=2025, evidence_due_on=D(2025, 12, 10))
    services.add_participants(actor=tree.city_coordinator, round_=current, units=[tree.gov_a, tree.gov_b])
    services.take_step(actor=tree.city_coordinator, round_=current, name="open")
    services.take_step(actor=tree.city_coordinator, round_=current, name="start_review")
    for e in ScoreEntry.objects.filter(participant__round=current).select_related("indicator", "participant"):
        services.score(actor=tree.city_coordinator, entry=e,
                       score=e.indicator.points if e.participant.unit == tree.gov_a else Decimal(0))
    rows = {s.participant.unit: s for s in scoring.ranking(current)["county"]}
    assert (rows[tree.gov_a].rank, rows[tree.gov_a].last_rank, rows[tree.gov_a].change) == (1, 2, 1)
    assert (rows[tree.gov_b].rank, rows[tree.gov_b].last_rank, rows[tree.gov_b].change) == (2, 1, -1)


def test_scoring_a_round_costs_one_figure_query_for_all_units(tree, open_round, django_assert_num_queries):
    documents(tree, tree.dept_a, filed=1, unfiled=1)
    documents(tree, tree.dept_b, filed=2, unfiled=0)
    # The entries (with indicators, participants, units, regions), then ONE aggregate for the
    # filing rate of both counties: not one per assessed unit.
    with django_assert_num_queries(2):
        scored = scoring.score_round(open_round)
    by_unit = {}
    for pid, rows in scored.items():
        unit = open_round.participants.get(pk=pid).unit
        by_unit[unit] = next(s.display for s in rows.values() if s.entry.indicator.name == "规范性文件报备率")
    assert by_unit == {tree.gov_a: "50.00%（1/2）", tree.gov_b: "100.00%（2/2）"}
