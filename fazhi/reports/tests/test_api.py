import pytest

from fazhi.reports.models import AnnualReport, ReportState

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reports/annual"


class TestApi:
    def test_list_detail(self, tree, report_a, client_as):
        client = client_as(tree.coordinator_a)
        body = client.get(BASE + "?year=2025").json()
        assert body["count"] == 1 and body["items"][0]["state"] == "drafting"
        detail = client.get(f"{BASE}/{report_a.pk}").json()
        assert [p["key"] for p in detail["parts"]] == ["measures", "shortcomings", "leaders", "plan", "other"]
        rows = {r["key"]: r for p in detail["parts"] for r in p["figures"]}
        assert rows["legislation.projects.total"]["display"] == "2"
        assert rows["legislation.projects.total"]["records_url"].startswith("/figures/legislation.projects.total/")
        assert client.get(BASE + "?year=abc").status_code == 422

    def test_create_edit_step(self, tree, records_a, client_as):
        client = client_as(tree.coordinator_a)
        response = client.post(BASE, {"unit_id": tree.gov_a.pk, "year": 2025}, content_type="application/json")
        assert response.status_code == 201
        pk = response.json()["id"]
        response = client.patch(f"{BASE}/{pk}", {"narratives": {"plan": "明年安排"}}, content_type="application/json")
        assert response.status_code == 200
        response = client.post(f"{BASE}/{pk}/steps", {"name": "submit"}, content_type="application/json")
        assert response.status_code == 422 and "须至少保存一个报告版本" in str(response.json())
        assert client.post(f"{BASE}/{pk}/versions", {"note": "v1"}, content_type="application/json").status_code == 201
        response = client.post(f"{BASE}/{pk}/steps", {"name": "submit"}, content_type="application/json")
        assert response.status_code == 200 and response.json()["state"] == ReportState.SUBMITTED

    def test_bad_input_and_access(self, tree, report_a, client_as):
        client = client_as(tree.coordinator_a)
        response = client.post(BASE, {"unit_id": tree.dept_a.pk, "year": 2031}, content_type="application/json")
        assert response.status_code == 422 and "报告年度应在" in str(response.json())
        response = client.patch(f"{BASE}/{report_a.pk}", {"narratives": {"zzz": "x"}}, content_type="application/json")
        assert response.status_code == 422 and "未知的报告部分" in str(response.json())
        client = client_as(tree.outsider)
        assert client.get(f"{BASE}/{report_a.pk}").status_code == 404
        assert client.post(BASE, {"unit_id": tree.gov_a.pk, "year": 2025},
                           content_type="application/json").status_code == 404
        assert client.patch(f"{BASE}/{report_a.pk}", {"title": "x"}, content_type="application/json").status_code == 404
        assert AnnualReport.objects.count() == 1
