import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.procedures.models import Deadline
from fazhi.procedures.services import TransitionRefused
from fazhi.reports import content, export, services
from fazhi.reports.models import AnnualReport, ReportState, ReportVersion
from fazhi.reports.procedures import PUBLICATION_DEADLINE, SUBMISSION_DEADLINE
from fazhi.reports.tests.conftest import D

pytestmark = pytest.mark.django_db


def running(report):
    return {d.key: d.due_on for d in Deadline.objects.filter(object_id=report.pk, stopped_on__isnull=True,
                                                             key__startswith="reports.")}


class TestCreate:
    def test_figures_and_deadlines(self, tree, report_a):
        values = {f["key"]: f["display"] for f in report_a.figures}
        assert values["legislation.projects.total"] == "2"
        assert values["legislation.opinions.adoption_rate"] == "—（分母为零）"
        assert not any(r.key.startswith("tree.") for r in content.document_of(report_a).rows)
        assert report_a.state == ReportState.DRAFTING
        assert str(report_a) == "东城区人民政府关于2025年度法治政府建设情况的报告"
        # Assigned calendar dates: no holiday data is needed (the test tree has none).
        assert running(report_a) == {SUBMISSION_DEADLINE: D(2026, 3, 1), PUBLICATION_DEADLINE: D(2026, 4, 1)}

    def test_department_reports_on_itself(self, tree, records_a):
        # Projects belong to their responsible unit (dept_a), not to the justice bureau.
        for unit, count in ((tree.dept_a, "2"), (tree.justice_a, "0")):
            report = services.create_report(actor=tree.coordinator_a, unit=unit, year=2025)
            values = {f["key"]: f["display"] for f in report.figures}
            assert values["legislation.projects.total"] == count

    def test_not_a_reporting_unit(self, tree):
        tree.street_a.unit_type = "court"
        tree.street_a.save()
        with pytest.raises(ValidationError) as exc:
            services.create_report(actor=tree.coordinator_a, unit=tree.street_a, year=2025)
        assert "不是报告单位" in str(exc.value)
        assert not AnnualReport.objects.exists()

    @pytest.mark.parametrize("year", [2018, 2027])
    def test_bad_year(self, tree, year):
        with pytest.raises(ValidationError) as exc:
            services.create_report(actor=tree.coordinator_a, unit=tree.gov_a, year=year)
        assert "报告年度应在2019年至2026年之间" in str(exc.value)
        assert not AnnualReport.objects.exists() and not Deadline.objects.exists()

    def test_duplicate(self, tree, report_a):
        with pytest.raises(ValidationError, match="已有同一年度"):
            services.create_report(actor=tree.coordinator_a, unit=tree.gov_a, year=2025)

    def test_other_county_and_read_only(self, tree):
        for actor, unit in ((tree.outsider, tree.gov_a), (tree.leader_a, tree.gov_a), (tree.no_role, tree.dept_a)):
            with pytest.raises(Http404):
                services.create_report(actor=actor, unit=unit, year=2025)
        assert not AnnualReport.objects.exists()

    def test_created_late_is_overdue_at_once(self, tree, today):
        today(D(2026, 5, 1))
        report = services.create_report(actor=tree.coordinator_a, unit=tree.gov_a, year=2025)
        assert running(report)[SUBMISSION_DEADLINE] == D(2026, 3, 1)


