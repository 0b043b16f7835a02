"""The plan → commit → draw → results → publication flow, its bad input and its verification."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from fazhi.core.audit import acting_as
from fazhi.procedures.models import Deadline
from fazhi.randominspections import services
from fazhi.randominspections.models import (
    InspectionEntity,
    InspectionPlan,
    InspectionResult,
    PlanState,
    ResultState,
)
from fazhi.randominspections.procedures import PUBLICATION

from .conftest import D, credit_code


def _drawn(tree, plan):
    services.commit_draw(actor=tree.officer_a, plan=plan)
    services.perform_draw(actor=tree.officer_a, plan=plan)
    plan.refresh_from_db()
    return plan


def test_commit_then_draw(tree, plan_a, inspectors_a):
    plan = services.commit_draw(actor=tree.officer_a, plan=plan_a)
    assert plan.state == PlanState.COMMITTED and len(plan.seed_hash) == 64
    published = plan.published_draw()
    assert published["seed"] is None and published["picks"] is None  # secret until the draw
    assert [len(g["entities"]) for g in published["inputs"]["entity_groups"]] == [4, 6, 10]
    plan = services.perform_draw(actor=tree.officer_a, plan=plan)
    assert plan.state == PlanState.DRAWN
    # ceil(4×50%)=2 high, ceil(6×34%)=3 medium, ceil(10×10%)=1 low
    assert [p["group"] for p in plan.picks] == ["high"] * 2 + ["medium"] * 3 + ["low"]
    results = InspectionResult.objects.filter(plan=plan)
    assert results.count() == 6
    assert all(r.inspectors.count() == 2 for r in results)
    assert services.verify_plan(plan) == []


def test_scope_by_industry(tree, plan_a):
    plan_a.scope_industry = "零售"
    plan_a.save()
    plan = services.commit_draw(actor=tree.officer_a, plan=plan_a)
    assert sum(len(g["entities"]) for g in plan.inputs["entity_groups"]) == 8


def test_expired_certificates_and_relations_excluded(tree, plan_a, inspectors_a, entities_a, make_officer):
    expired = make_officer(name="过期", issued_on=D(2019, 1, 1), expires_on=D(2024, 12, 31))
    services.declare_relation(actor=tree.officer_a, plan=plan_a, officer=inspectors_a[0], entity=entities_a[0],
                              reason="配偶任该企业股东")
    plan = services.commit_draw(actor=tree.officer_a, plan=plan_a)
    assert expired.certificate_number not in plan.inputs["inspectors"]
    assert [inspectors_a[0].certificate_number, entities_a[0].credit_code] in plan.inputs["exclusions"]
    plan = services.perform_draw(actor=tree.officer_a, plan=plan)
    for pick in plan.picks:
        if pick["entity"] == entities_a[0].credit_code:
            assert inspectors_a[0].certificate_number not in pick["inspectors"]


def test_same_unit_excluded(tree, plan_a, body_a, inspectors_a):
    own = services.create_entity(actor=tree.officer_a, body=body_a, credit_code=tree.dept_a.credit_code,
                                 name=tree.dept_a.name, kind="institution", risk_level="high")
    plan = services.commit_draw(actor=tree.officer_a, plan=plan_a)
    assert all([o.certificate_number, own.credit_code] in plan.inputs["exclusions"] for o in inspectors_a)


def test_more_inspectors_than_qualify_changes_nothing(tree, plan_a):
    plan_a.inspectors_per_entity = 5
    plan_a.save()
    with pytest.raises(ValidationError, match="须抽取5名检查人员，但符合条件（执法证有效）的检查人员只有4名"):
        services.commit_draw(actor=tree.officer_a, plan=plan_a)
    plan_a.refresh_from_db()
    assert plan_a.state == PlanState.DRAFT and not plan_a.seed_hash


def test_draw_before_commit_and_second_draw(tree, plan_a):
    with pytest.raises(ValidationError, match="尚未公布抽取输入和随机种子哈希，不能抽取"):
        services.perform_draw(actor=tree.officer_a, plan=plan_a)
    assert not InspectionResult.objects.exists()
    _drawn(tree, plan_a)
    with pytest.raises(ValidationError, match="不能再次抽取"):
        services.perform_draw(actor=tree.officer_a, plan=plan_a)
    with pytest.raises(ValidationError, match="不能重复公布"):
        services.commit_draw(actor=tree.officer_a, plan=plan_a)
    assert InspectionResult.objects.count() == 6


def test_plan_bad_input(tree, body_a, entities_a):
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=tree.officer_a, body=body_a, title=" ", year=2025, items=[],
                             ratio_high_bp=12000)
    assert set(exc.value.message_dict) == {"title", "items", "ratio_high_bp"}
    assert not InspectionPlan.objects.exists()


def test_entity_invalid_credit_code(tree, body_a):
    with pytest.raises(ValidationError) as exc:
        services.create_entity(actor=tree.officer_a, body=body_a, credit_code="91990102000000000X", name="坏代码")
    assert "校验位错误" in exc.value.message_dict["credit_code"][0]
    assert not InspectionEntity.objects.exists()


def test_access(tree, plan_a, body_b):
    with pytest.raises(Http404):
        services.commit_draw(actor=tree.officer_b, plan=plan_a)
    with pytest.raises(Http404):
        services.commit_draw(actor=tree.leader_a, plan=plan_a)
    with pytest.raises(Http404):
        services.create_entity(actor=tree.officer_a, body=body_b, credit_code=credit_code(1, "990103"), name="x")
    assert not InspectionPlan.objects.visible_to(tree.officer_b).exists()
    assert InspectionPlan.objects.visible_to(tree.leader_a).exists()


def test_results_and_publication_limit(tree, plan_a):
    _drawn(tree, plan_a)
    first, second = InspectionResult.objects.filter(plan=plan_a)[:2]
    with pytest.raises(ValidationError) as exc:
        services.enter_result(actor=tree.officer_a, result=first, inspected_on=D(2025, 12, 1), outcome="rectified")
    assert set(exc.value.message_dict) == {"problems", "handling"}
    first.refresh_from_db()
    assert first.state == ResultState.PICKED
    first = services.enter_result(actor=tree.officer_a, result=first, inspected_on=D(2025, 12, 1),
                                  outcome="rectified", problems="未公示食品经营许可证", handling="责令当场改正")
    deadline = Deadline.objects.get(object_id=first.pk, key=PUBLICATION, stopped_on__isnull=True)
    assert first.publication_due_on == deadline.due_on == D(2025, 12, 29)  # 20 working days
    first = services.publish_result(actor=tree.officer_a, result=first)
    assert first.state == ResultState.PUBLISHED and not first.published_late
    assert not Deadline.objects.filter(object_id=first.pk, key=PUBLICATION, stopped_on__isnull=True).exists()
    with pytest.raises(ValidationError, match="已公示，不能修改"):
        services.enter_result(actor=tree.officer_a, result=first, inspected_on=D(2025, 12, 1), outcome="no_problem")


def test_late_publication_flagged(tree, plan_a, monkeypatch):
    _drawn(tree, plan_a)
    # Drawn "earlier": move the draw time back so that an inspection in October is allowed.
    InspectionPlan.objects.filter(pk=plan_a.pk).update(drawn_on=D(2025, 10, 1))
    result = InspectionResult.objects.filter(plan=plan_a).first()
    result = services.enter_result(actor=tree.officer_a, result=result, inspected_on=D(2025, 10, 9),
                                   outcome="no_problem")
    deadline = Deadline.objects.get(object_id=result.pk, key=PUBLICATION, stopped_on__isnull=True)
    assert deadline.due_on < D(2025, 12, 1)  # overdue: shows red on the home page
    result = services.publish_result(actor=tree.officer_a, result=result)
    assert result.published_late


def test_verify_draw_command(tree, plan_a, capsys, tmp_path):
    _drawn(tree, plan_a)
    call_command("inspections", "verify-draw", str(plan_a.pk))
    assert "一致" in capsys.readouterr().out
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(plan_a.published_draw(), ensure_ascii=False), encoding="utf-8")
    call_command("inspections", "verify-draw", str(plan_a.pk), "--file", str(path))
    assert "一致：" in capsys.readouterr().out


def test_verify_draw_detects_tampered_pick(tree, plan_a, capsys):
    _drawn(tree, plan_a)
    picks = plan_a.picks
    picks[0]["inspectors"] = list(reversed(picks[0]["inspectors"]))
    with acting_as(tree.admin):
        InspectionPlan.objects.filter(pk=plan_a.pk).update(picks_json=json.dumps(picks, ensure_ascii=False))
    with pytest.raises(SystemExit) as exc:
        call_command("inspections", "verify-draw", str(plan_a.pk))
    assert exc.value.code == 1
    out = capsys.readouterr().out
    assert "不一致" in out and "重算结果与公布的抽取结果不一致" in out


def test_verify_draw_detects_tampered_input(tree, plan_a, capsys):
    _drawn(tree, plan_a)
    inputs = plan_a.inputs
    inputs["entity_groups"][2]["entities"].pop()
    InspectionPlan.objects.filter(pk=plan_a.pk).update(inputs_json=json.dumps(inputs, ensure_ascii=False))
    with pytest.raises(SystemExit):
        call_command("inspections", "verify-draw", str(plan_a.pk))
    assert "输入哈希不一致" in capsys.readouterr().out


def test_dates_of_the_acts(tree, plan_a, inspectors_a, entities_a):
    with pytest.raises(ValidationError) as exc:
        services.commit_draw(actor=tree.officer_a, plan=plan_a, on=D(2025, 12, 2))
    assert "公布日期不得晚于今天（2025-12-01）" in exc.value.message_dict["committed_on"][0]
    services.commit_draw(actor=tree.officer_a, plan=plan_a, on=D(2025, 11, 20))
    with pytest.raises(ValidationError, match="抽取日期不得早于抽取输入的公布日期（2025-11-20）"):
        services.perform_draw(actor=tree.officer_a, plan=plan_a, on=D(2025, 11, 19))
    with pytest.raises(ValidationError, match="抽取输入已公布，不能再登记回避关系"):
        services.declare_relation(actor=tree.officer_a, plan=plan_a, officer=inspectors_a[0], entity=entities_a[0],
                                  reason="亲属")
    plan = services.perform_draw(actor=tree.officer_a, plan=plan_a, on=D(2025, 11, 21))
    result = plan.results.first()
    with pytest.raises(ValidationError) as exc:
        services.enter_result(actor=tree.officer_a, result=result, inspected_on=D(2025, 11, 20), outcome="no_problem")
    assert "检查日期不得早于抽取日期（2025-11-21）" in exc.value.message_dict["inspected_on"][0]
