"""Property-based test of the HTTP API against its own OpenAPI document (schemathesis).

Every operation in /api/v1/openapi.json is called through the real WSGI application with generated
input (schemathesis' explicit-examples, coverage and fuzzing phases, a bounded number of examples):

- as a county-A coordinator with a bearer token: no 5xx, only documented status codes, the documented
  content type and body schema, and every 4xx answer is JSON whose "detail" is in Chinese;
- without credentials: every operation answers 401 with a Chinese "detail".

Checks left out on purpose:
- positive_data_acceptance ("schema-valid input must be accepted"): much of the validation lives
  behind the schema — region code formats, holiday data present for a year, objects visible to the
  caller (404) — so valid-looking input is rightly refused with a 422/404;
- negative_data_rejection ("schema-invalid input must be rejected"): pydantic's lax parsing accepts
  e.g. 0 for a date (the Unix epoch) or "1" for a boolean, which is harmless.
"""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fazhi.core.models import ApiToken
from fazhi.core.tokens import create_token
from fazhi.wsgi import application

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# 25 generated examples per operation (plus schemathesis' explicit and coverage cases) keep the file near
# half a minute; FAZHI_API_FUZZ_EXAMPLES=300 digs deeper locally.
FUZZ = settings(max_examples=int(os.environ.get("FAZHI_API_FUZZ_EXAMPLES", "25")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.filter_too_much, HealthCheck.data_too_large])


def _chinese_detail(response) -> str:
    assert response.headers.get("content-type", [""])[0].startswith("application/json"), (
        f"{response.status_code} answer is not JSON: {response.headers.get('content-type')}")
    body = response.json()
    detail = body.get("detail") if isinstance(body, dict) else None
    assert isinstance(detail, str), f"{response.status_code} body has no string 'detail': {body!r}"
    assert CJK.search(detail), f"{response.status_code} 'detail' is not Chinese: {detail!r}"
    return detail


def chinese_error_detail(ctx, response, case):
    """Every 4xx answer is JSON whose "detail" is a message in Chinese."""
    if 400 <= response.status_code < 500:
        _chinese_detail(response)
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, chinese_error_detail]


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Like Django's test client: the test's transaction must outlive each request (PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(tree):
    token, key = create_token(user=tree.coordinator_a, name="fuzz")
    return token, {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema(case, bearer):
    token, headers = bearer
    # DELETE /tokens/{id} may revoke the fuzzer's own token: keep it alive for the next example.
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)
    response = case.call(headers=headers)
    case.validate_response(response, headers=headers, checks=CHECKS)


@schema.parametrize()
@settings(FUZZ, max_examples=5)
def test_api_requires_authentication(case, tree):
    # No token, and no session cookie (the schema's cookie scheme makes schemathesis send a random one).
    case.cookies = {}
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    response = case.call()
    if response.status_code == 405:  # a method the path does not have (schemathesis probes them)
        _chinese_detail(response)
        return
    assert response.status_code == 401, f"{case.method} {case.formatted_path}: {response.status_code}"
    _chinese_detail(response)
