"""The accountability form names the case by its number, resolved among the chosen body's cases."""

import pytest
from django.urls import reverse

from fazhi.casereviews.models import WrongCaseAccountability
from fazhi.cases.models import EnforcementCase
from fazhi.core.models import AuditEvent

from .conftest import D

pytestmark = pytest.mark.django_db
CREATE = "casereviews:accountability_create"


@pytest.fixture
def case_a(make_closed, body_a):
    return make_closed(body_a, number="东市监罚〔2025〕7号")


@pytest.fixture
def many_cases(case_a):
    """400 more cases of the same body (the demo has ~20,000 visible to a coordinator)."""
    fields = {f.attname: getattr(case_a, f.attname) for f in EnforcementCase._meta.concrete_fields
              if f.attname not in ("id", "number", "created_at", "updated_at")}
    EnforcementCase.objects.bulk_create([EnforcementCase(**fields, number=f"东市监罚〔2024〕{n}号")
                                         for n in range(1, 401)])


def _payload(body, number, **changes):
    data = {"body": body.pk, "case_number": number, "persons": "东城案件承办人", "error_kind": "facts",
            "found_by": "review", "decision": "admonition", "decided_on": "2025-11-01",
            "decided_by": "东城区市场监督管理局", "basis": "行政错案责任追究规定"}
    data.update(changes)
    return data


def test_page_has_no_case_select_and_few_queries(tree, client_as, many_cases, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    client.get(reverse(CREATE))  # warm the session and grants
    with django_assert_max_num_queries(10):
        response = client.get(reverse(CREATE))
    page = response.content.decode()
    assert response.status_code == 200 and 'name="case_number"' in page
    assert 'name="case"' not in page and "东市监罚〔2024〕1号" not in page


def test_number_resolved_within_the_body(tree, client_as, case_a, body_a, many_cases, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    with django_assert_max_num_queries(30):
        response = client.post(reverse(CREATE), _payload(body_a, " 东市监罚〔2025〕7号 "))
    assert response.status_code == 302
    record = WrongCaseAccountability.objects.get()
    assert (record.case_id, record.case_number) == (case_a.pk, "东市监罚〔2025〕7号")
    page = client.get(record.get_absolute_url()).content.decode()
    assert case_a.get_absolute_url() in page  # the detail links the case


def test_unknown_number_is_a_field_error_and_nothing_saved(tree, client_as, body_a, body_b, case_a, make_closed):
    other = make_closed(body_b, number="西山罚〔2025〕1号")
    client = client_as(tree.coordinator_a)
    events = AuditEvent.objects.count()
    for number in ("东市监罚〔2025〕999号", other.number):  # unknown; another county's body's case
        response = client.post(reverse(CREATE), _payload(body_a, number))
        assert response.status_code == 200
        errors = response.context["form"].errors["case_number"]
        assert errors == [f"执法主体“{body_a.name}”没有案件编号为“{number}”的案件：请核对案件编号；"
                          "案件未在本平台登记的，请勾选“平台外案件”。"]
    assert not WrongCaseAccountability.objects.exists() and AuditEvent.objects.count() == events


def test_off_platform_case_recorded_by_number(tree, client_as, body_a, case_a):
    client = client_as(tree.coordinator_a)
    response = client.post(reverse(CREATE), _payload(body_a, "东市监罚〔2019〕3号", off_platform="on"))
    assert response.status_code == 302
    record = WrongCaseAccountability.objects.get()
    assert (record.case_id, record.case_number) == (None, "东市监罚〔2019〕3号")
    assert "平台外案件" in client.get(record.get_absolute_url()).content.decode()
    # Editing it: the box comes ticked; a number found on the platform is linked even so.
    edit = reverse("casereviews:accountability_edit", args=[record.pk])
    form = client.get(edit).context["form"]
    assert form.initial["off_platform"] is True and form["case_number"].value() == "东市监罚〔2019〕3号"
    response = client.post(edit, _payload(body_a, case_a.number, off_platform="on"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.case_id, record.case_number) == (case_a.pk, case_a.number)


def test_edit_keeps_the_case_and_refuses_an_unknown_number(tree, client_as, body_a, case_a):
    from fazhi.casereviews import services

    record = services.create_accountability(actor=tree.coordinator_a, body=body_a, case=case_a, persons="东城某",
                                            error_kind="facts", found_by="review", decision="criticism",
                                            decided_on=D(2025, 11, 1), decided_by="东城区市场监督管理局", basis="东城规定")
    edit = reverse("casereviews:accountability_edit", args=[record.pk])
    client = client_as(tree.coordinator_a)
    form = client.get(edit).context["form"]
    assert form["case_number"].value() == case_a.number and not form.initial["off_platform"]
    response = client.post(edit, _payload(body_a, "东市监罚〔2025〕998号", decision="admonition"))
    assert "没有案件编号为“东市监罚〔2025〕998号”的案件" in response.content.decode()
    record.refresh_from_db()
    assert (record.case_id, record.case_number, record.decision) == (case_a.pk, case_a.number, "criticism")
    assert client.post(edit, _payload(body_a, case_a.number, decision="admonition")).status_code == 302
    record.refresh_from_db()
    assert (record.case_id, record.decision) == (case_a.pk, "admonition")


def test_access(tree, client_as, client, body_a, case_a):
    assert client.get(reverse(CREATE)).status_code == 302  # anonymous: to the login page
    client = client_as(tree.leader_a)
    assert client.post(reverse(CREATE), _payload(body_a, case_a.number)).status_code == 404
    client = client_as(tree.outsider)  # another county: body_a is no choice for them
    response = client.post(reverse(CREATE), _payload(body_a, case_a.number))
    assert response.status_code in (200, 404) and not WrongCaseAccountability.objects.exists()


def test_missing_number_said_once(tree, client_as, body_a):
    response = client_as(tree.coordinator_a).post(reverse(CREATE), _payload(body_a, " "))
    assert response.context["form"].errors["case_number"] == ["请填写案件编号。"]
    assert not WrongCaseAccountability.objects.exists()
