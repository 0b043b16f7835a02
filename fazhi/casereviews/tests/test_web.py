"""Pages, the portal, the API, access and list query counts."""

import datetime
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from fazhi.casereviews import services
from fazhi.casereviews.models import FileReviewScore, ReviewFinding, WrongCaseAccountability
from fazhi.casereviews.tests.conftest import TODAY, D, full_points
from fazhi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(tree, drawn_plan, sheet):
    review = drawn_plan.reviews.select_related("case").first()
    services.score_file(actor=tree.coordinator_a, review=review, points=full_points(sheet), on=D(2025, 10, 20))
    return services.return_finding(actor=tree.coordinator_a, review=review, category="documents",
                                   text="东城案卷文书涂改", due_on=TODAY + datetime.timedelta(days=2))


def _lists():
    return [reverse(f"casereviews:{name}") for name in (
        "sheet_list", "plan_list", "review_list", "finding_list", "letter_list", "accountability_list")]


class TestPages:
    def test_lists_and_details_render(self, client_as, tree, drawn_plan, finding, sheet):
        letter = services.issue_letter(actor=tree.coordinator_a, findings=[finding])
        client = client_as(tree.coordinator_a)
        for url in _lists():
            response = client.get(url)
            assert response.status_code == 200, url
            assert client.get(url + "?export=xlsx").status_code == 200
        review = drawn_plan.reviews.first()
        for url in (drawn_plan.get_absolute_url(), review.get_absolute_url(), finding.get_absolute_url(),
                    sheet.get_absolute_url(), letter.get_absolute_url()):
            assert client.get(url).status_code == 200, url
        page = client.get(drawn_plan.get_absolute_url()).content.decode()
        assert drawn_plan.seed_hash in page and drawn_plan.seed in page  # drawn: the seed is revealed
        download = client.get(reverse("casereviews:letter_download", args=[letter.pk]))
        assert download.status_code == 200
        text = "\n".join(p.text for p in docx.Document(__import__("io").BytesIO(b"".join(download))).paragraphs)
        assert "东城区市场监督管理局" in text and "东城案卷文书涂改" in text

    def test_score_form(self, client_as, tree, drawn_plan, sheet):
        review = drawn_plan.reviews.first()
        client = client_as(tree.coordinator_a)
        data = {"action": "score", "comments": "良好"}
        data.update({f"item_{pk}": str(v) for pk, v in full_points(sheet).items()})
        first = sheet.items.order_by("order").first()
        data[f"item_{first.pk}"] = "9"
        response = client.post(review.get_absolute_url(), data)
        assert response.status_code == 200
        assert "得分（9分）超过该项分值（6分）" in response.content.decode()
        assert not FileReviewScore.objects.exists()
        data[f"item_{first.pk}"] = "5"
        assert client.post(review.get_absolute_url(), data).status_code == 302
        review.refresh_from_db()
        assert review.total == Decimal(99) and review.grade == "excellent"

    def test_plan_form_errors_in_chinese(self, client_as, tree, sheet):
        client = client_as(tree.coordinator_a)
        response = client.post(reverse("casereviews:plan_create"), {
            "office": tree.justice_a.pk, "title": "东城月度评查", "period_kind": "monthly", "year": "2025",
            "ratio_bp": "500", "min_per_body": "2", "sheet": sheet.pk})
        assert response.status_code == 200 and "月度评查计划须填写月份（1至12）。" in response.content.decode()

    def test_list_query_counts(self, client_as, tree, drawn_plan, finding, django_assert_max_num_queries):
        client = client_as(tree.coordinator_a)
        client.get(reverse("casereviews:plan_list"))
        for url in _lists():
            with django_assert_max_num_queries(14):
                assert client.get(url).status_code == 200


class TestAccess:
    def test_other_county_gets_404(self, client_as, tree, drawn_plan, finding, sheet):
        record = services.create_accountability(
            actor=tree.coordinator_a, body=finding.body, case_number="东案〔2025〕99号", persons="东城某",
            error_kind="facts", found_by="review", decision="criticism", decided_on=D(2025, 11, 1),
            decided_by="东城区市场监督管理局", basis="东城规定")
        client = client_as(tree.outsider)
        for url in (drawn_plan.get_absolute_url(), drawn_plan.reviews.first().get_absolute_url(),
                    finding.get_absolute_url(), sheet.get_absolute_url(), record.get_absolute_url(),
                    reverse("casereviews:plan_edit", args=[drawn_plan.pk])):
            assert client.get(url).status_code == 404, url
        for url in _lists():
            assert "东城" not in client.get(url).content.decode()

    def test_anonymous_redirected(self, client, drawn_plan):
        for url in [*_lists(), drawn_plan.get_absolute_url()]:
            response = client.get(url)
            assert response.status_code == 302 and "login" in response["Location"]

    def test_body_sees_its_finding_not_the_plan(self, client_as, tree, drawn_plan, finding):
        client = client_as(tree.officer_a)
        assert client.get(finding.get_absolute_url()).status_code == 200
        assert client.get(drawn_plan.get_absolute_url()).status_code == 404
        assert "东城案卷文书涂改" in client.get(reverse("casereviews:finding_list")).content.decode()

    def test_leader_reads_but_cannot_write(self, client_as, tree, drawn_plan, sheet, finding):
        client = client_as(tree.leader_a)
        assert client.get(drawn_plan.get_absolute_url()).status_code == 200
        events = AuditEvent.objects.count()
        review = drawn_plan.reviews.first()
        data = {"action": "score", **{f"item_{pk}": str(v) for pk, v in full_points(sheet).items()}}
        assert client.post(review.get_absolute_url(), data).status_code == 404
        assert client.post(reverse("casereviews:accountability_create"), {}).status_code == 404
        assert client.post(reverse("casereviews:letter_create"), {"findings": [finding.pk]}).status_code == 404
        assert AuditEvent.objects.count() == events


