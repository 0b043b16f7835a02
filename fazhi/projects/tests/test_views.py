import datetime
import json

import pytest
from django.urls import reverse

from fazhi.figures.registry import compute
from fazhi.projects import services
from fazhi.projects.models import Milestone, Project

D = datetime.date
pytestmark = pytest.mark.django_db


def test_list_counts_queries_filters_export(tree, make_project, client_as, django_assert_max_num_queries):
    for i in range(10):
        project = make_project(title=f"东城项目{i}")
        services.add_milestone(actor=tree.coordinator_a, project=project, title="节点", due_on=D(2025, 9, 1))
        if i < 3:
            services.publish_project(actor=tree.coordinator_a, project=project)
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:project_list"))
    assert response.status_code == 200 and "东城项目0" in response.content.decode()
    assert client.get(reverse("projects:project_list"), {"published": "true"}).context["page"].paginator.count == 3
    export = client.get(reverse("projects:project_list"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_milestone_form_outside_year_shows_chinese_error(tree, make_project, client_as):
    project = make_project()
    client = client_as(tree.coordinator_a)
    response = client.post(reverse("projects:milestone_add", args=[project.pk]), {"title": "验收", "due_on": "2024-12-01"})
    assert response.status_code == 200
    assert "节点完成时限（2024-12-01）须在项目年度（2025年）内。" in response.content.decode()
    assert not Milestone.objects.exists()


def test_responsible_unit_reports_progress(tree, make_project, client_as):
    project = make_project()
    milestone = services.add_milestone(actor=tree.coordinator_a, project=project, title="方案", due_on=D(2025, 3, 1))
    services.take_step(actor=tree.coordinator_a, project=project, name="start")
    client = client_as(tree.officer_a)
    body = client.get(project.get_absolute_url()).content.decode()
    assert "填报进展" in body and "在门户公开" not in body
    client.post(reverse("projects:milestone_done", args=[milestone.pk]), {"done_on": "2025-03-02"})
    client.post(reverse("projects:note_add", args=[project.pk]), {"noted_on": "2025-05-01", "text": "东城已完成方案"})
    milestone.refresh_from_db()
    assert milestone.done_on == D(2025, 3, 2) and project.notes.count() == 1
    assert client.post(reverse("projects:project_publish", args=[project.pk])).status_code == 404


def test_other_county_leader_anonymous(tree, make_project, client_as, client):
    project = make_project()
    assert client.get(project.get_absolute_url()).status_code == 302
    assert "东城" not in client.get(reverse("projects:public_projects")).content.decode()
    c = client_as(tree.outsider)
    assert c.get(project.get_absolute_url()).status_code == 404
    c = client_as(tree.leader_a)
    assert c.get(project.get_absolute_url()).status_code == 200
    assert c.post(reverse("projects:project_publish", args=[project.pk])).status_code == 404
    assert Project.objects.get().published_on is None


def test_publish_shows_on_portal(tree, make_project, client_as, client):
    project = make_project()
    services.add_milestone(actor=tree.coordinator_a, project=project, title="东城制定方案", due_on=D(2025, 3, 1))
    client_as(tree.coordinator_a).post(reverse("projects:project_publish", args=[project.pk]), {"publish": "1"})
    client.logout()
    body = client.get(reverse("projects:public_projects")).content.decode()
    assert "东城区“村（居）法律服务三帮”项目" in body and "东城制定方案" in body


def test_api(tree, client_as):
    client = client_as(tree.coordinator_a)
    payload = {"unit_id": tree.justice_a.pk, "year": 2025, "title": "东城法律援助便民项目",
               "responsible_unit_id": tree.justice_a.pk, "target": "法律援助申请一次办"}
    response = client.post("/api/v1/projects/projects", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    response = client.post(f"/api/v1/projects/projects/{pid}/milestones",
                           json.dumps({"title": "x", "due_on": "2026-02-01"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "节点完成时限（2026-02-01）须在项目年度（2025年）内。"
    response = client.post(f"/api/v1/projects/projects/{pid}/milestones",
                           json.dumps({"title": "上线", "due_on": "2025-09-01"}), content_type="application/json")
    assert response.status_code == 201
    assert client.get("/api/v1/projects/projects", {"year": 2025}).json()["count"] == 1
    assert client_as(tree.outsider).get(f"/api/v1/projects/projects/{pid}").status_code == 404


def test_figures(tree, make_project):
    done = make_project(title="东城完成")
    m = services.add_milestone(actor=tree.coordinator_a, project=done, title="a", due_on=D(2025, 3, 1))
    late = services.add_milestone(actor=tree.coordinator_a, project=done, title="b", due_on=D(2025, 4, 1))
    services.take_step(actor=tree.coordinator_a, project=done, name="start")
    services.mark_milestone_done(actor=tree.coordinator_a, milestone=m, done_on=D(2025, 2, 20))
    services.mark_milestone_done(actor=tree.coordinator_a, milestone=late, done_on=D(2025, 4, 10))
    services.take_step(actor=tree.coordinator_a, project=done, name="complete")
    make_project(title="东城进行中")
    cancelled = make_project(title="东城撤销")
    services.take_step(actor=tree.coordinator_a, project=cancelled, name="cancel", comment="并入其他项目")

    def value(key):
        return compute(key, user=tree.coordinator_a, start=D(2025, 1, 1), end=D(2025, 12, 31))

    assert value("projects.projects.total").value == 2
    assert value("projects.projects.completed").value == 1
    rate = value("projects.projects.completion_rate")
    assert (rate.numerator, rate.denominator) == (1, 2)
    assert value("projects.milestones.done").value == 2
    on_time = value("projects.milestones.on_time_rate")
    assert (on_time.numerator, on_time.denominator) == (1, 2)


def test_overdue_milestone_on_the_office_home_page(tree, make_project, client_as):
    project = make_project(title="东城逾期节点项目")
    services.add_milestone(actor=tree.coordinator_a, project=project, title="方案", due_on=D(2025, 3, 1))
    body = client_as(tree.coordinator_a).get(reverse("home")).content.decode()
    assert "项目节点完成时限" in body and "东城逾期节点项目" in body


def test_api_done_note_publish(tree, make_project, client_as):
    project = make_project()
    milestone = services.add_milestone(actor=tree.coordinator_a, project=project, title="方案", due_on=D(2025, 3, 1))
    services.take_step(actor=tree.coordinator_a, project=project, name="start")
    client = client_as(tree.officer_a)
    response = client.post(f"/api/v1/projects/milestones/{milestone.pk}/done", json.dumps({"done_on": "2025-03-01"}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["done_on"] == "2025-03-01"
    response = client.post(f"/api/v1/projects/projects/{project.pk}/notes", json.dumps({"text": "东城推进中"}),
                           content_type="application/json")
    assert response.status_code == 201
    assert client.post(f"/api/v1/projects/projects/{project.pk}/publish", json.dumps({}),
                       content_type="application/json").status_code == 404
    client = client_as(tree.coordinator_a)
    response = client.post(f"/api/v1/projects/projects/{project.pk}/publish", json.dumps({"publish": True}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["published_on"] == "2025-06-01"
