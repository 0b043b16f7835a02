"""The API's error answers: Chinese JSON for bad input (422), missing or forbidden (404), no login (401)."""

from unittest.mock import Mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.testing import TestClient

from fazhi.api.base import build_api

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

