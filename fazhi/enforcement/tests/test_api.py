"""API: lists with filter sets, detail, create/update; 404 for missing and forbidden; 422 in Chinese."""

import datetime

import pytest

from fazhi.core.models import AuditEvent
from fazhi.enforcement.models import EnforcementItem, EnforcementOfficer

D = datetime.date
pytestmark = pytest.mark.django_db
BASE = "/api/v1/enforcement"


def test_anonymous_gets_401(client):
    for path in ("/bodies", "/officers", "/items", "/teams"):
        assert client.get(BASE + path).status_code == 401
    assert client.post(BASE + "/officers", {}, content_type="application/json").status_code == 401


def test_lists_are_scoped_and_filtered(tree, client_as, body_a, body_b, make_officer, make_item):
    officer = make_officer(name="张有效")
    make_officer(name="李过期", issued_on=D(2019, 1, 1), expires_on=D(2024, 1, 1))
    make_item(item_type="licensing")
    make_item()
    client = client_as(tree.coordinator_a)
    body = client.get(BASE + "/officers").json()
    assert body["count"] == 2
    assert {o["name"] for o in body["items"]} == {"张有效", "李过期"}
    first = next(o for o in body["items"] if o["name"] == "张有效")
    assert first["certificate_valid"] and first["id_number_masked"].startswith("1101") and "id_number" not in first
    assert client.get(BASE + "/officers", {"certificate": "expired"}).json()["count"] == 1
    assert client.get(BASE + "/items", {"item_type": "licensing"}).json()["count"] == 1
    assert client.get(BASE + "/bodies").json()["items"][0]["enforcement_fields"] == ["market"]
    response = client.get(BASE + "/officers", {"certificate": "whatever"})
    assert response.status_code == 422
    assert client_as(tree.outsider).get(BASE + "/officers").json()["count"] == 0
    assert client_as(tree.outsider).get(f"{BASE}/officers/{officer.pk}").status_code == 404
    assert client_as(tree.outsider).get(f"{BASE}/bodies/{body_a.pk}").json() == {"detail": "对象不存在"}
    assert client_as(tree.officer_a).get(f"{BASE}/officers/{officer.pk}").status_code == 200


def test_create_and_update_officer(tree, client_as, body_a, body_b):
    client = client_as(tree.officer_a)
    payload = {"name": "王执法", "id_number": "11010519491231002x", "body_id": body_a.pk,
               "certificate_number": "990102000777", "field": "market", "issued_on": "2025-01-01",
               "expires_on": "2024-12-31"}
    response = client.post(BASE + "/officers", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "expires_on", "message": "有效期至不得早于发证日期（2025-01-01）。"}]
    payload["expires_on"] = "2029-12-31"
    response = client.post(BASE + "/officers", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    officer_id = response.json()["id"]
    assert EnforcementOfficer.objects.get(pk=officer_id).id_number == "11010519491231002X"
    response = client.post(BASE + "/officers", payload, content_type="application/json")
    assert response.status_code == 422 and "执法证号已被其他执法人员使用" in response.json()["detail"]
    payload["name"] = "王执法（改）"
    response = client.put(f"{BASE}/officers/{officer_id}", payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["name"] == "王执法（改）"
    # Another county's body, another county's user, a leader: 404 and nothing written.
    ours = AuditEvent.objects.filter(object_type__startswith="enforcement.")
    before = ours.count()
    payload.update(body_id=body_b.pk, certificate_number="X9")
    assert client.post(BASE + "/officers", payload, content_type="application/json").status_code == 404
    assert client_as(tree.outsider).put(f"{BASE}/officers/{officer_id}", payload,
                                        content_type="application/json").status_code == 404
    assert client_as(tree.leader_a).put(f"{BASE}/officers/{officer_id}", payload,
                                        content_type="application/json").status_code == 404
    assert ours.count() == before and EnforcementOfficer.objects.get().name == "王执法（改）"


def test_create_item_and_body(tree, client_as, body_a):
    client = client_as(tree.coordinator_a)
    payload = {"code": "SCJG-1", "name": "对无证经营的处罚", "item_type": "penalty", "field": "market",
               "legal_basis": " ", "body_id": body_a.pk}
    response = client.post(BASE + "/items", payload, content_type="application/json")
    assert response.status_code == 422 and "请填写实施依据" in response.json()["detail"]
    payload["legal_basis"] = "《中华人民共和国食品安全法》第一百二十二条"
    response = client.post(BASE + "/items", payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["item_type_label"] == "行政处罚"
    item_id = response.json()["id"]
    payload.update(status="cancelled", cancelled_on="2025-06-01", cancellation_document="示府发〔2025〕7号")
    response = client.put(f"{BASE}/items/{item_id}", payload, content_type="application/json")
    assert response.status_code == 200 and EnforcementItem.objects.get().status == "cancelled"
    response = client.post(BASE + "/bodies", {"unit_id": tree.justice_a.pk, "legal_basis": "x",
                                               "enforcement_fields": ["nonsense"]}, content_type="application/json")
    assert response.status_code == 422
    response = client.post(BASE + "/bodies", {"unit_id": tree.justice_a.pk, "legal_basis": "《行政复议法》",
                                               "enforcement_fields": ["other"]}, content_type="application/json")
    assert response.status_code == 201 and response.json()["fields_label"] == "其他"
    body_id = response.json()["id"]
    response = client.put(f"{BASE}/bodies/{body_id}", {"unit_id": tree.justice_a.pk, "legal_basis": "《行政复议法》",
                                                        "enforcement_fields": ["other", "market"]},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["enforcement_fields"] == ["market", "other"]


def test_teams(tree, client_as):
    client = client_as(tree.coordinator_a)
    response = client.post(BASE + "/teams", {"township_id": tree.street_a.pk, "name": "东城街道综合行政执法队",
                                              "posts": 9}, content_type="application/json")
    assert response.status_code == 201 and response.json()["officer_count"] == 0
    team_id = response.json()["id"]
    assert client.get(BASE + "/teams").json()["count"] == 1
    response = client.put(f"{BASE}/teams/{team_id}", {"township_id": tree.street_a.pk, "name": "东城街道综合执法队",
                                                       "posts": 10}, content_type="application/json")
    assert response.json()["posts"] == 10
    assert client_as(tree.outsider).get(f"{BASE}/teams/{team_id}").status_code == 404
