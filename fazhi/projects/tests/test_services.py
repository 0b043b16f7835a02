import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.procedures.models import Deadline
from fazhi.procedures.services import TransitionRefused
from fazhi.projects import selectors, services
from fazhi.projects.models import Milestone, ProgressNote, Project

D = datetime.date
pytestmark = pytest.mark.django_db


def test_project_milestones_progress_and_completion(tree, make_project):
    project = make_project()
    m1 = services.add_milestone(actor=tree.coordinator_a, project=project, title="制定实施方案", due_on=D(2025, 3, 31))
    m2 = services.add_milestone(actor=tree.coordinator_a, project=project, title="全面铺开", due_on=D(2025, 9, 30))
    running = Deadline.objects.filter(stopped_on__isnull=True, key="projects.milestone")
    assert running.count() == 2
    assert "东城区“村（居）法律服务三帮”项目" in running.get(object_id=m2.pk).basis
    services.take_step(actor=tree.coordinator_a, project=project, name="start", on=D(2025, 2, 1))
    services.mark_milestone_done(actor=tree.officer_a, milestone=m1, done_on=D(2025, 3, 20))
    assert running.count() == 1
    services.add_note(actor=tree.officer_a, project=project, text="已在12个社区开展法律服务。")
    with pytest.raises(TransitionRefused) as exc:
        services.take_step(actor=tree.coordinator_a, project=project, name="complete")
    assert "尚有节点未完成" in exc.value.reasons[0]
    services.mark_milestone_done(actor=tree.coordinator_a, milestone=m2, done_on=D(2025, 5, 30))
    services.take_step(actor=tree.coordinator_a, project=project, name="complete")
    project.refresh_from_db()
    assert project.state == "completed" and project.completed_on == D(2025, 6, 1)
    assert not running.exists()


def test_milestone_outside_project_year_refused(tree, make_project):
    project = make_project()
    with pytest.raises(ValidationError) as exc:
        services.add_milestone(actor=tree.coordinator_a, project=project, title="验收", due_on=D(2026, 1, 15))
    assert exc.value.message_dict["due_on"] == ["节点完成时限（2026-01-15）须在项目年度（2025年）内。"]
    assert not Milestone.objects.exists() and not Deadline.objects.exists()


def test_changing_year_away_from_milestones_refused(tree, make_project):
    project = make_project()
    services.add_milestone(actor=tree.coordinator_a, project=project, title="验收", due_on=D(2025, 12, 15))
    project.year = 2024
    with pytest.raises(ValidationError) as exc:
        services.save_project(actor=tree.coordinator_a, project=project)
    assert "不在2024年内" in exc.value.message_dict["year"][0]
    assert Project.objects.get().year == 2025


def test_publish_and_portal(tree, make_project):
    project = make_project()
    assert not selectors.public_projects().exists()
    services.publish_project(actor=tree.coordinator_a, project=project)
    assert list(selectors.public_projects()) == [project]
    services.publish_project(actor=tree.coordinator_a, project=project, publish=False)
    assert not selectors.public_projects().exists()
    with pytest.raises(Http404):  # only the office decides
        services.publish_project(actor=tree.officer_a, project=project)


def test_access(tree, make_project):
    project = make_project()
    m = services.add_milestone(actor=tree.coordinator_a, project=project, title="方案", due_on=D(2025, 3, 1))
    assert not Project.objects.visible_to(tree.outsider).exists()
    assert Project.objects.visible_to(tree.officer_a).get() == project  # responsible unit
    with pytest.raises(Http404):  # the responsible unit does not redefine the project
        services.add_milestone(actor=tree.officer_a, project=project, title="x", due_on=D(2025, 5, 1))
    for user in (tree.outsider, tree.leader_a, tree.officer_b):
        with pytest.raises(Http404):
            services.add_note(actor=user, project=project, text="x")
        with pytest.raises(Http404):
            services.mark_milestone_done(actor=user, milestone=m, done_on=D(2025, 3, 1))
    assert not ProgressNote.objects.exists()


def test_milestone_done_before_start_and_twice(tree, make_project):
    project = make_project()
    m = services.add_milestone(actor=tree.coordinator_a, project=project, title="方案", due_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.mark_milestone_done(actor=tree.coordinator_a, milestone=m, done_on=D(2025, 3, 1))
    assert "启动实施后" in exc.value.message_dict["done_on"][0]
    services.take_step(actor=tree.coordinator_a, project=project, name="start")
    services.mark_milestone_done(actor=tree.coordinator_a, milestone=m, done_on=D(2025, 3, 1))
    with pytest.raises(ValidationError):
        services.mark_milestone_done(actor=tree.coordinator_a, milestone=m, done_on=D(2025, 3, 2))
    with pytest.raises(ValidationError) as exc:
        m2 = services.add_milestone(actor=tree.coordinator_a, project=project, title="y", due_on=D(2025, 8, 1))
        services.mark_milestone_done(actor=tree.coordinator_a, milestone=m2, done_on=D(2025, 7, 1))
    assert "不得晚于今天" in exc.value.message_dict["done_on"][0]