class TestPortal:
    def test_public_pages_show_committed_and_drawn_plans_only(self, client, tree, make_plan, drawn_plan):
        draft = make_plan(title="东城草拟计划")
        assert client.get(reverse("casereviews:public_plan", args=[draft.pk])).status_code == 404
        listing = client.get(reverse("casereviews:public_plans")).content.decode()
        assert drawn_plan.title in listing and "东城草拟计划" not in listing
        page = client.get(reverse("casereviews:public_plan", args=[drawn_plan.pk])).content.decode()
        assert drawn_plan.inputs_hash in page and drawn_plan.seed in page
        for pick in drawn_plan.picks:
            assert pick["entity"] in page
        assert "东城某商贸有限公司" not in page  # case numbers only: no party data
        data = client.get(reverse("casereviews:public_plan_json", args=[drawn_plan.pk])).json()
        assert data["seed"] == drawn_plan.seed and data["picks"] == drawn_plan.picks

    def test_committed_plan_hides_the_seed(self, client, tree, make_plan, make_closed, body_a):
        make_closed(body_a)
        plan = make_plan()
        services.plan_step(actor=tree.coordinator_a, plan=plan, name="commit")
        plan.refresh_from_db()
        page = client.get(reverse("casereviews:public_plan", args=[plan.pk])).content.decode()
        assert plan.seed_hash in page and plan.seed not in page
        assert client.get(reverse("casereviews:public_plan_json", args=[plan.pk])).json()["seed"] is None


class TestApi:
    def test_plan_files_score_finding_letter(self, client_as, tree, drawn_plan, sheet, pdf):
        client = client_as(tree.coordinator_a)
        base = "/api/v1/casereviews"
        assert client.get(f"{base}/plans").json()["count"] == 1
        assert client.get(f"{base}/plans/{drawn_plan.pk}/verify").json() == {"agrees": True, "problems": []}
        files = client.get(f"{base}/plans/{drawn_plan.pk}/files").json()["items"]
        review = files[0]
        points = {str(k): str(v) for k, v in full_points(sheet).items()}
        first = sheet.items.order_by("order").first()
        bad = client.post(f"{base}/files/{review['id']}/score", {**{"points": {**points, str(first.pk): "8"}}},
                          content_type="application/json")
        assert bad.status_code == 422 and "超过该项分值" in bad.json()["errors"][0]["message"]
        ok = client.post(f"{base}/plans/{drawn_plan.pk}/cases/{review['case_id']}/score",
                         {"points": points, "on": "2025-10-20"}, content_type="application/json")
        assert ok.status_code == 200 and ok.json()["grade"] == "excellent"
        created = client.post(f"{base}/files/{review['id']}/findings",
                              {"category": "facts", "text": "东城证据不足", "due_on": "2025-12-20"},
                              content_type="application/json")
        assert created.status_code == 201
        finding_id = created.json()["id"]
        letter = client.post(f"{base}/letters", {"finding_ids": [finding_id]}, content_type="application/json")
        assert letter.status_code == 201
        assert client.get(f"{base}/letters/{letter.json()['id']}/download").status_code == 200
        client = client_as(tree.officer_a)
        upload = client.post(f"{base}/findings/{finding_id}/evidence", {"file": pdf()})
        assert upload.status_code == 201
        step = client.post(f"{base}/findings/{finding_id}/transitions/correct", {"comment": "已补强证据"},
                           content_type="application/json")
        assert step.status_code == 200 and step.json()["state"] == "corrected"
        client = client_as(tree.outsider)
        assert client.get(f"{base}/plans/{drawn_plan.pk}").json() == {"detail": "对象不存在"}
        assert client.get(f"{base}/findings/{finding_id}").status_code == 404

    def test_accountability_api(self, client_as, tree, body_a):
        client = client_as(tree.coordinator_a)
        payload = {"body_id": body_a.pk, "case_number": "东案〔2025〕5号", "persons": "东城某", "error_kind": "law",
                   "found_by": "litigation", "decision": "criticism", "decided_on": "2025-11-01",
                   "decided_by": "东城区市场监督管理局", "basis": "行政错案责任追究规定"}
        assert client.post("/api/v1/casereviews/accountability", payload,
                           content_type="application/json").status_code == 201
        bad = client.post("/api/v1/casereviews/accountability", {**payload, "case_number": "", "decided_by": ""},
                          content_type="application/json")
        assert bad.status_code == 422
        fields = {e["field"] for e in bad.json()["errors"]}
        assert {"case_number", "decided_by"} <= fields
        assert WrongCaseAccountability.objects.count() == 1
        client = client_as(tree.leader_a)
        assert client.post("/api/v1/casereviews/accountability", payload,
                           content_type="application/json").status_code in (403, 404)
        assert ReviewFinding.objects.count() == 0
