"""The project procedure on the engine: steps, dates, gates and who may take them."""

import datetime

import pytest
from django.http import Http404

from fazhi.legislation import services
from fazhi.legislation.models import ProjectStatus as S
from fazhi.procedures.engine import get_procedure
from fazhi.procedures.models import TransitionLog
from fazhi.procedures.services import TransitionRefused

from .conftest import advance

D = datetime.date
pytestmark = pytest.mark.django_db


def refusal(actor, project, name, on=None, comment=""):
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=actor, project=project, name=name, on=on, comment=comment)
    return "；".join(exc.value.reasons)


def test_procedure_is_registered_without_time_limits():
    procedure = get_procedure("legislation.LegislativeProject")
    assert procedure.state_field == "status" and procedure.initial == S.PLANNED
    assert list(procedure.limits) == []
    assert {s.key for s in procedure.states if s.final} == {S.PUBLISHED, S.TERMINATED}


def test_happy_path_dates_passing_and_publication(tree, make_project):
    project = make_project()
    advance(tree.officer_a, project, "start_drafting", on=D(2025, 3, 1))
    advance(tree.officer_a, project, "open_consultation", on=D(2025, 4, 1))
    advance(tree.officer_a, project, "submit_review", on=D(2025, 5, 10))
    advance(tree.coordinator_a, project, "pass", on=D(2025, 6, 20))
    assert project.status == S.PASSED and project.passed_on == D(2025, 6, 20)
    message = refusal(tree.coordinator_a, project, "publish", on=D(2025, 6, 30))
    assert "缺少“施行日期”" in message and "公布令应当载明施行日期" in message
    project.effective_on = D(2025, 6, 29)
    services.save_project(actor=tree.officer_a, project=project)
    assert "施行日期不得早于公布日期" in refusal(tree.coordinator_a, project, "publish", on=D(2025, 6, 30))
    assert "公布日期不得早于通过日期" in refusal(tree.coordinator_a, project, "publish", on=D(2025, 6, 19))
    project.effective_on = D(2025, 8, 1)
    services.save_project(actor=tree.officer_a, project=project)
    advance(tree.coordinator_a, project, "publish", on=D(2025, 7, 1))
    assert project.status == S.PUBLISHED and project.published_on == D(2025, 7, 1)
    logs = TransitionLog.objects.filter(object_id=project.pk).order_by("pk")
    assert [log.to_state for log in logs] == ["drafting", "consultation", "review", "passed", "published"]
    assert logs[0].data == {"on": "2025-03-01"}


def test_undated_step_is_today_and_future_date_refused(tree, make_project):
    project = make_project()
    assert "不得晚于今天" in refusal(tree.officer_a, project, "start_drafting", on=D(2025, 12, 2))
    advance(tree.officer_a, project, "start_drafting", "open_consultation", "submit_review")
    advance(tree.coordinator_a, project, "pass")
    assert project.passed_on == D(2025, 12, 1)


def test_legal_officer_drafts_but_only_the_organiser_decides(tree, make_project):
    project = advance(tree.officer_a, make_project(), "start_drafting", "open_consultation", "submit_review")
    message = refusal(tree.officer_a, project, "pass")
    assert "您无权执行“表决（决定）通过”" in message and "协调员" in message
    assert "无权" in refusal(tree.officer_a, project, "suspend", comment="暂缓")
    # A project another unit of the same county leads is not even visible to the legal officer.
    other = make_project(title="东城区公园管理办法", responsible_unit=tree.street_a)
    with pytest.raises(Http404):
        services.take_step(actor=tree.officer_a, project=other, name="start_drafting")


def test_return_suspend_resume_terminate_need_reasons(tree, make_project):
    project = advance(tree.officer_a, make_project(), "start_drafting", "open_consultation", "submit_review")
    assert "须说明理由" in refusal(tree.coordinator_a, project, "return_for_revision", comment=" ")
    advance(tree.coordinator_a, project, "return_for_revision", comment="第十条与上位法冲突")
    assert project.status == S.DRAFTING
    assert "须说明理由" in refusal(tree.coordinator_a, project, "suspend")
    advance(tree.coordinator_a, project, "suspend", comment="上位法修订中")
    assert project.status == S.SUSPENDED
    assert "当前状态为“暂缓”" in refusal(tree.officer_a, project, "open_consultation")
    advance(tree.coordinator_a, project, "resume")
    advance(tree.coordinator_a, project, "terminate", comment="已由省级立法规范")
    assert project.status == S.TERMINATED
    assert "当前状态为“终止”" in refusal(tree.coordinator_a, project, "resume")


def test_city_regulation_needs_provincial_approval_before_publication(tree):
    plan = services.create_plan(actor=tree.city_coordinator, unit=tree.city_gov, year=2025, kind="regulation",
                                title="示范市人大常委会2025年度立法计划", approved_on=D(2025, 2, 1))
    project = services.create_project(actor=tree.city_coordinator, plan=plan, title="示范市养犬管理条例",
                                      responsible_unit=tree.city_justice, effective_on=D(2025, 10, 1))
    assert project.needs_approval
    advance(tree.city_coordinator, project, "start_drafting", "open_consultation", "submit_review",
            on=D(2025, 5, 1))
    advance(tree.city_coordinator, project, "pass", on=D(2025, 6, 1))
    assert "须报省、自治区人民代表大会常务委员会批准后施行" in refusal(
        tree.city_coordinator, project, "publish", on=D(2025, 8, 1))
    project.approved_on = D(2025, 5, 31)
    with pytest.raises(Exception, match="批准日期不得早于通过日期"):
        services.save_project(actor=tree.city_coordinator, project=project)
    project.approved_on = D(2025, 8, 5)
    services.save_project(actor=tree.city_coordinator, project=project)
    assert "批准后施行" in refusal(tree.city_coordinator, project, "publish", on=D(2025, 8, 1))
    advance(tree.city_coordinator, project, "publish", on=D(2025, 8, 10))
    assert project.status == S.PUBLISHED
    # A county's regulation-kind project (no such power in law, but the model allows it) is not gated.
    county_plan = services.create_plan(actor=tree.coordinator_a, unit=tree.gov_a, year=2025, kind="regulation",
                                       title="东城区2025年度立法计划")
    assert not services.create_project(actor=tree.coordinator_a, plan=county_plan, title="东城区条例",
                                       responsible_unit=tree.dept_a).needs_approval


def test_other_county_and_leader_cannot_take_steps(tree, make_project):
    project = make_project()
    with pytest.raises(Http404):
        services.take_step(actor=tree.outsider, project=project, name="start_drafting")
    assert "无权" in refusal(tree.leader_a, project, "start_drafting")
    project.refresh_from_db()
    assert project.status == S.PLANNED


def test_published_project_is_locked(tree, make_project):
    project = make_project(effective_on=D(2025, 9, 1))
    advance(tree.coordinator_a, project, "start_drafting", "open_consultation", "submit_review", "pass", "publish",
            on=D(2025, 8, 1))
    project.title = "改名"
    with pytest.raises(Exception, match="已公布施行或已终止的立法项目不能再修改"):
        services.save_project(actor=tree.coordinator_a, project=project)
