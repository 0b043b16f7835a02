"""The API (scoping, issue, evidence, steps, escalation, letter download, 422/404) and the figures on
hand-checked data."""

import pytest

from fazhi.figures.registry import compute
from fazhi.inspections import services
from fazhi.inspections.models import EscalationKind, ItemState, RectificationItem

from .conftest import D, docx_text, pdf

BASE = "/api/v1/inspections"


def test_anonymous_gets_401(client, db):
    for path in ("/inspections", "/findings", "/items", "/interference"):
        assert client.get(BASE + path).status_code == 401


def test_items_are_scoped_and_filtered(tree, client_as, make_item):
    late = make_item()
    make_item(requirement="修订制度", due_on=D(2026, 9, 30))
    body = client_as(tree.officer_a).get(BASE + "/items").json()
    assert body["count"] == 2
    body = client_as(tree.coordinator_a).get(BASE + "/items", {"deadline": "overdue"}).json()
    assert [i["id"] for i in body["items"]] == [late.pk]
    assert body["items"][0]["days_overdue"] == 15 and body["items"][0]["state_label"] == "已交办"
    assert client_as(tree.outsider).get(BASE + "/items").json()["count"] == 0
    assert client_as(tree.outsider).get(f"{BASE}/items/{late.pk}").status_code == 404


def test_issue_evidence_steps_and_letter_through_the_api(tree, client_as, finding_a):
    client = client_as(tree.coordinator_a)
    response = client.post(BASE + "/items", {
        "finding_id": finding_a.pk, "requirement": "补录公示", "responsible_leader": "李四",
        "issued_on": "2026-03-20", "due_on": "2026-03-01"}, content_type="application/json")
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["responsible_unit"] == "请选择责任单位。"
    assert "不得早于发现问题日期" in errors["due_on"]
    assert not RectificationItem.objects.exists()
    response = client.post(BASE + "/items", {
        "finding_id": finding_a.pk, "requirement": "补录公示", "responsible_unit_id": tree.dept_a.pk,
        "responsible_leader": "李四", "issued_on": "2026-03-20", "due_on": "2026-05-31"},
        content_type="application/json")
    assert response.status_code == 201
    item_id = response.json()["id"]

    response = client.post(f"{BASE}/items/{item_id}/transitions/close", {}, content_type="application/json")
    assert response.status_code == 422

    response = client.post(f"{BASE}/items/{item_id}/escalations", {"kind": "reminder_letter"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["has_letter"]
    letter = client.get(f"{BASE}/escalations/{response.json()['id']}/letter")
    assert "补录公示" in docx_text(b"".join(letter.streaming_content))
    assert client_as(tree.outsider).get(f"{BASE}/escalations/{response.json()['id']}/letter").status_code == 404

    officer = client_as(tree.officer_a)
    response = officer.post(f"{BASE}/items/{item_id}/evidence", {"file": pdf()})
    assert response.status_code == 201
    response = officer.post(f"{BASE}/items/{item_id}/transitions/submit", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    client = client_as(tree.coordinator_a)
    response = client.post(f"{BASE}/items/{item_id}/transitions/close", {"on": "2026-06-12"},
                           content_type="application/json")
    assert response.json()["state"] == "closed" and response.json()["closed_on"] == "2026-06-12"


def test_handed_down_finding_through_the_api(tree, client_as):
    client = client_as(tree.city_coordinator)
    response = client.post(BASE + "/findings", {
        "source": "higher", "higher_inspection": "省委依法治省办实地督察", "unit_id": tree.dept_a.pk,
        "category": "decision", "found_on": "2026-04-01", "description": "重大行政决策目录未公开"},
        content_type="application/json")
    assert response.status_code == 201 and response.json()["inspection_id"] is None
    response = client_as(tree.outsider).post(BASE + "/findings", {
        "source": "higher", "higher_inspection": "省委", "unit_id": tree.dept_a.pk,
        "category": "decision", "found_on": "2026-04-01", "description": "问题"}, content_type="application/json")
    assert response.status_code == 404


@pytest.fixture
def figure_data(tree, inspection_a, finding_a, make_item):
    coord = tree.coordinator_a
    services.create_finding(actor=coord, inspection=inspection_a, unit=tree.street_a, category="grassroots",
                            found_on=D(2026, 3, 5), description="街道合法性审核力量不足。")
    services.create_finding(actor=tree.city_coordinator, source="higher", higher_inspection="省督察",
                            unit=tree.dept_a, category="enforcement", found_on=D(2026, 4, 1), description="问题")
    services.create_finding(actor=tree.outsider, source="higher", higher_inspection="省督察", unit=tree.dept_b,
                            category="enforcement", found_on=D(2026, 4, 1), description="西山问题")
    on_time = make_item(due_on=D(2026, 5, 31))
    late_closed = make_item(due_on=D(2026, 4, 30))
    make_item(due_on=D(2026, 9, 30))  # open, not due
    overdue = make_item(due_on=D(2026, 6, 1))  # open, overdue
    for item, on in ((on_time, D(2026, 5, 20)), (late_closed, D(2026, 5, 6))):
        services.add_evidence(actor=tree.officer_a, item=item, file=pdf())
        services.take_step(actor=tree.officer_a, item=item, name="submit")
        services.take_step(actor=coord, item=item, name="close", on=on)
    services.escalate(actor=coord, item=overdue, kind=EscalationKind.REMINDER_LETTER, on=D(2026, 6, 5))
    services.escalate(actor=coord, item=overdue, kind=EscalationKind.INTERVIEW, on=D(2026, 6, 12))
    for unit, actor, n in ((tree.dept_a, tree.enforcer_a, 2), (tree.street_a, coord, 1), (tree.dept_b, tree.officer_b, 1)):
        for i in range(n):
            services.create_interference(actor=actor, unit=unit, occurred_on=D(2026, 5, 1 + i), person_name="某人",
                                         person_post="某职务", case=f"案{i}", manner="asking", handling="recorded")


def test_figures_on_hand_checked_data(tree, figure_data):
    def value(key, user=tree.coordinator_a):
        return compute(key, user=user, start=D(2026, 1, 1), end=D(2026, 12, 31)).value

    assert value("inspections.inspections.held") == 1
    assert value("inspections.findings.total") == 3
    assert value("inspections.findings.enforcement") == 2
    assert value("inspections.findings.grassroots") == 1
    assert value("inspections.findings.decision") == 0
    assert value("inspections.items.total") == 4
    assert value("inspections.items.closed") == 2
    assert value("inspections.items.closed_on_time") == 1
    assert value("inspections.items.overdue") == 1
    assert value("inspections.escalations.reminder_letter") == 1
    assert value("inspections.escalations.interview") == 1
    assert value("inspections.escalations.public_notice") == 0
    assert value("inspections.interference.records") == 3
    assert value("inspections.interference.units") == 2
    # The city sees both counties; county B only its own.
    assert value("inspections.findings.total", tree.city_coordinator) == 4
    assert value("inspections.interference.units", tree.city_coordinator) == 3
    assert value("inspections.findings.total", tree.outsider) == 1
    assert value("inspections.items.total", tree.outsider) == 0
    assert RectificationItem.objects.filter(state=ItemState.CLOSED).count() == 2
