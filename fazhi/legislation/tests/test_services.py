"""Services: who may create and change what (missing and forbidden both 404), and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.models import AuditEvent, Unit, UnitType
from fazhi.legislation import services
from fazhi.legislation.models import LegislativePlan, LegislativeProject, Opinion

from .conftest import advance

D = datetime.date
pytestmark = pytest.mark.django_db


def test_writes_are_audited(tree, plan_a):
    event = AuditEvent.objects.filter(object_type="legislation.legislativeplan", object_id=str(plan_a.pk)).get()
    assert event.action == "create" and event.actor_id == tree.coordinator_a.pk


@pytest.mark.parametrize("who", ["outsider", "leader_a", "officer_a", "no_role"])
def test_only_managers_of_the_unit_create_plans(tree, who):
    with pytest.raises(Http404):
        services.create_plan(actor=getattr(tree, who), unit=tree.gov_a, year=2025, kind="rule", title="东城计划")
    assert not LegislativePlan.objects.exists()


def test_other_county_cannot_change_a_plan_or_a_project(tree, plan_a, make_project):
    plan_a.title = "改"
    with pytest.raises(Http404):
        services.save_plan(actor=tree.outsider, plan=plan_a)
    project = make_project()
    project.title = "改"
    with pytest.raises(Http404):
        services.save_project(actor=tree.outsider, project=project)
    with pytest.raises(Http404):
        make_project(actor=tree.outsider)
    with pytest.raises(Http404):  # a unit the actor cannot see
        make_project(actor=tree.coordinator_a, responsible_unit=tree.dept_b)


def test_legal_officer_edits_the_project_it_leads_but_cannot_hand_it_over(tree, make_project):
    with pytest.raises(Http404):  # creating a project is the plan organiser's act
        make_project(actor=tree.officer_a)
    project = make_project()
    project.description = "起草说明：已完成调研。"
    services.save_project(actor=tree.officer_a, project=project)
    assert LegislativeProject.objects.get().description == "起草说明：已完成调研。"
    squad = Unit.objects.create(name="东城区市场监管执法大队", unit_type=UnitType.DEPARTMENT, region=tree.county_a,
                                parent=tree.dept_a)
    project.responsible_unit = squad  # within the officer's sight, but handing over is the organiser's act
    with pytest.raises(ValidationError, match="调整立法计划或负责单位须由立法计划编制单位办理"):
        services.save_project(actor=tree.officer_a, project=project)
    assert LegislativeProject.objects.get().responsible_unit == tree.dept_a
    with pytest.raises(Http404):  # a leader changes nothing
        services.save_project(actor=tree.leader_a, project=LegislativeProject.objects.get())


def test_an_edit_cannot_set_the_steps_fields(tree, make_project):
    project = make_project()
    project.status, project.passed_on = "published", D(2025, 5, 1)
    services.save_project(actor=tree.coordinator_a, project=project)
    project.refresh_from_db()
    assert project.status == "planned" and project.passed_on is None


def test_county_coordinator_records_opinions_on_a_published_city_plan(tree, point_a):
    plan = services.create_plan(actor=tree.city_coordinator, unit=tree.city_gov, year=2025, kind="regulation",
                                title="示范市人大常委会2025年度立法计划")
    project = services.create_project(actor=tree.city_coordinator, plan=plan, title="示范市养犬管理条例",
                                      responsible_unit=tree.city_justice)
    advance(tree.city_coordinator, project, "start_drafting", "open_consultation", on=D(2025, 5, 1))
    fields = {"project": project, "contact_point": point_a, "received_on": D(2025, 5, 8),
              "content": "建议明确养犬登记的办理地点。"}
    with pytest.raises(Http404):  # the plan is not published yet: the county does not know the draft
        services.create_opinion(actor=tree.coordinator_a, **fields)
    plan.approved_on = D(2025, 2, 1)
    services.save_plan(actor=tree.city_coordinator, plan=plan)
    with pytest.raises(ValidationError, match="采纳情况和反馈说明由立法计划编制单位研究填写"):
        services.create_opinion(actor=tree.coordinator_a, adoption="adopted", **fields)
    opinion = services.create_opinion(actor=tree.coordinator_a, **fields)
    with pytest.raises(Http404):  # another county's coordinator: the contact point is not theirs
        services.create_opinion(actor=tree.outsider, **fields)
    # The city, which drew up the plan, decides on adoption; the county may correct its own record only.
    opinion.adoption, opinion.response = "adopted", "已采纳。"
    with pytest.raises(ValidationError, match="收集点只登记意见"):
        services.save_opinion(actor=tree.coordinator_a, opinion=opinion)
    services.save_opinion(actor=tree.city_coordinator, opinion=opinion)
    opinion.submitter = "王某某（居民）"
    services.save_opinion(actor=tree.coordinator_a, opinion=opinion)
    assert Opinion.objects.get().adoption == "adopted"
    assert Opinion.objects.visible_to(tree.outsider).count() == 0
    assert Opinion.objects.visible_to(tree.coordinator_a).count() == 1


def test_responsible_unit_reads_the_opinions_on_its_draft_but_cannot_answer(tree, make_opinion):
    opinion = make_opinion()
    assert Opinion.objects.visible_to(tree.officer_a).get() == opinion
    opinion.adoption = "adopted"
    with pytest.raises(Http404):
        services.save_opinion(actor=tree.officer_a, opinion=opinion)


def test_points_and_parents_in_scope(tree, point_a, point_b):
    with pytest.raises(Http404):
        services.create_point(actor=tree.outsider, kind="collection", name="西山采集点", host_unit=tree.gov_b,
                              parent=point_a)
    with pytest.raises(Http404):
        services.create_point(actor=tree.outsider, kind="contact", name="东城采集点", host_unit=tree.street_a)
    point_a.staff_count = 9
    with pytest.raises(Http404):
        services.save_point(actor=tree.leader_a, point=point_a)


def test_evaluation_of_a_published_project(tree, make_project):
    project = make_project(effective_on=D(2025, 4, 1))
    advance(tree.coordinator_a, project, "start_drafting", "open_consultation", "submit_review", "pass",
            "publish", on=D(2025, 3, 1))
    evaluation = services.create_evaluation(actor=tree.coordinator_a, project=project,
                                            evaluating_unit=tree.justice_a, started_on=D(2025, 11, 1))
    assert evaluation.title == "东城区停车场管理办法"
    with pytest.raises(Http404):
        services.create_evaluation(actor=tree.outsider, title="东城评估", evaluating_unit=tree.justice_a,
                                   started_on=D(2025, 11, 1))


def test_published_plans_of_another_county_are_not_offered(tree, open_project, point_b):
    from fazhi.legislation import selectors

    assert open_project.plan.is_public
    assert not selectors.opinion_projects(tree.outsider).exists()
    assert list(selectors.opinion_projects(tree.coordinator_a)) == [open_project]
    with pytest.raises(Http404):
        services.create_opinion(actor=tree.outsider, project=open_project, contact_point=point_b,
                                received_on=D(2025, 6, 10), content="西山意见")
