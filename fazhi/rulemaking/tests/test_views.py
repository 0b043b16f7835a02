import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from fazhi.rulemaking.models import NormativeDocument

from .conftest import make_body

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(tree, make_doc):
    a = make_doc(title="东城区甲办法", market_related=True)
    for i in range(5):
        make_doc(title=f"东城区乙办法{i}")
    b = make_doc(actor=tree.officer_b, title="西山县丙办法", drafting_body=make_body(tree.dept_b),
                 leading_unit=tree.dept_b)
    return a, b


def test_list_filters_sorts_and_pages_without_n_plus_1(tree, client_as, docs, django_assert_max_num_queries):
    client = client_as(tree.coordinator_a)
    url = reverse("rulemaking:document_list")
    with django_assert_max_num_queries(12):
        page = client.get(url, {"sort": "title"}).content.decode()
    assert "东城区甲办法" in page and "东城区乙办法4" in page and "西山县丙办法" not in page
    page = client.get(url, {"market_related": "true"}).content.decode()
    assert "东城区甲办法" in page and "东城区乙办法0" not in page
    page = client.get(url, {"state": "published"}).content.decode()
    assert "东城区甲办法" not in page


def test_export_xlsx(tree, client_as, docs):
    response = client_as(tree.coordinator_a).get(reverse("rulemaking:document_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_detail_shows_transitions_and_other_county_gets_404(tree, client_as, docs):
    a, b = docs
    page = client_as(tree.officer_a).get(a.get_absolute_url()).content.decode()
    assert "公开征求意见" in page and "东城区甲办法" in page
    assert client_as(tree.outsider).get(a.get_absolute_url()).status_code == 404
    assert client_as(tree.outsider).get(b.get_absolute_url()).status_code == 200


def test_anonymous_redirected(client, docs):
    response = client.get(reverse("rulemaking:document_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_leader_reads_but_cannot_edit_or_transition(tree, client_as, docs):
    a, _b = docs
    leader = client_as(tree.leader_a)
    assert leader.get(a.get_absolute_url()).status_code == 200
    assert leader.get(reverse("rulemaking:document_edit", args=[a.pk])).status_code == 404
    assert leader.post(reverse("rulemaking:document_create"), {"title": "x"}).status_code == 404
    ct = ContentType.objects.get_for_model(a)
    response = leader.post(reverse("procedures:transition", args=[ct.pk, a.pk, "open_comment"]))
    assert response.status_code in (302, 403, 404)
    a.refresh_from_db()
    assert a.state == "drafting"


def test_create_form_shows_chinese_errors_and_saves(tree, client_as, body):
    client = client_as(tree.officer_a)
    url = reverse("rulemaking:document_create")
    data = {"title": "东城区试行办法", "drafting_body": body.pk, "leading_unit": tree.dept_a.pk,
            "document_number": "东市监规2025第3号", "text": "正文", "drafting_explanation": "说明"}
    page = client.post(url, data).content.decode()
    assert "云府规〔2025〕3号" in page
    assert not NormativeDocument.objects.exists()
    data["document_number"] = "东市监规〔2025〕3号"
    response = client.post(url, data)
    assert response.status_code == 302
    saved = NormativeDocument.objects.get()
    assert saved.validity_years == 2 and saved.document_number == "东市监规〔2025〕3号"


def test_other_county_cannot_edit(tree, client_as, docs):
    a, _b = docs
    assert client_as(tree.outsider).get(reverse("rulemaking:document_edit", args=[a.pk])).status_code == 404


def test_review_and_deliberation_pages(tree, client_as, make_doc, monkeypatch):
    from fazhi.procedures.services import transition

    doc = make_doc()
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: D(2025, 8, 1))
    transition(actor=tree.officer_a, record=doc, name="open_comment")
    monkeypatch.setattr("fazhi.procedures.clock.today", lambda: D(2025, 8, 12))
    transition(actor=tree.officer_a, record=doc, name="close_comment")
    url = reverse("rulemaking:review_add", args=[doc.pk])
    assert "出具合法性审核意见" in client_as(tree.reviewer_a).get(doc.get_absolute_url()).content.decode()
    assert client_as(tree.outsider).get(url).status_code == 404
    assert client_as(tree.leader_a).post(url, {"outcome": "pass"}).status_code == 404
    page = client_as(tree.reviewer_a).post(url, {"outcome": "fail"}).content.decode()
    assert "须说明理由" in page and not doc.reviews.exists()
    page = client_as(tree.officer_a).post(url, {"outcome": "pass"}).content.decode()
    assert "司法局审核人员" in page and not doc.reviews.exists()
    assert client_as(tree.reviewer_a).post(url, {"outcome": "pass"}).status_code == 302
    transition(actor=tree.officer_a, record=doc, name="to_deliberation")
    url = reverse("rulemaking:deliberation_add", args=[doc.pk])
    response = client_as(tree.officer_a).post(url, {"meeting": "区政府常务会议", "held_on": "2025-08-20",
                                                    "outcome": "adopted"})
    assert response.status_code == 302 and doc.deliberations.get().meeting == "区政府常务会议"
