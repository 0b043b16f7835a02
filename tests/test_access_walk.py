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
          "logout", "admin:login", "admin:logout", "legislation:public_plan", "legislation:public_contact_points"}
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
        "admin:auth_user_password_change": lambda: {"id": str(t.officer_a.pk)},
        "core:history": lambda: {"object_type": "core.unit", "object_id": str(t.dept_a.pk)},
        "procedures:transition": lambda: {"content_type_id": unit_ct(), "object_id": t.dept_a.pk, "name": "submit"},
        "procedures:attachment_upload": lambda: {"content_type_id": unit_ct(), "object_id": t.dept_a.pk},
        "procedures:attachment": lambda: {"pk": t.attachment_a.pk},
        "api:imports_upload": lambda: {"kind": "units"},
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
    tree.job_a = enqueue(kind="import", actor=tree.coordinator_a, label="东城单位导入", payload={"kind": "units"})
    tree.job_a.status = "failed"
    tree.job_a.result = {"errors": [{"row": 2, "column": "单位名称", "message": "东城测试错误"}]}
    tree.job_a.save()
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