class TestEdit:
    def test_texts_and_versions(self, tree, report_a):
        services.save_texts(actor=tree.coordinator_a, report=report_a, narratives={"plan": "一是……\n二是……"},
                            title="东城区2025年法治政府建设年度报告")
        v1 = services.save_version(actor=tree.coordinator_a, report=report_a, note="初稿")
        services.save_texts(actor=tree.coordinator_a, report=report_a, narratives={"plan": "修改稿"})
        v2 = services.save_version(actor=tree.coordinator_a, report=report_a)
        assert (v1.number, v2.number) == (1, 2)
        assert v1.narratives["plan"] == "一是……\n二是……" and v2.narratives["plan"] == "修改稿"
        assert v1.figures == report_a.figures and v1.saved_by == tree.coordinator_a
        doc = content.document_of(AnnualReport.objects.get(pk=report_a.pk))
        assert [p.key for p in doc.parts] == ["measures", "shortcomings", "leaders", "plan", "other"]
        assert doc.parts[3].narrative == "修改稿"

    def test_unknown_part_changes_nothing(self, tree, report_a):
        with pytest.raises(ValidationError, match="未知的报告部分"):
            services.save_texts(actor=tree.coordinator_a, report=report_a, narratives={"x": "…"})
        assert AnnualReport.objects.get(pk=report_a.pk).narratives == {}

    def test_other_county_and_leader_cannot_edit(self, tree, report_a):
        for actor in (tree.outsider, tree.leader_a):
            with pytest.raises(Http404):
                services.save_texts(actor=actor, report=report_a, narratives={"plan": "x"})
            with pytest.raises(Http404):
                services.save_version(actor=actor, report=report_a)
        assert not ReportVersion.objects.exists()

    def test_press_release(self, tree, report_a):
        services.generate_press_release(actor=tree.coordinator_a, report=report_a)
        text = AnnualReport.objects.get(pk=report_a.pk).press_release
        assert text.startswith("2025年，东城区坚持以习近平法治思想为指导")
        assert "在地方立法方面，全年立法计划项目数2件" in text

    def test_export_during_refresh_reads_one_snapshot(self, tree, report_a, monkeypatch):
        """While figures are recomputed, an export reads the previous snapshot whole."""
        from fazhi.legislation import services as legislation
        from fazhi.reports import services as report_services

        legislation.create_project(actor=tree.coordinator_a, plan=tree_plan(report_a), title="东城区物业管理办法",
                                   responsible_unit=tree.dept_a)
        seen = {}
        compute = report_services.compute_figures

        def compute_then_export(**kwargs):
            result = compute(**kwargs)
            current = AnnualReport.objects.get(pk=report_a.pk)
            seen["doc"] = content.document_of(current)
            seen["docx"] = export.docx_bytes(seen["doc"])
            return result

        monkeypatch.setattr(report_services, "compute_figures", compute_then_export)
        services.refresh_figures(actor=tree.coordinator_a, report=report_a)
        old = {r.key: r.display for r in seen["doc"].rows}
        new = {f["key"]: f["display"] for f in AnnualReport.objects.get(pk=report_a.pk).figures}
        assert old["legislation.projects.total"] == "2" and new["legislation.projects.total"] == "3"


def tree_plan(report):
    from fazhi.legislation.models import LegislativePlan

    return LegislativePlan.objects.get(unit=report.unit, year=2025)


class TestProcedure:
    def test_submit_needs_a_version(self, tree, report_a):
        with pytest.raises(TransitionRefused) as exc:
            services.take_step(actor=tree.coordinator_a, report=report_a, name="submit")
        assert "须至少保存一个报告版本" in str(exc.value)
        assert AnnualReport.objects.get(pk=report_a.pk).state == ReportState.DRAFTING

    def test_not_before_the_year_ends(self, tree, records_a, today):
        today(D(2025, 12, 1))
        report = services.create_report(actor=tree.coordinator_a, unit=tree.gov_a, year=2025)
        services.save_version(actor=tree.coordinator_a, report=report)
        with pytest.raises(TransitionRefused, match="应在报告年度结束后报送"):
            services.take_step(actor=tree.coordinator_a, report=report, name="submit")

    def test_submit_return_publish(self, tree, report_a):
        services.save_version(actor=tree.coordinator_a, report=report_a)
        services.take_step(actor=tree.coordinator_a, report=report_a, name="submit",
                           on=D(2026, 2, 9))
        report_a.refresh_from_db()
        assert report_a.state == ReportState.SUBMITTED and report_a.submitted_on == D(2026, 2, 9)
        assert SUBMISSION_DEADLINE not in running(report_a)
        with pytest.raises(ValidationError, match="只有起草中"):
            services.save_texts(actor=tree.coordinator_a, report=report_a, narratives={"plan": "x"})
        services.take_step(actor=tree.coordinator_a, report=report_a, name="return_for_revision", comment="补充数据")
        assert running(report_a)[SUBMISSION_DEADLINE] == D(2026, 3, 1)
        services.take_step(actor=tree.coordinator_a, report=report_a, name="submit")
        services.take_step(actor=tree.coordinator_a, report=report_a, name="publish")
        report_a.refresh_from_db()
        assert report_a.state == ReportState.PUBLISHED and report_a.published_on == D(2026, 2, 10)
        assert running(report_a) == {}

    def test_leader_and_outsider_cannot_step(self, tree, report_a):
        services.save_version(actor=tree.coordinator_a, report=report_a)
        with pytest.raises(TransitionRefused):
            services.take_step(actor=tree.leader_a, report=report_a, name="submit")
        with pytest.raises(Http404):
            services.take_step(actor=tree.outsider, report=report_a, name="submit")


def test_year_without_holiday_data(tree, today):
    """1 March / 1 April are calendar dates: a year the holiday calendar does not cover yet is fine."""
    from fazhi.calendar import service as calendar

    today(D(2027, 1, 5))
    with pytest.raises(calendar.NoHolidayData):
        calendar.due_date(D(2027, 1, 5), calendar.TimeLimit(5, calendar.DayUnit.WORKING_DAY, "test"))
    report = services.create_report(actor=tree.coordinator_a, unit=tree.gov_a, year=2026)
    assert running(report) == {SUBMISSION_DEADLINE: D(2027, 3, 1), PUBLICATION_DEADLINE: D(2027, 4, 1)}
