"""Walks EVERY URL pattern (staff pages, portal, admin and API routes) and checks access.

New routes are covered automatically: a route whose URL needs an argument fails this test until a
sample value for that argument is declared below (a record of county A, 东城区). Then:
- an anonymous user gets nothing (a redirect to login, 401 or 404) except on public routes;
- a coordinator of another county (西山县) never sees county A's records: object routes answer 404
  and no page or API answer mentions "东城";
- a leader (read-only) cannot write: every POST/PUT/PATCH/DELETE is refused and writes no audit event,
  except on the few personal routes listed with their reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.core.models import AuditEvent

MARKER = "东城"  # every county A record name contains it; nothing else does

# Routes anyone may open (they show only public material or the login form).
PUBLIC = {"portal:home", "portal:about", "login", "set_language", "api:openapi-json", "api:openapi-view",
          "logout", "admin:login", "admin:logout", "legislation:public_plan", "legislation:public_contact_points",
          "dutyreports:public_results", "projects:public_projects",
          "enforcement:public_bodies", "enforcement:public_officers", "enforcement:public_items",
          "assessment:public_results",
          "randominspections:public_plans", "randominspections:public_plan", "randominspections:public_plan_json",
          "casereviews:public_plans", "casereviews:public_plan", "casereviews:public_plan_json",
          "cases:public_decisions",
          "reports:public_list", "reports:public_download", "figures:definitions"}
PUBLIC_PREFIXES = ("portal:", "library:")

# Routes whose argument names something that is not a county-A record (a figure key): an outsider
# rightly gets 200 with their own records there; the "no 东城 in the answer" check still applies.
NOT_RECORD_ROUTES = {"figures:records", "api:figure_records"}

# Personal routes a leader may POST to: they change the leader's own session/settings, not records.
PERSONAL_WRITES = {
    "login": "logs oneself in again (an authenticated user is sent home)",
    "logout": "ends one's own session",
    "admin:logout": "ends one's own session",
    "set_language": "sets one's own language",
    "password_change": "changes one's own password",
    "core:profile": "creates one's own API token",
    "core:token_revoke": "revokes one's own API token",
    "procedures:notifications": "marks one's own notifications read",
    "api:me": "reads oneself",
    "api:post_token": "creates one's own API token",
    "api:list_tokens": "the same URL as api:post_token",
    "api:delete_token": "revokes one's own API token",
    "api:read_notification": "marks one's own notification read",
}


def _sample_kwargs(t) -> dict[str, Callable]:
    """Sample argument values by argument name: records of county A."""
    from django.contrib.contenttypes.models import ContentType

    return {
        "code": lambda: t.county_a.code,
        "object_type": lambda: "core.unit",
        "app_label": lambda: "core",
        "content_type_id": lambda: str(ContentType.objects.get_for_model(type(t.dept_a)).pk),
        "url": lambda: "x",
        "unit_id": lambda: t.dept_a.pk,
        "object_id": lambda: str(t.dept_a.pk),
        "user_id": lambda: t.officer_a.pk,
        "token_id": lambda: t.token_a.pk,
        "notification_id": lambda: t.notification_a.pk,
        "job_id": lambda: t.job_a.pk,
        "document_id": lambda: t.document_a.pk,
        "comment_id": lambda: t.comment_a.pk,
        "project_id": lambda: t.project_a.pk,
        "contact_point_id": lambda: t.point_a.pk,
        "opinion_id": lambda: t.opinion_a.pk,
        "campaign_id": lambda: t.campaign_a.pk,
        "key": lambda: "tree.units.total",
    }


def _route_kwargs(t) -> dict[str, Callable[[], dict]]:
    """Arguments for routes whose argument names are ambiguous (pk, id…), by route name."""
    from django.contrib.contenttypes.models import ContentType

    def unit_ct():
        return ContentType.objects.get_for_model(type(t.dept_a)).pk

    return {
        "core:unit_detail": lambda: {"pk": t.dept_a.pk},
        "core:unit_edit": lambda: {"pk": t.dept_a.pk},
        "core:user_detail": lambda: {"pk": t.officer_a.pk},
        "core:user_edit": lambda: {"pk": t.officer_a.pk},
        "core:role_add": lambda: {"pk": t.officer_a.pk},
        "core:role_remove": lambda: {"pk": t.officer_a.roles.first().pk},
        "core:token_revoke": lambda: {"pk": t.token_a.pk},
        "rulemaking:document_detail": lambda: {"pk": t.document_a.pk},
        "rulemaking:document_edit": lambda: {"pk": t.document_a.pk},
        "rulemaking:review_add": lambda: {"pk": t.document_a.pk},
        "rulemaking:deliberation_add": lambda: {"pk": t.document_a.pk},
        "rulemaking:evaluation_add": lambda: {"pk": t.document_a.pk},
        "rulemaking:comment_moderate": lambda: {"pk": t.comment_a.pk},
        "rulemaking:body_edit": lambda: {"pk": t.body_a.pk},
        "rulemaking:campaign_detail": lambda: {"pk": t.campaign_a.pk},
        "rulemaking:campaign_edit": lambda: {"pk": t.campaign_a.pk},
        "rulemaking:campaign_select": lambda: {"pk": t.campaign_a.pk},
        "rulemaking:campaign_publish": lambda: {"pk": t.campaign_a.pk},
        "rulemaking:item_decide": lambda: {"pk": t.cleanup_item_a.pk},
        "library:document_detail": lambda: {"pk": t.document_a.pk},
        "library:draft_detail": lambda: {"pk": t.document_a.pk},
        "library:campaign_detail": lambda: {"pk": t.campaign_a.pk},
        "legislation:plan_detail": lambda: {"pk": t.plan_a.pk},
        "legislation:plan_edit": lambda: {"pk": t.plan_a.pk},
        "legislation:project_detail": lambda: {"pk": t.project_a.pk},
        "legislation:project_edit": lambda: {"pk": t.project_a.pk},
        "legislation:point_detail": lambda: {"pk": t.point_a.pk},
        "legislation:point_edit": lambda: {"pk": t.point_a.pk},
        "legislation:opinion_detail": lambda: {"pk": t.opinion_a.pk},
        "legislation:opinion_edit": lambda: {"pk": t.opinion_a.pk},
        "legislation:evaluation_detail": lambda: {"pk": t.evaluation_a.pk},
        "legislation:evaluation_edit": lambda: {"pk": t.evaluation_a.pk},
        # meetings, dutyreports, projects (staff pages and API routes, by route name)
        "meetings:meeting_detail": lambda: {"pk": t.meeting_a.pk},
        "meetings:meeting_edit": lambda: {"pk": t.meeting_a.pk},
        "meetings:topic_add": lambda: {"pk": t.meeting_a.pk},
        "meetings:decision_add": lambda: {"pk": t.meeting_a.pk},
        "meetings:topic_delete": lambda: {"pk": t.topic_a.pk},
        "meetings:decision_detail": lambda: {"pk": t.decision_a.pk},
        "meetings:decision_edit": lambda: {"pk": t.decision_a.pk},
        "meetings:decision_delete": lambda: {"pk": t.decision_a.pk},
        "meetings:decision_task": lambda: {"pk": t.decision_a.pk},
        "api:meetings_get_meeting": lambda: {"meeting_id": t.meeting_a.pk},
        "api:meetings_add_decision": lambda: {"meeting_id": t.meeting_a.pk},
        "api:meetings_decision_task": lambda: {"decision_id": t.decision_a.pk},
        "dutyreports:schedule_detail": lambda: {"pk": t.schedule_a.pk},
        "dutyreports:schedule_edit": lambda: {"pk": t.schedule_a.pk},
        "dutyreports:report_detail": lambda: {"pk": t.dutyreport_a.pk},
        "dutyreports:report_edit": lambda: {"pk": t.dutyreport_a.pk},
        "dutyreports:report_record": lambda: {"pk": t.dutyreport_a.pk},
        "dutyreports:score_add": lambda: {"pk": t.dutyreport_a.pk},
        "dutyreports:report_upload": lambda: {"pk": t.dutyreport_a.pk},
        "api:dutyreports_get_report": lambda: {"report_id": t.dutyreport_a.pk},
        # assessment (staff pages and API routes, by route name)
        "assessment:system_detail": lambda: {"pk": t.assessment_system_a.pk},
        "assessment:system_edit": lambda: {"pk": t.assessment_system_a.pk},
        "assessment:system_freeze": lambda: {"pk": t.assessment_system_a.pk},
        "assessment:system_new_version": lambda: {"pk": t.assessment_system_a.pk},
        "assessment:indicator_create": lambda: {"system_pk": t.assessment_system_a.pk},
        "assessment:indicator_edit": lambda: {"system_pk": t.assessment_system_a.pk,
                                              "pk": t.assessment_indicator_a.pk},
        "assessment:indicator_delete": lambda: {"system_pk": t.assessment_system_a.pk,
                                                "pk": t.assessment_indicator_a.pk},
        "assessment:round_detail": lambda: {"pk": t.assessment_round_a.pk},
        "assessment:round_edit": lambda: {"pk": t.assessment_round_a.pk},
        "assessment:round_participants": lambda: {"pk": t.assessment_round_a.pk},
        "assessment:round_ranking": lambda: {"pk": t.assessment_round_a.pk},
        "assessment:round_indicators": lambda: {"pk": t.assessment_round_a.pk},
        "assessment:sheet": lambda: {"pk": t.assessment_participant_a.pk},
        "assessment:sheet_submit": lambda: {"pk": t.assessment_participant_a.pk},
        "assessment:objection_create": lambda: {"pk": t.assessment_participant_a.pk},
        "assessment:entry_self": lambda: {"pk": t.assessment_entry_a.pk},
        "assessment:entry_evidence": lambda: {"pk": t.assessment_entry_a.pk},
        "assessment:entry_score": lambda: {"pk": t.assessment_entry_a.pk},
        "assessment:entry_request": lambda: {"pk": t.assessment_entry_a.pk},
        "assessment:objection_reply": lambda: {"pk": t.assessment_objection_a.pk},
        "api:assessment_get_system": lambda: {"system_id": t.assessment_system_a.pk},
        "api:assessment_get_round": lambda: {"round_id": t.assessment_round_a.pk},
        "api:assessment_ranking": lambda: {"round_id": t.assessment_round_a.pk},
        "api:assessment_get_sheet": lambda: {"participant_id": t.assessment_participant_a.pk},
        "api:assessment_self_assess": lambda: {"entry_id": t.assessment_entry_a.pk},
        "api:assessment_score": lambda: {"entry_id": t.assessment_entry_a.pk},
        "assessment:demonstration_detail": lambda: {"pk": t.assessment_demonstration_a.pk},
        "assessment:demonstration_edit": lambda: {"pk": t.assessment_demonstration_a.pk},
        "assessment:village_detail": lambda: {"pk": t.assessment_village_a.pk},
        "assessment:village_edit": lambda: {"pk": t.assessment_village_a.pk},
        "api:dutyreports_list_scores": lambda: {"report_id": t.dutyreport_a.pk},
        "api:dutyreports_add_score": lambda: {"report_id": t.dutyreport_a.pk},
        "projects:project_detail": lambda: {"pk": t.practical_project_a.pk},
        "projects:project_edit": lambda: {"pk": t.practical_project_a.pk},
        "projects:project_publish": lambda: {"pk": t.practical_project_a.pk},
        "projects:milestone_add": lambda: {"pk": t.practical_project_a.pk},
        "projects:note_add": lambda: {"pk": t.practical_project_a.pk},
        "projects:milestone_edit": lambda: {"pk": t.milestone_a.pk},
        "projects:milestone_done": lambda: {"pk": t.milestone_a.pk},
        "api:projects_get_project": lambda: {"practical_project_id": t.practical_project_a.pk},
        "api:projects_list_notes": lambda: {"practical_project_id": t.practical_project_a.pk},
        "api:projects_add_milestone": lambda: {"practical_project_id": t.practical_project_a.pk},
        "api:projects_add_note": lambda: {"practical_project_id": t.practical_project_a.pk},
        "api:projects_publish": lambda: {"practical_project_id": t.practical_project_a.pk},
        "api:projects_milestone_done": lambda: {"milestone_id": t.milestone_a.pk},
        # inspections (staff pages and API routes, by route name)
        "inspections:inspection_detail": lambda: {"pk": t.inspection_a.pk},
        "inspections:inspection_edit": lambda: {"pk": t.inspection_a.pk},
        "inspections:finding_detail": lambda: {"pk": t.finding_a.pk},
        "inspections:finding_edit": lambda: {"pk": t.finding_a.pk},
        "inspections:item_detail": lambda: {"pk": t.rectification_item_a.pk},
        "inspections:item_edit": lambda: {"pk": t.rectification_item_a.pk},
        "inspections:item_evidence": lambda: {"pk": t.rectification_item_a.pk},
        "inspections:item_escalate": lambda: {"pk": t.rectification_item_a.pk},
        "inspections:letter_download": lambda: {"pk": t.escalation_a.pk},
        "inspections:interference_detail": lambda: {"pk": t.interference_a.pk},
        "inspections:interference_edit": lambda: {"pk": t.interference_a.pk},
        "api:inspections_get_inspection": lambda: {"inspection_id": t.inspection_a.pk},
        "api:inspections_get_finding": lambda: {"finding_id": t.finding_a.pk},
        "api:inspections_get_item": lambda: {"item_id": t.rectification_item_a.pk},
        "api:inspections_upload_evidence": lambda: {"item_id": t.rectification_item_a.pk},
        "api:inspections_take_step": lambda: {"item_id": t.rectification_item_a.pk, "name": "close"},
        "api:inspections_escalate": lambda: {"item_id": t.rectification_item_a.pk},
        "api:inspections_download_letter": lambda: {"escalation_id": t.escalation_a.pk},
        "api:inspections_get_interference": lambda: {"record_id": t.interference_a.pk},
        # tasks (plans, measures, tasks, progress reports; staff pages and API routes, by route name)
        "tasks:plan_detail": lambda: {"pk": t.task_plan_a.pk},
        "tasks:plan_edit": lambda: {"pk": t.task_plan_a.pk},
        "tasks:measure_edit": lambda: {"pk": t.measure_a.pk},
        "tasks:task_detail": lambda: {"pk": t.task_a.pk},
        "tasks:task_edit": lambda: {"pk": t.task_a.pk},
        "tasks:task_extend": lambda: {"pk": t.task_a.pk},
        "tasks:progress_submit": lambda: {"pk": t.task_a.pk},
        "tasks:report_detail": lambda: {"pk": t.progress_report_a.pk},
        "api:tasks_get_plan": lambda: {"task_plan_id": t.task_plan_a.pk},
        "api:tasks_get_task": lambda: {"task_id": t.task_a.pk},
        "api:tasks_take_step": lambda: {"task_id": t.task_a.pk},
        "api:tasks_list_progress": lambda: {"task_id": t.task_a.pk},
        "api:tasks_submit_progress": lambda: {"task_id": t.task_a.pk},
        "api:tasks_accept_progress": lambda: {"progress_report_id": t.progress_report_a.pk},
        "api:tasks_return_progress": lambda: {"progress_report_id": t.progress_report_a.pk},
        "admin:auth_user_password_change": lambda: {"id": str(t.officer_a.pk)},
        "core:history": lambda: {"object_type": "core.unit", "object_id": str(t.dept_a.pk)},
        "procedures:transition": lambda: {"content_type_id": unit_ct(), "object_id": t.dept_a.pk, "name": "submit"},
        "procedures:attachment_upload": lambda: {"content_type_id": unit_ct(), "object_id": t.dept_a.pk},
        "procedures:attachment": lambda: {"pk": t.attachment_a.pk},
        "api:imports_upload": lambda: {"kind": "units"},
        # study (学法考法)
        "study:session_detail": lambda: {"pk": t.study_session_a.pk},
        "study:session_edit": lambda: {"pk": t.study_session_a.pk},
        "study:rule_edit": lambda: {"pk": t.study_rule_a.pk},
        "study:question_detail": lambda: {"pk": t.study_question_a.pk},
        "study:question_edit": lambda: {"pk": t.study_question_a.pk},
        "study:exam_detail": lambda: {"pk": t.study_exam_a.pk},
        "study:exam_edit": lambda: {"pk": t.study_exam_a.pk},
        "study:exam_results": lambda: {"pk": t.study_exam_a.pk},
        "study:exam_start": lambda: {"pk": t.study_exam_a.pk},
        "study:sitting_detail": lambda: {"pk": t.study_sitting_a.pk},
        "api:get_study_session": lambda: {"session_id": t.study_session_a.pk},
        "api:get_study_question": lambda: {"question_id": t.study_question_a.pk},
        "api:get_study_exam": lambda: {"exam_id": t.study_exam_a.pk},
        "api:study_exam_results": lambda: {"exam_id": t.study_exam_a.pk},
        "api:start_study_sitting": lambda: {"exam_id": t.study_exam_a.pk},
        "api:get_study_sitting": lambda: {"sitting_id": t.study_sitting_a.pk},
        "api:answer_study_sitting": lambda: {"sitting_id": t.study_sitting_a.pk},
        "api:submit_study_sitting": lambda: {"sitting_id": t.study_sitting_a.pk},
        # enforcement (行政执法监督; staff pages and API routes, by route name)
        "enforcement:body_detail": lambda: {"pk": t.enforcement_body_a.pk},
        "enforcement:body_edit": lambda: {"pk": t.enforcement_body_a.pk},
        "enforcement:officer_detail": lambda: {"pk": t.enforcement_officer_a.pk},
        "enforcement:officer_edit": lambda: {"pk": t.enforcement_officer_a.pk},
        "enforcement:item_detail": lambda: {"pk": t.enforcement_item_a.pk},
        "enforcement:item_edit": lambda: {"pk": t.enforcement_item_a.pk},
        "enforcement:team_detail": lambda: {"pk": t.enforcement_team_a.pk},
        "enforcement:team_edit": lambda: {"pk": t.enforcement_team_a.pk},
        "enforcement:empowerment_detail": lambda: {"pk": t.empowerment_a.pk},
        "enforcement:empowerment_edit": lambda: {"pk": t.empowerment_a.pk},
        "api:enforcement_get_body": lambda: {"body_id": t.enforcement_body_a.pk},
        "api:enforcement_update_body": lambda: {"body_id": t.enforcement_body_a.pk},
        "api:enforcement_get_officer": lambda: {"officer_id": t.enforcement_officer_a.pk},
        "api:enforcement_update_officer": lambda: {"officer_id": t.enforcement_officer_a.pk},
        "api:enforcement_get_item": lambda: {"item_id": t.enforcement_item_a.pk},
        "api:enforcement_update_item": lambda: {"item_id": t.enforcement_item_a.pk},
        "api:enforcement_get_team": lambda: {"team_id": t.enforcement_team_a.pk},
        "api:enforcement_update_team": lambda: {"team_id": t.enforcement_team_a.pk},
        # randominspections (双随机一公开; staff pages, portal pages and API routes, by route name)
        "randominspections:entity_edit": lambda: {"pk": t.ri_entity_a.pk},
        "randominspections:item_edit": lambda: {"pk": t.ri_item_a.pk},
        "randominspections:plan_detail": lambda: {"pk": t.ri_plan_a.pk},
        "randominspections:plan_edit": lambda: {"pk": t.ri_plan_a.pk},
        "randominspections:plan_commit": lambda: {"pk": t.ri_plan_a.pk},
        "randominspections:plan_draw": lambda: {"pk": t.ri_plan_a.pk},
        "randominspections:result_detail": lambda: {"pk": t.ri_result_a.pk},
        "randominspections:public_plan": lambda: {"pk": t.ri_plan_a.pk},
        "randominspections:public_plan_json": lambda: {"pk": t.ri_plan_a.pk},
        "api:randominspections_get_plan": lambda: {"plan_id": t.ri_plan_a.pk},
        "api:randominspections_commit_draw": lambda: {"plan_id": t.ri_plan_a.pk},
        "api:randominspections_perform_draw": lambda: {"plan_id": t.ri_plan_a.pk},
        "api:randominspections_verify_draw": lambda: {"plan_id": t.ri_plan_a.pk},
        "api:randominspections_list_results": lambda: {"plan_id": t.ri_plan_a.pk},
        "api:randominspections_enter_result": lambda: {"result_id": t.ri_result_a.pk},
        "api:randominspections_publish_result": lambda: {"result_id": t.ri_result_a.pk},
        # cases (行政执法案件; staff pages and API routes, by route name)
        "cases:case_detail": lambda: {"pk": t.case_a.pk},
        "cases:case_edit": lambda: {"pk": t.case_a.pk},
        "cases:case_extend": lambda: {"pk": t.case_a.pk},
        "cases:case_follow_up": lambda: {"pk": t.case_a.pk},
        "api:cases_get_benchmark": lambda: {"benchmark_id": t.case_benchmark_a.pk},
        "cases:benchmark_edit": lambda: {"pk": t.case_benchmark_a.pk},
        "api:cases_get_case": lambda: {"case_id": t.case_a.pk},
        "api:cases_step_case": lambda: {"case_id": t.case_a.pk},
        # reports (年度报告; staff pages, portal download and API routes, by route name)
        "reports:detail": lambda: {"pk": t.annual_report_a.pk},
        "reports:edit": lambda: {"pk": t.annual_report_a.pk},
        "reports:refresh": lambda: {"pk": t.annual_report_a.pk},
        "reports:version": lambda: {"pk": t.annual_report_a.pk},
        "reports:press": lambda: {"pk": t.annual_report_a.pk},
        "reports:version_detail": lambda: {"pk": t.annual_report_a.pk, "number": 1},
        "reports:export": lambda: {"pk": t.annual_report_a.pk, "fmt": "pdf"},
        "reports:public_download": lambda: {"pk": t.annual_report_a.pk, "fmt": "pdf"},
        "api:reports_get": lambda: {"report_id": t.annual_report_a.pk},
        "api:reports_update_texts": lambda: {"report_id": t.annual_report_a.pk},
        "api:reports_save_version": lambda: {"report_id": t.annual_report_a.pk},
        "api:reports_refresh": lambda: {"report_id": t.annual_report_a.pk},
        "api:reports_step": lambda: {"report_id": t.annual_report_a.pk},
        # casereviews (案卷评查; staff pages, portal pages and API routes, by route name)
        "casereviews:sheet_detail": lambda: {"pk": t.cr_sheet_a.pk},
        "casereviews:sheet_edit": lambda: {"pk": t.cr_sheet_a.pk},
        "casereviews:sheet_item_add": lambda: {"pk": t.cr_sheet_a.pk},
        "casereviews:sheet_item_remove": lambda: {"pk": t.cr_sheet_item_a.pk},
        "casereviews:plan_detail": lambda: {"pk": t.cr_plan_a.pk},
        "casereviews:plan_edit": lambda: {"pk": t.cr_plan_a.pk},
        "casereviews:review_detail": lambda: {"pk": t.cr_review_a.pk},
        "casereviews:finding_detail": lambda: {"pk": t.cr_finding_a.pk},
        "casereviews:letter_detail": lambda: {"pk": t.cr_letter_a.pk},
        "casereviews:letter_download": lambda: {"pk": t.cr_letter_a.pk},
        "casereviews:accountability_detail": lambda: {"pk": t.cr_accountability_a.pk},
        "casereviews:accountability_edit": lambda: {"pk": t.cr_accountability_a.pk},
        "casereviews:public_plan": lambda: {"pk": t.cr_plan_a.pk},
        "casereviews:public_plan_json": lambda: {"pk": t.cr_plan_a.pk},
        "api:casereviews_get_plan": lambda: {"plan_id": t.cr_plan_a.pk},
        "api:casereviews_plan_step": lambda: {"plan_id": t.cr_plan_a.pk, "name": "commit"},
        "api:casereviews_verify_draw": lambda: {"plan_id": t.cr_plan_a.pk},
        "api:casereviews_list_plan_files": lambda: {"plan_id": t.cr_plan_a.pk},
        "api:casereviews_score_case": lambda: {"plan_id": t.cr_plan_a.pk, "case_id": t.case_a.pk},
        "api:casereviews_get_file": lambda: {"review_id": t.cr_review_a.pk},
        "api:casereviews_score_file": lambda: {"review_id": t.cr_review_a.pk},
        "api:casereviews_return_finding": lambda: {"review_id": t.cr_review_a.pk},
        "api:casereviews_get_finding": lambda: {"finding_id": t.cr_finding_a.pk},
        "api:casereviews_upload_evidence": lambda: {"finding_id": t.cr_finding_a.pk},
        "api:casereviews_finding_step": lambda: {"finding_id": t.cr_finding_a.pk, "name": "correct"},
        "api:casereviews_download_letter": lambda: {"letter_id": t.cr_letter_a.pk},
        "api:casereviews_get_accountability": lambda: {"record_id": t.cr_accountability_a.pk},
    }


@dataclass
class Route:
    name: str
    pattern: str
    arg_names: list[str]
    is_api: bool
    is_admin: bool


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            full = prefix + str(p.pattern)
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            args = re.findall(r"<(?:\w+:)?(\w+)>", full) + re.findall(r"\(\?P<(\w+)>", full)
            yield Route(name, full, args, full.startswith("api/"), full.startswith("admin/"))


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def _url(route: Route, t) -> str:
    if not route.name:
        pytest.fail(f"URL pattern {route.pattern!r} has no name: name it so the access test can reach it")
    per_route = _route_kwargs(t)
    if route.name in per_route:
        return reverse(route.name, kwargs=per_route[route.name]())
    samples = _sample_kwargs(t)
    missing = [a for a in route.arg_names if a not in samples]
    if missing:
        pytest.fail(f"route {route.name} ({route.pattern}) needs a county-A sample for {missing}: "
                    "add it to _route_kwargs in tests/test_access_walk.py")
    return reverse(route.name, kwargs={a: samples[a]() for a in route.arg_names})


def _is_public(route: Route) -> bool:
    return route.name in PUBLIC or route.name.startswith(PUBLIC_PREFIXES)


@pytest.fixture
def walk_tree(tree):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from fazhi.core.tokens import create_token
    from fazhi.imports.jobs import enqueue
    from fazhi.legislation.models import (
        ContactPoint,
        LegislativePlan,
        LegislativeProject,
        Opinion,
        PostLegislativeEvaluation,
    )
    from fazhi.procedures.models import Attachment, Notification
    from fazhi.rulemaking.models import (
        CleanupCampaign,
        CleanupItem,
        DraftingBody,
        NormativeDocument,
        PublicComment,
    )

    tree.token_a, _key = create_token(user=tree.officer_a, name="东城测试令牌")
    tree.attachment_a = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(type(tree.dept_a)), object_id=tree.dept_a.pk,
        unit=tree.dept_a, kind="opinion", name="东城附件.txt", file=ContentFile(b"x", name="a.txt"))
    tree.notification_a = Notification.objects.create(user=tree.officer_a, text="东城通知")
    body_a = DraftingBody.objects.create(unit=tree.dept_a, region_id=tree.dept_a.region_id, confirmed=True)
    tree.body_a = body_a
    tree.document_a = NormativeDocument.objects.create(title="东城规范性文件", drafting_body=body_a,
                                                       leading_unit=tree.dept_a, state="legality_review")
    tree.comment_a = PublicComment.objects.create(document=tree.document_a, content="东城公众意见")
    tree.campaign_a = CleanupCampaign.objects.create(title="东城文件清理", unit=tree.gov_a, started_on="2025-11-01")
    tree.cleanup_item_a = CleanupItem.objects.create(campaign=tree.campaign_a, document=tree.document_a)
    # Unapproved plan and inactive point: the public pages show approved plans and active points to everyone.
    tree.plan_a = LegislativePlan.objects.create(unit=tree.gov_a, year=2025, kind="rule", title="东城立法计划")
    tree.project_a = LegislativeProject.objects.create(plan=tree.plan_a, title="东城立法项目", kind="rule",
                                                       responsible_unit=tree.dept_a, status="consultation")
    tree.point_a = ContactPoint.objects.create(name="东城联系点", host_unit=tree.street_a, region=tree.township_a,
                                               active=False)
    tree.opinion_a = Opinion.objects.create(project=tree.project_a, contact_point=tree.point_a,
                                            received_on="2025-06-01", content="东城意见", submitter="东城居民")
    tree.evaluation_a = PostLegislativeEvaluation.objects.create(title="东城评估", evaluating_unit=tree.justice_a,
                                                                 started_on="2025-03-01")
    # ---- meetings, dutyreports, projects: unpublished county-A records --------------------------------
    from fazhi.dutyreports.models import DutyReport, DutyReportSchedule
    from fazhi.meetings.models import Decision, Meeting, Topic
    from fazhi.projects.models import Milestone
    from fazhi.projects.models import Project as PracticalProject

    tree.meeting_a = Meeting.objects.create(unit=tree.justice_a, kind="committee", title="东城依法治区委员会会议",
                                            held_on="2025-03-01", chair="东城主任")
    tree.topic_a = Topic.objects.create(meeting=tree.meeting_a, title="东城法治议题")
    tree.decision_a = Decision.objects.create(meeting=tree.meeting_a, text="东城决定事项",
                                              responsible_unit=tree.dept_a, due_on="2025-06-30")
    tree.schedule_a = DutyReportSchedule.objects.create(unit=tree.justice_a, year=2025, title="东城述法安排")
    tree.dutyreport_a = DutyReport.objects.create(schedule=tree.schedule_a, leader_name="东城述法人",
                                                  leader_post="东城局长", leader_unit=tree.dept_a,
                                                  scheduled_on="2025-11-20", report_text="东城述法报告")
    tree.practical_project_a = PracticalProject.objects.create(unit=tree.justice_a, year=2025, title="东城办实事项目",
                                                               responsible_unit=tree.dept_a)
    tree.milestone_a = Milestone.objects.create(project=tree.practical_project_a, title="东城节点",
                                                due_on="2025-06-30")
    # ---- end of meetings, dutyreports, projects ----------------------------------------------------
    # ---- inspections: a county-A inspection, finding, overdue item with a reminder letter, interference ----
    from fazhi.inspections.models import (
        Escalation,
        Finding,
        Inspection,
        InterferenceRecord,
        RectificationItem,
    )

    tree.inspection_a = Inspection.objects.create(organizer=tree.justice_a, title="东城法治督察", level="county",
                                                  start_on="2025-03-01", by_files=True)
    tree.inspection_a.inspected_units.set([tree.dept_a])
    tree.finding_a = Finding.objects.create(inspection=tree.inspection_a, unit=tree.dept_a, category="enforcement",
                                            found_on="2025-03-05", description="东城督察问题")
    tree.rectification_item_a = RectificationItem.objects.create(
        finding=tree.finding_a, requirement="东城整改要求", responsible_unit=tree.dept_a,
        responsible_leader="东城责任领导", issued_on="2025-03-10", due_on="2025-04-30")
    tree.escalation_a = Escalation.objects.create(
        item=tree.rectification_item_a, kind="reminder_letter", on="2025-05-10", days_overdue=10,
        letter=Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(RectificationItem),
            object_id=tree.rectification_item_a.pk, unit=tree.dept_a, kind="reminder_letter",
            name="东城督办函.docx", file=ContentFile(b"x", name="letter.docx")))
    tree.interference_a = InterferenceRecord.objects.create(
        unit=tree.dept_a, occurred_on="2025-05-01", person_name="东城干预人", person_post="东城职务",
        case="东城案件", manner="asking", handling="recorded")
    # ---- tasks: a county-A plan (issued by the county office), a measure, a task led by dept_a ----------
    from fazhi.tasks.models import Measure as TaskMeasure
    from fazhi.tasks.models import Plan as TaskPlan
    from fazhi.tasks.models import ProgressReport, Task

    tree.task_plan_a = TaskPlan.objects.create(unit=tree.justice_a, title="东城法治政府建设工作要点",
                                               starts_on="2025-01-01", ends_on="2025-12-31", state="issued")
    tree.measure_a = TaskMeasure.objects.create(plan=tree.task_plan_a, number=1, title="东城措施")
    tree.task_a = Task.objects.create(plan=tree.task_plan_a, measure=tree.measure_a, number=1, title="东城任务",
                                      lead_unit=tree.dept_a, due_on="2025-06-30", state="in_progress",
                                      responsible_leader="东城领导")
    tree.progress_report_a = ProgressReport.objects.create(task=tree.task_a, reported_on="2025-05-01", percent=50,
                                                           text="东城进度")
    # ---- end of tasks ------------------------------------------------------------------------------
    # ---- enforcement: a county-A body (not yet published, so the portal shows none of it), an officer,
    # an item, a township team and an empowerment document ------------------------------------------
    from fazhi.enforcement.models import (
        Empowerment,
        EnforcementBody,
        EnforcementItem,
        EnforcementOfficer,
        TownshipTeam,
    )

    tree.enforcement_body_a = EnforcementBody.objects.create(
        unit=tree.dept_a, region_id=tree.dept_a.region_id, legal_basis="东城执法依据", enforcement_fields=",market,")
    tree.enforcement_team_a = TownshipTeam.objects.create(township=tree.street_a, name="东城街道综合行政执法队", posts=5)
    tree.enforcement_officer_a = EnforcementOfficer.objects.create(
        name="东城执法人员", id_number="11010519491231002X", body=tree.enforcement_body_a,
        certificate_number="东城0001", field="market", issued_on="2024-01-01", expires_on="2029-01-01")
    tree.enforcement_item_a = EnforcementItem.objects.create(
        code="东城-0001", name="东城执法事项", item_type="penalty", field="market", legal_basis="东城实施依据",
        body=tree.enforcement_body_a, empowered_to_townships=True)
    tree.empowerment_a = Empowerment.objects.create(township=tree.street_a, document_number="东城赋权〔2025〕1号",
                                                    title="东城赋权决定", decided_on="2025-03-01")
    tree.empowerment_a.items.set([tree.enforcement_item_a])
    # ---- end of enforcement ------------------------------------------------------------------------
    # ---- randominspections (双随机一公开): a county-A item, entity, draft plan (not public) and a result.
    from fazhi.randominspections.models import (
        InspectionEntity,
        InspectionItem,
        InspectionPlan,
        InspectionResult,
    )

    tree.ri_item_a = InspectionItem.objects.create(body=tree.enforcement_body_a, code="东城-SJ1", name="东城检查事项",
                                                   field="market", legal_basis="东城检查依据")
    tree.ri_entity_a = InspectionEntity.objects.create(body=tree.enforcement_body_a, credit_code=tree.dept_a.credit_code,
                                                       name="东城检查对象", risk_level="high")
    tree.ri_plan_a = InspectionPlan.objects.create(body=tree.enforcement_body_a, title="东城抽查计划", year=2025)
    tree.ri_plan_a.items.set([tree.ri_item_a])
    tree.ri_result_a = InspectionResult.objects.create(plan=tree.ri_plan_a, entity=tree.ri_entity_a)
    # ---- end of randominspections ------------------------------------------------------------------
    tree.job_a = enqueue(kind="import", actor=tree.coordinator_a, label="东城单位导入", payload={"kind": "units"})
    tree.job_a.status = "failed"
    tree.job_a.result = {"errors": [{"row": 2, "column": "单位名称", "message": "东城测试错误"}]}
    tree.job_a.save()

    # ---- study (学法考法): a session, a rule, a question, an exam (officer_a its only candidate, so a
    # leader's POST to start it must be refused) and officer_a's sitting.
    import datetime as _dt

    from django.utils import timezone as _tz

    from fazhi.study.models import Exam as StudyExam
    from fazhi.study.models import PaperItem, Question, Sitting, StudyRule, StudySession

    tree.study_session_a = StudySession.objects.create(unit=tree.dept_a, kind="unit_monthly",
                                                       held_on="2025-06-03", topic="东城学法活动")
    tree.study_rule_a = StudyRule.objects.create(unit=tree.justice_a, title="东城每月学法规则", kind="unit_monthly",
                                                 period="month", unit_types=["department"], source="东城本地规定")
    tree.study_question_a = Question.objects.create(unit=tree.justice_a, qtype="judge", stem="东城判断题",
                                                    answer="T", source="东城依据")
    _now = _tz.now()
    tree.study_exam_a = StudyExam.objects.create(
        unit=tree.justice_a, kind="annual", title="东城年度测试", judge_count=1, judge_points=1, pass_mark=1,
        opens_at=_now - _dt.timedelta(days=1), closes_at=_now + _dt.timedelta(days=1))
    tree.study_exam_a.candidates.create(user=tree.officer_a)
    tree.study_sitting_a = Sitting.objects.create(
        exam=tree.study_exam_a, candidate=tree.officer_a, candidate_unit=tree.dept_a, seed=1, started_at=_now,
        deadline_at=_now + _dt.timedelta(minutes=60), total=1)
    PaperItem.objects.create(sitting=tree.study_sitting_a, position=1, question=tree.study_question_a,
                             qtype="judge", stem="东城判断题", correct="T", source="东城依据", points=1)
    # ---- assessment (法治建设考核): county A assessing its departments — a system with one leaf, a
    # round in review with dept_a's score sheet, an evidence-scored entry and an objection.
    from fazhi.assessment.models import AssessmentRound, Indicator, IndicatorSystem, Objection, ScoreEntry
    from fazhi.assessment.models import Participant as AssessedUnit

    tree.assessment_system_a = IndicatorSystem.objects.create(unit=tree.justice_a, title="东城部门考核指标体系",
                                                              year=2025, categories=["department"])
    tree.assessment_indicator_a = Indicator.objects.create(system=tree.assessment_system_a, name="东城年度报告",
                                                           points=100, method="evidence", standard="东城评分标准")
    tree.assessment_round_a = AssessmentRound.objects.create(unit=tree.justice_a, system=tree.assessment_system_a,
                                                             title="东城部门考核", year=2025, state="review",
                                                             evidence_due_on="2025-12-10")
    tree.assessment_participant_a = AssessedUnit.objects.create(round=tree.assessment_round_a, unit=tree.dept_a,
                                                                category="department", state="submitted")
    tree.assessment_entry_a = ScoreEntry.objects.create(participant=tree.assessment_participant_a,
                                                        indicator=tree.assessment_indicator_a, comment="东城评审意见")
    tree.assessment_objection_a = Objection.objects.create(participant=tree.assessment_participant_a,
                                                           reason="东城异议", filed_on="2025-12-20")
    from fazhi.assessment.models import Demonstration, DemonstrationVillage
    from fazhi.core.models import Region

    tree.assessment_demonstration_a = Demonstration.objects.create(
        kind="area", name="东城示范地区", level="provincial", year=2024, unit=tree.gov_a, region=tree.county_a)
    tree.assessment_village_region_a = Region.objects.create(code="990102001001", name="东城示范村", level=5,
                                                             parent=tree.township_a)
    tree.assessment_village_a = DemonstrationVillage.objects.create(
        village=tree.assessment_village_region_a, unit=tree.justice_a, level="county", year=2024)
    # ---- end of assessment -------------------------------------------------------------------------
    # ---- cases (行政执法案件): a county-A case (not published, so the portal shows none of it) and a
    # discretion benchmark ---------------------------------------------------------------------------
    from fazhi.cases.models import DiscretionBenchmark, EnforcementCase

    tree.case_a = EnforcementCase.objects.create(
        body=tree.enforcement_body_a, number="东城罚〔2025〕1号", item=tree.enforcement_item_a, party_name="东城当事人",
        party_credit_code=tree.dept_a.credit_code, cause="东城案由", registered_on="2025-05-01")
    tree.case_a.officers.set([tree.enforcement_officer_a])
    tree.case_benchmark_a = DiscretionBenchmark.objects.create(
        item=tree.enforcement_item_a, circumstance="东城一般情节", min_fine=1000, max_fine=5000,
        citation="东城裁量基准", valid_from="2025-01-01")
    # ---- end of cases ------------------------------------------------------------------------------
    # ---- reports (年度报告): a county-A draft report (not published, so the portal shows none of it) ----
    from fazhi.reports.models import AnnualReport, ReportVersion

    tree.annual_report_a = AnnualReport.objects.create(unit=tree.gov_a, year=2025,
                                                       title="东城区2025年度法治政府建设情况报告")
    ReportVersion.objects.create(report=tree.annual_report_a, number=1, title=tree.annual_report_a.title,
                                 note="东城初稿")
    # ---- end of reports ----------------------------------------------------------------------------
    # ---- casereviews (案卷评查): a county-A sheet, a draft plan (not public) with a file review of
    # case_a, a finding, a reminder letter and an accountability record -------------------------------
    from fazhi.casereviews.models import (
        FileReview,
        ReminderLetter,
        ReviewFinding,
        ReviewPlan,
        ScoreSheet,
        ScoreSheetItem,
        WrongCaseAccountability,
    )

    tree.cr_sheet_a = ScoreSheet.objects.create(unit=tree.justice_a, name="东城评分表", version="1",
                                                valid_from="2025-01-01")
    tree.cr_sheet_item_a = ScoreSheetItem.objects.create(sheet=tree.cr_sheet_a, category="facts",
                                                         criterion="东城评查标准", max_points=100, order=1)
    tree.cr_plan_a = ReviewPlan.objects.create(office=tree.justice_a, title="东城评查计划", year=2025,
                                               start_on="2025-01-01", end_on="2025-12-31", sheet=tree.cr_sheet_a)
    tree.cr_review_a = FileReview.objects.create(plan=tree.cr_plan_a, case=tree.case_a,
                                                 body=tree.enforcement_body_a, reviewer=tree.reviewer_a)
    tree.cr_finding_a = ReviewFinding.objects.create(review=tree.cr_review_a, body=tree.enforcement_body_a,
                                                     category="facts", text="东城评查问题", returned_on="2025-06-01",
                                                     due_on="2025-07-01")
    tree.cr_letter_a = ReminderLetter.objects.create(
        office=tree.justice_a, body=tree.enforcement_body_a, number="东城评查督办〔2025〕1号", issued_on="2025-07-05",
        text="东城督办要求", file=ContentFile(b"x", name="east-letter.docx"))
    tree.cr_letter_a.findings.set([tree.cr_finding_a])
    tree.cr_accountability_a = WrongCaseAccountability.objects.create(
        body=tree.enforcement_body_a, case_number="东城罚〔2024〕9号", error_kind="facts", found_by="review",
        decision="criticism", decided_on="2025-08-01", decided_by="东城问责机关", basis="东城问责依据")
    # ---- end of casereviews ------------------------------------------------------------------------
    return tree


def _routes():
    # Django admin's unnamed patterns only redirect to its named change pages, which are walked.
    return [r for r in all_routes() if not r.pattern.startswith("static/") and (r.name or not r.is_admin)]


def test_every_route_is_named_and_has_samples(walk_tree):
    for route in _routes():
        _url(route, walk_tree)


def test_anonymous_gets_nothing(walk_tree, client):
    for route in _routes():
        if _is_public(route):
            continue
        url = _url(route, walk_tree)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            status = response.status_code
            if route.is_api:
                assert status in (401, 404, 405), f"anonymous {method.upper()} {url} → {status}"
            else:
                assert status in (302, 404, 405), f"anonymous {method.upper()} {url} → {status}"
                if status == 302:
                    assert "login" in response["Location"], f"{url} redirects to {response['Location']}"
            assert MARKER not in response.content.decode(errors="ignore"), f"anonymous sees county A at {url}"


def test_other_county_sees_nothing_of_county_a(walk_tree, client):
    client.force_login(walk_tree.outsider)
    for route in _routes():
        url = _url(route, walk_tree)
        response = client.get(url)
        body = response.content.decode(errors="ignore")
        assert MARKER not in body, f"county B coordinator sees county A data at GET {url} ({response.status_code})"
        if route.arg_names and not route.is_admin and route.name not in PUBLIC | NOT_RECORD_ROUTES:
            assert response.status_code in (404, 405), (
                f"county B coordinator GET {url} → {response.status_code}, expected 404")


def test_leader_cannot_write(walk_tree, client):
    client.force_login(walk_tree.leader_a)
    for route in _routes():
        if route.name in PERSONAL_WRITES:
            continue
        url = _url(route, walk_tree)
        for method in ("post", "put", "patch", "delete"):
            before = AuditEvent.objects.count()
            response = getattr(client, method)(url, data={}, content_type="application/json") \
                if method != "post" else client.post(url, data={})
            if _is_public(route):  # public pages may answer anything; they must not write
                assert AuditEvent.objects.count() == before, f"leader {method.upper()} {url} wrote something"
                continue
            assert response.status_code in (302, 400, 403, 404, 405, 422) or (
                route.is_admin and response.status_code == 302), f"leader {method.upper()} {url} → {response.status_code}"
            if response.status_code == 302:
                assert "login" in response["Location"] or route.is_admin, (
                    f"leader {method.upper()} {url} redirected to {response['Location']} (a write succeeded?)")
            assert AuditEvent.objects.count() == before, f"leader {method.upper()} {url} wrote something"
