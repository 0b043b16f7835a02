"""Pages, portal, API and figures."""

import json

import pytest

from fazhi.figures.registry import compute
from fazhi.randominspections import services
from fazhi.randominspections.models import InspectionPlan, InspectionResult

from .conftest import D

pytestmark = pytest.mark.django_db
API = "/api/v1/randominspections"


def _drawn(tree, plan):
    services.commit_draw(actor=tree.officer_a, plan=plan)
    services.perform_draw(actor=tree.officer_a, plan=plan)
    plan.refresh_from_db()
    return plan


def test_staff_pages_and_access(tree, client_as, plan_a, django_assert_max_num_queries):
    client = client_as(tree.officer_a)
    for name in ("items", "entities", "inspectors", "plans"):
        with django_assert_max_num_queries(25):
            response = client.get(f"/randominspections/{name}/")
        assert response.status_code == 200, name
    assert "东城商户1" in client.get("/randominspections/entities/").content.decode()
    assert client.get("/randominspections/entities/?export=xlsx").status_code == 200
    assert client.get(plan_a.get_absolute_url()).status_code == 200
    response = client.post(f"/randominspections/plans/{plan_a.pk}/commit/")
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert plan_a.state == "committed"
    client = client_as(tree.officer_b)
    assert client.get(plan_a.get_absolute_url()).status_code == 404
    assert "东城商户" not in client.get("/randominspections/entities/").content.decode()
    client = client_as(tree.leader_a)
    assert client.get(plan_a.get_absolute_url()).status_code == 200
    assert client.post(f"/randominspections/plans/{plan_a.pk}/draw/").status_code in (403, 404)
    plan_a.refresh_from_db()
    assert plan_a.state == "committed"


def test_result_entry_page(tree, client_as, plan_a):
    _drawn(tree, plan_a)
    result = InspectionResult.objects.filter(plan=plan_a).first()
    client = client_as(tree.officer_a)
    url = f"/randominspections/results/{result.pk}/"
    response = client.post(url, {"inspected_on": "2025-12-01", "outcome": "case_opened"})
    assert "检查结果为发现问题的，请填写发现的问题。" in response.content.decode()
    response = client.post(url, {"inspected_on": "2025-12-01", "outcome": "no_problem"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.state == "inspected" and result.publication_due_on == D(2025, 12, 29)
    assert "公示结果" in client.get(url).content.decode()  # the engine's transition button


def test_portal_shows_commitment_then_seed(tree, client, plan_a):
    assert client.get(f"/randominspections/public/plans/{plan_a.pk}/").status_code == 404  # a draft is not public
    services.commit_draw(actor=tree.officer_a, plan=plan_a)
    plan_a.refresh_from_db()
    page = client.get(f"/randominspections/public/plans/{plan_a.pk}/").content.decode()
    assert plan_a.seed_hash in page and plan_a.seed not in page
    assert client.get(f"/randominspections/public/plans/{plan_a.pk}/draw.json").json()["seed"] is None
    services.perform_draw(actor=tree.officer_a, plan=plan_a)
    published = client.get(f"/randominspections/public/plans/{plan_a.pk}/draw.json").json()
    assert published["seed"] == plan_a.seed and len(published["picks"]) == 6
    assert services.verify_published(published) == []
    assert "2025年食品经营者双随机抽查" in client.get("/randominspections/public/plans/").content.decode()


def test_api(tree, client_as, plan_a, item_a, body_a):
    client = client_as(tree.officer_a)
    assert client.get(API + "/plans").json()["count"] == 1
    response = client.post(API + "/plans", {"body_id": body_a.pk, "title": "", "year": 2025, "item_ids": []},
                           content_type="application/json")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"title", "items"}
    response = client.post(API + "/entities", {"body_id": body_a.pk, "credit_code": "91990102000000000X", "name": "x"},
                           content_type="application/json")
    assert response.status_code == 422 and "校验位错误" in json.dumps(response.json(), ensure_ascii=False)
    response = client.post(f"{API}/plans/{plan_a.pk}/draw")
    assert response.status_code == 422 and "尚未公布" in json.dumps(response.json(), ensure_ascii=False)
    assert client.post(f"{API}/plans/{plan_a.pk}/commit").json()["state"] == "committed"
    assert client.post(f"{API}/plans/{plan_a.pk}/draw").json()["state"] == "drawn"
    assert client.get(f"{API}/plans/{plan_a.pk}/verify").json() == {"agrees": True, "problems": []}
    results = client.get(f"{API}/plans/{plan_a.pk}/results").json()
    assert len(results) == 6
    rid = results[0]["id"]
    body = client.post(f"{API}/results/{rid}", {"inspected_on": "2025-12-01", "outcome": "no_problem"},
                       content_type="application/json").json()
    assert body["state"] == "inspected"
    assert client.post(f"{API}/results/{rid}/publish", {}, content_type="application/json").json()["state"] == "published"
    client = client_as(tree.officer_b)
    assert client.get(f"{API}/plans/{plan_a.pk}").status_code == 404
    assert client.post(f"{API}/plans/{plan_a.pk}/commit").status_code == 404


def test_figures(tree, plan_a, entities_a):
    plan = _drawn(tree, plan_a)
    InspectionPlan.objects.filter(pk=plan.pk).update(drawn_on=D(2025, 10, 1))
    results = list(InspectionResult.objects.filter(plan=plan).order_by("pk"))
    services.enter_result(actor=tree.officer_a, result=results[0], inspected_on=D(2025, 10, 9), outcome="no_problem")
    services.publish_result(actor=tree.officer_a, result=results[0], on=D(2025, 11, 20))  # late (due 11-06)
    services.enter_result(actor=tree.officer_a, result=results[1], inspected_on=D(2025, 11, 3), outcome="rectified",
                          problems="台账缺失", handling="责令改正")
    services.publish_result(actor=tree.officer_a, result=results[1], on=D(2025, 11, 10))  # on time
    services.enter_result(actor=tree.officer_a, result=results[2], inspected_on=D(2025, 11, 28), outcome="no_problem")
    a = tree.coordinator_a

    def value(key):
        return compute(key, user=a).value

    assert value("randominspections.plans.drawn") == 1
    assert value("randominspections.entities.drawn") == 6
    cov = compute("randominspections.entities.coverage", user=a)
    assert (cov.numerator, cov.denominator) == (3, 20)
    rate = compute("randominspections.results.published_on_time", user=a)
    assert (rate.numerator, rate.denominator) == (1, 2)  # the third is not yet due
    assert value("randominspections.results.problems") == 1
    assert compute("randominspections.entities.drawn", user=tree.outsider).value == 0
