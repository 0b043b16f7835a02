"""The API's error answers: Chinese JSON for bad input (422), missing or forbidden (404), no login (401)."""

from unittest.mock import Mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.testing import TestClient

from fazhi.api.base import MAX_PAGE, PageNumberPagination, build_api

probe = Router()


class Payload(Schema):
    name: str
    count: int


@probe.get("/missing")
def missing(request):
    raise Http404("内部细节不应外泄")


@probe.get("/forbidden")
def forbidden(request):
    raise PermissionDenied("内部细节不应外泄")


@probe.get("/invalid-field")
def invalid_field(request):
    raise ValidationError({"start": ["开始日期不能晚于结束日期。"], "__all__": ["整体有误。"]})


@probe.get("/invalid-plain")
def invalid_plain(request):
    raise ValidationError("不能处理这个请求。")


@probe.get("/conflict")
def conflict(request):
    raise HttpError(409, "状态已变化，请刷新后重试。")


@probe.get("/typed")
def typed(request, n: int, day: str = ""):
    return {"n": n}


@probe.post("/body")
def body(request, payload: Payload):
    return {"ok": True}


@probe.get("/pages", response=list[int])
@paginate(PageNumberPagination, page_size=2)
def pages(request):
    return list(range(5))


@probe.get("/overflow")
def overflow(request):
    raise OverflowError("date value out of range")


@probe.get("/text")
def text(request, q: str = ""):
    return {"q": q}


@pytest.fixture(scope="module")
def api():
    api = build_api()
    api.add_router("/probe/", probe)
    return api


@pytest.fixture
def client(api):
    return TestClient(api)


@pytest.fixture
def staff():
    # The session authenticator accepts any authenticated, active request user.
    return Mock(is_authenticated=True, is_active=True, is_superuser=False)


def test_http404_answers_404_without_details(client, staff):
    response = client.get("/probe/missing", user=staff)
    assert response.status_code == 404
    assert response.json() == {"detail": "对象不存在"}


def test_permission_denied_looks_like_missing(client, staff):
    response = client.get("/probe/forbidden", user=staff)
    assert response.status_code == 404
    assert response.json() == {"detail": "对象不存在"}


def test_django_validation_error_with_fields(client, staff):
    response = client.get("/probe/invalid-field", user=staff)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "start：开始日期不能晚于结束日期。；整体有误。",
        "errors": [{"field": "start", "message": "开始日期不能晚于结束日期。"},
                   {"field": "__all__", "message": "整体有误。"}],
    }


def test_django_validation_error_without_fields(client, staff):
    response = client.get("/probe/invalid-plain", user=staff)
    assert response.status_code == 422
    assert response.json() == {"detail": "不能处理这个请求。", "errors": [{"field": "", "message": "不能处理这个请求。"}]}


def test_http_error_keeps_status_and_message(client, staff):
    response = client.get("/probe/conflict", user=staff)
    assert response.status_code == 409
    assert response.json() == {"detail": "状态已变化，请刷新后重试。"}


def test_bad_query_parameters_in_chinese(client, staff):
    response = client.get("/probe/typed?n=abc", user=staff)
    assert response.status_code == 422
    assert response.json() == {"detail": "请求参数有误：n：应为整数", "errors": [{"field": "n", "message": "应为整数"}]}
    response = client.get("/probe/typed", user=staff)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "n", "message": "缺少此字段"}]
    assert client.get("/probe/typed?n=3", user=staff).json() == {"n": 3}


def test_bad_body_in_chinese(client, staff):
    response = client.post("/probe/body", json={"count": "many"}, user=staff)
    assert response.status_code == 422
    data = response.json()
    assert data["errors"] == [{"field": "name", "message": "缺少此字段"}, {"field": "count", "message": "应为整数"}]
    assert data["detail"] == "请求参数有误：name：缺少此字段；count：应为整数"
    response = client.post("/probe/body", body="{not json", user=staff, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]


def test_unauthenticated_401_in_chinese(client):
    response = client.get("/probe/missing")  # no session user, no token
    assert response.status_code == 401
    assert response.json() == {"detail": "未认证：请提供有效的接口令牌或先登录"}


@pytest.mark.django_db
def test_unknown_bearer_token_401(client):
    response = client.get("/probe/missing", headers={"Authorization": "Bearer fz_unknown"})
    assert response.status_code == 401
    assert response.json() == {"detail": "未认证：请提供有效的接口令牌或先登录"}


def test_inactive_session_user_401(client):
    response = client.get("/probe/missing", user=Mock(is_authenticated=True, is_active=False))
    assert response.status_code == 401



# --- found by the schema test (tests/test_api_schema.py) ----------------------------------------

def test_page_number_is_bounded(client, staff):
    # A 25-digit page made the SQL OFFSET overflow: a 500 on SQLite and PostgreSQL.
    response = client.get("/probe/pages?page=28878228492231454490624", user=staff)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "page", "message": "数值过大"}]
    assert client.get(f"/probe/pages?page={MAX_PAGE}", user=staff).json() == {"items": [], "count": 5}
    assert client.get("/probe/pages?page=2", user=staff).json() == {"items": [2, 3], "count": 5}


def test_overflow_is_422_in_chinese(client, staff):
    response = client.get("/probe/overflow", user=staff)
    assert response.status_code == 422
    assert response.json() == {"detail": "请求参数有误：数值或日期超出可处理的范围",
                               "errors": [{"field": "", "message": "数值或日期超出可处理的范围"}]}


def test_nul_characters_are_422(client, staff):
    # PostgreSQL text cannot hold NUL: a query with one failed in the database (500).
    response = client.get("/probe/text?q=a%00b", user=staff)
    assert response.status_code == 422
    assert response.json() == {"detail": "q：不能包含空字符（\\x00）",
                               "errors": [{"field": "q", "message": "不能包含空字符（\\x00）"}]}
    response = client.post("/probe/body", json={"name": "a\x00", "count": 1}, user=staff)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "不能包含空字符（\\x00）"}]
    assert client.get("/probe/text?q=ab", user=staff).json() == {"q": "ab"}
    # Authentication still comes first.
    assert client.get("/probe/text?q=a%00b").status_code == 401


def test_unsupported_method_is_405_json_in_chinese(client, staff):
    response = client.delete("/probe/typed?n=1", user=staff)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"detail": "不支持此请求方法"}


@pytest.mark.django_db
def test_anonymous_write_is_401_not_csrf_403():
    # A client without token or session must learn that it is not authenticated.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/procedures/transitions", {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "未认证：请提供有效的接口令牌或先登录"}


def test_logged_in_write_without_csrf_token_is_still_403(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.coordinator_a)
    response = client.post("/api/v1/procedures/transitions", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF 校验失败，请刷新页面后重试"}


@pytest.mark.django_db
def test_openapi_documents_the_error_answers():
    document = Client().get("/api/v1/openapi.json").json()
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    operations = document["paths"]["/api/v1/units/{unit_id}"]["get"]["responses"]
    assert {code: operations[code]["content"] for code in ("401", "404", "422")} == dict.fromkeys(
        ("401", "404", "422"), error)
    assert set(document["paths"]["/api/v1/me"]["get"]["responses"]) == {"200", "401"}
    assert set(document["paths"]["/api/v1/procedures/transitions"]["post"]["responses"]) == {
        "200", "400", "401", "403", "404", "422"}
    assert document["components"]["schemas"]["ErrorOut"]["required"] == ["detail"]
