import pytest
from django.urls import reverse

from fazhi.reports import services
from fazhi.reports.models import AnnualReport, ReportState, ReportVersion

pytestmark = pytest.mark.django_db


class TestStaffPages:
    def test_list_detail_and_exports(self, tree, report_a, client_as, django_assert_max_num_queries):
        client = client_as(tree.coordinator_a)
        with django_assert_max_num_queries(15):
            response = client.get(reverse("reports:list"))
        assert response.status_code == 200 and str(report_a) in response.content.decode()
        assert client.get(reverse("reports:list") + "?export=xlsx").status_code == 200
        with django_assert_max_num_queries(20):
            page = client.get(report_a.get_absolute_url()).content.decode()
        assert "立法计划项目数2件" in page and "/figures/legislation.projects.total/records/?region=990102" in page
        assert "年度报告报送时限" in page
        docx = client.get(reverse("reports:export", args=[report_a.pk, "docx"]))
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        pdf = client.get(reverse("reports:export", args=[report_a.pk, "pdf"]))
        assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
        assert client.get(reverse("reports:export", args=[report_a.pk, "odt"])).status_code == 404

    def test_create_edit_version(self, tree, records_a, client_as):
        client = client_as(tree.coordinator_a)
        response = client.post(reverse("reports:create"), {"unit": tree.gov_a.pk, "year": 2025, "title": ""})
        report = AnnualReport.objects.get()
        assert response.status_code == 302 and response.url == report.get_absolute_url()
        data = {"title": "", "press_release": "", **{f"part_{k}": "" for k in
                                                     ("measures", "shortcomings", "leaders", "plan", "other")}}
        data["part_plan"] = "一是深化改革。"
        assert client.post(reverse("reports:edit", args=[report.pk]), data).status_code == 302
        client.post(reverse("reports:version", args=[report.pk]), {"note": "初稿"})
        client.post(reverse("reports:press", args=[report.pk]))
        report.refresh_from_db()
        assert report.narratives["plan"] == "一是深化改革。" and report.press_release
        assert ReportVersion.objects.get().note == "初稿"

    def test_press_release_figures_link_to_records_and_definitions(self, tree, report_a, client_as):
        client = client_as(tree.coordinator_a)
        client.post(reverse("reports:press", args=[report_a.pk]))
        report_a.refresh_from_db()
        assert "立法计划项目数2件" in report_a.press_release
        page = client.get(report_a.get_absolute_url()).content.decode()
        press = page[page.index('id="press-release"'):]
        assert ('<a href="/figures/legislation.projects.total/records/?region=990102&amp;start=2025-01-01&amp;'
                'end=2025-12-31"') in press
        assert '/figures/definitions/#legislation.projects.total' in press
        # Staff edit the text: a changed number loses its link, the rest keeps theirs; markup is escaped.
        edited = report_a.press_release.replace("立法计划项目数2件", "立法计划项目数3件") + "\n<script>x</script>"
        services.save_texts(actor=tree.coordinator_a, report=report_a, press_release=edited)
        press = client.get(report_a.get_absolute_url()).content.decode()
        press = press[press.index('id="press-release"'):]
        assert "立法计划项目数3件" in press and 'data-figure="legislation.projects.total"' not in press
        assert "&lt;script&gt;x&lt;/script&gt;" in press and "<script>x" not in press
        assert press.count("data-figure=") >= 1

    def test_a_saved_version_shows_its_own_text_and_figures(self, tree, report_a, client_as):
        client = client_as(tree.coordinator_a)
        services.save_texts(actor=tree.coordinator_a, report=report_a, narratives={"plan": "一是深化改革。"})
        services.save_version(actor=tree.coordinator_a, report=report_a, note="初稿")
        services.save_texts(actor=tree.coordinator_a, report=report_a, narratives={"plan": "二是加强执法监督。"})
        page = client.get(report_a.get_absolute_url()).content.decode()
        url = reverse("reports:version_detail", args=[report_a.pk, 1])
        assert url in page and "二是加强执法监督。" in page
        version = client.get(url).content.decode()
        assert "一是深化改革。" in version and "二是加强执法监督。" not in version
        assert "初稿" in version and "立法计划项目数2件" in version
        assert client.get(reverse("reports:version_detail", args=[report_a.pk, 9])).status_code == 404
        assert client_as(tree.outsider).get(url).status_code == 404

    def test_create_bad_year_shows_chinese_error(self, tree, client_as):
        response = client_as(tree.coordinator_a).post(reverse("reports:create"), {"unit": tree.gov_a.pk, "year": 2030})
        assert response.status_code == 200 and "报告年度应在2019年至2026年之间" in response.content.decode()
        assert not AnnualReport.objects.exists()

    def test_other_county_and_leader(self, tree, report_a, client_as):
        client = client_as(tree.outsider)
        assert str(report_a) not in client.get(reverse("reports:list")).content.decode()
        for url in (report_a.get_absolute_url(), reverse("reports:export", args=[report_a.pk, "pdf"]),
                    reverse("reports:edit", args=[report_a.pk])):
            assert client.get(url).status_code == 404
        assert client.post(reverse("reports:version", args=[report_a.pk])).status_code == 404
        client = client_as(tree.leader_a)
        assert client.get(report_a.get_absolute_url()).status_code == 200
        assert client.post(reverse("reports:version", args=[report_a.pk])).status_code in (403, 404)
        assert not ReportVersion.objects.exists()

    def test_anonymous_is_sent_to_login(self, tree, report_a, client):
        assert client.get(report_a.get_absolute_url()).status_code == 302


class TestPortal:
    def test_only_published_reports(self, tree, report_a, client):
        url = reverse("reports:public_list")
        assert str(report_a) not in client.get(url).content.decode()
        assert client.get(reverse("reports:public_download", args=[report_a.pk, "pdf"])).status_code == 404
        services.save_version(actor=tree.coordinator_a, report=report_a)
        for step in ("submit", "publish"):
            services.take_step(actor=tree.coordinator_a, report=report_a, name=step)
        assert AnnualReport.objects.get().state == ReportState.PUBLISHED
        assert str(report_a) in client.get(url).content.decode()
        response = client.get(reverse("reports:public_download", args=[report_a.pk, "docx"]))
        assert response.status_code == 200 and response.content[:2] == b"PK"
