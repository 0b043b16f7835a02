"""Validation: every bad input is refused with its Chinese message, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.legislation import services
from fazhi.legislation.models import (
    ContactPoint,
    LegislativePlan,
    LegislativeProject,
    Opinion,
    PostLegislativeEvaluation,
)

from .conftest import advance

D = datetime.date
pytestmark = pytest.mark.django_db


def errors_of(call, **kwargs) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return {field: "；".join(messages) for field, messages in exc.value.message_dict.items()}


# ---- plans ------------------------------------------------------------------------------------------


def plan_fields(tree, **fields):
    return {"actor": tree.coordinator_a, "unit": tree.gov_a, "year": 2025, "kind": "rule",
            "title": "东城区人民政府2025年度立法工作计划", **fields}


def test_plan_derives_region_and_year_start(tree, plan_a):
    assert plan_a.region_id == tree.county_a.code and plan_a.year_start == D(2025, 1, 1)
    assert plan_a.is_public


def test_plan_year_out_of_range(tree):
    errors = errors_of(services.create_plan, **plan_fields(tree, year=1900))
    assert "计划年度应在1979年至2026年之间" in errors["year"]
    assert not LegislativePlan.objects.exists()


def test_plan_approved_in_the_future_or_another_year(tree):
    errors = errors_of(services.create_plan, **plan_fields(tree, approved_on=D(2025, 12, 2)))
    assert "不得晚于今天（2025-12-01）" in errors["approved_on"]
    errors = errors_of(services.create_plan, **plan_fields(tree, approved_on=D(2023, 12, 20)))
    assert "应在计划年度或上一年度内通过" in errors["approved_on"]
    assert services.create_plan(**plan_fields(tree, approved_on=D(2024, 12, 20))).pk


def test_plan_unique_per_unit_year_kind(tree, plan_a):
    errors = errors_of(services.create_plan, **plan_fields(tree, title="另一计划"))
    assert "已编制同一年度、同一类别的立法计划" in "".join(errors.values())
    assert services.create_plan(**plan_fields(tree, kind="regulation", title="东城区2025年度法规计划")).pk


def test_plan_title_too_long(tree):
    errors = errors_of(services.create_plan, **plan_fields(tree, title="长" * 201))
    assert "不得超过200个字（现有201个字）" in errors["title"]


# ---- projects ---------------------------------------------------------------------------------------


def test_project_defaults_kind_to_its_plan_and_starts_planned(make_project):
    project = make_project()
    assert project.kind == "rule" and project.status == "planned" and project.category == "formal"


def test_project_responsible_unit_outside_the_plan_region(tree, make_project):
    errors = errors_of(make_project, actor=tree.admin, responsible_unit=tree.dept_b)
    assert "不在立法计划所属区划“东城区”内" in errors["responsible_unit"]
    assert not LegislativeProject.objects.exists()


def test_project_rule_needs_no_approval_and_dates_in_order(tree, make_project):
    errors = errors_of(make_project, approved_on=D(2025, 6, 1))
    assert "政府规章无须报请批准" in errors["approved_on"]
    errors = errors_of(make_project, kind="regulation", approved_on=D(2025, 12, 5))
    assert "批准日期不得晚于今天" in errors["approved_on"]


def test_project_title_and_description_too_long(make_project):
    errors = errors_of(make_project, title="长" * 201, description="说" * 2001)
    assert "200" in errors["title"] and "项目说明不得超过2000个字" in errors["description"]


# ---- contact points ---------------------------------------------------------------------------------


def point_fields(tree, **fields):
    return {"actor": tree.coordinator_a, "kind": "contact", "name": "东城测试联系点", "host_unit": tree.street_a,
            **fields}


def test_point_region_defaults_to_host_and_must_lie_within_it(tree, point_a):
    assert point_a.region_id == tree.township_a.code
    errors = errors_of(services.create_point, **point_fields(tree, region=tree.county_a))
    assert "所在区划须在依托单位“东城街道办事处”所属区划“东城街道”范围内" in errors["region"]


def test_point_parent_rules(tree, point_a):
    errors = errors_of(services.create_point, **point_fields(tree, parent=point_a))
    assert "基层立法联系点不能隶属于其他联系点" in errors["parent"]
    child = services.create_point(**point_fields(tree, kind="collection", name="东城一号采集点", parent=point_a))
    errors = errors_of(services.create_point, **point_fields(tree, kind="collection", name="东城二号采集点",
                                                              parent=child))
    assert "信息采集点只能隶属于基层立法联系点" in errors["parent"]


def test_point_established_in_the_future_and_name_unique(tree, point_a):
    errors = errors_of(services.create_point, **point_fields(tree, established_on=D(2026, 1, 1)))
    assert "设立日期不得晚于今天" in errors["established_on"]
    errors = errors_of(services.create_point, **point_fields(tree, name=point_a.name))
    assert "已有同名的联系点" in "".join(errors.values())
    assert ContactPoint.objects.count() == 1


# ---- opinions ---------------------------------------------------------------------------------------


def test_opinion_received_in_the_future(make_opinion):
    errors = errors_of(make_opinion, received_on=D(2025, 12, 2))
    assert "收集日期不得晚于今天（2025-12-01）" in errors["received_on"]
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("content", ["", "   \n "])
def test_opinion_content_required(make_opinion, content):
    errors = errors_of(make_opinion, content=content)
    assert errors["content"] == "请填写意见内容。"


def test_opinion_overlong_text(make_opinion):
    errors = errors_of(make_opinion, content="意" * 5001, submitter="张" * 101, response="答" * 2001)
    assert "意见内容不得超过5000个字（现有5001个字）" in errors["content"]
    assert "不得超过100个字" in errors["submitter"]
    assert "反馈说明不得超过2000个字" in errors["response"]


def test_opinion_partly_or_not_adopted_needs_a_response(make_opinion):
    for adoption in ("partly", "not_adopted"):
        errors = errors_of(make_opinion, adoption=adoption)
        assert "部分采纳或未采纳的，须填写反馈说明" in errors["response"]
    assert make_opinion(adoption="adopted").pk
    assert make_opinion(adoption="not_adopted", response="与上位法不一致").pk


def test_opinion_only_on_an_open_draft_and_within_dates(tree, make_project, make_opinion, open_project):
    planned = make_project(title="东城区公园管理办法")
    errors = errors_of(make_opinion, project=planned)
    assert "当前为“立项”，只能对起草、征求意见或审查（审议）阶段的草案收集意见" in errors["project"]
    errors = errors_of(make_opinion, received_on=D(2021, 4, 30))
    assert "不得早于“东城街道基层立法联系点”的设立日期（2021-05-01）" in errors["received_on"]
    make_opinion()  # recorded while open; the draft is then passed
    advance(tree.officer_a, open_project, "submit_review", on=D(2025, 7, 1))
    advance(tree.coordinator_a, open_project, "pass", on=D(2025, 8, 1))
    opinion = Opinion.objects.get()
    opinion.received_on = D(2025, 8, 2)
    with pytest.raises(ValidationError) as exc:
        services.save_opinion(actor=tree.coordinator_a, opinion=opinion)
    assert "收集日期不得晚于该项目的通过日期（2025-08-01）" in exc.value.message_dict["received_on"][0]


def test_opinion_from_a_point_outside_the_plan_region(tree, make_opinion, point_b):
    errors = errors_of(make_opinion, actor=tree.admin, contact_point=point_b)
    assert "“西山镇基层立法联系点”不在立法计划所属区划“东城区”内" in errors["contact_point"]


# ---- evaluations ------------------------------------------------------------------------------------


def evaluation_fields(tree, **fields):
    return {"actor": tree.coordinator_a, "title": "东城区城市绿化管理办法", "evaluating_unit": tree.justice_a,
            "started_on": D(2025, 3, 1), **fields}


def test_evaluation_dates(tree):
    errors = errors_of(services.create_evaluation, **evaluation_fields(
        tree, finished_on=D(2025, 2, 28), findings="良好", recommendation="continue"))
    assert "完成日期不得早于开始日期（2025-03-01）" in errors["finished_on"]
    errors = errors_of(services.create_evaluation, **evaluation_fields(tree, started_on=D(2026, 1, 5)))
    assert "开始日期不得晚于今天" in errors["started_on"]
    assert not PostLegislativeEvaluation.objects.exists()


def test_evaluation_needs_a_subject_a_third_party_and_findings_when_finished(tree):
    errors = errors_of(services.create_evaluation, **evaluation_fields(tree, title=" "))
    assert "请选择立法项目或填写被评估的法规规章名称" in errors["title"]
    errors = errors_of(services.create_evaluation, **evaluation_fields(tree, method="third_party"))
    assert "须填写第三方评估机构" in errors["third_party"]
    errors = errors_of(services.create_evaluation, **evaluation_fields(tree, finished_on=D(2025, 9, 1)))
    assert "须填写评估结论" in errors["findings"] and "继续施行、修改或废止" in errors["recommendation"]
    done = services.create_evaluation(**evaluation_fields(tree, finished_on=D(2025, 9, 1), findings="运行良好",
                                                          recommendation="continue"))
    assert done.get_recommendation_display() == "继续施行"


def test_evaluation_only_of_a_published_project(tree, make_project):
    project = make_project()
    errors = errors_of(services.create_evaluation, **evaluation_fields(tree, title="", project=project))
    assert "只能对已公布施行的法规、规章开展立法后评估" in errors["project"]
