"""Builds the one NinjaAPI: authentication, Chinese JSON errors, and every app's router."""

from __future__ import annotations

import functools
import importlib
import inspect

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLPattern
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination as _NinjaPageNumberPagination
from ninja.parser import Parser

from fazhi.api.auth import SessionAuth, TokenAuth

# Apps that expose routes, and the URL prefix of each.
ROUTERS = [
    ("fazhi.core.api", "/"),
    ("fazhi.calendar.api", "/calendar/"),
    ("fazhi.figures.api", "/figures/"),
    ("fazhi.procedures.api", "/procedures/"),
    ("fazhi.imports.api", "/imports/"),
    ("fazhi.rulemaking.api", "/rulemaking/"),
    ("fazhi.legislation.api", "/legislation/"),
    ("fazhi.inspections.api", "/inspections/"),
    ("fazhi.tasks.api", "/tasks/"),
    ("fazhi.study.api", "/study/"),
    ("fazhi.meetings.api", "/meetings/"),
    ("fazhi.dutyreports.api", "/dutyreports/"),
    ("fazhi.projects.api", "/projects/"),
    ("fazhi.assessment.api", "/assessment/"),
    ("fazhi.enforcement.api", "/enforcement/"),
    ("fazhi.cases.api", "/cases/"),
    ("fazhi.randominspections.api", "/randominspections/"),
    ("fazhi.reports.api", "/reports/"),
    ("fazhi.casereviews.api", "/casereviews/"),
]

_PYDANTIC_MESSAGES = {
    "missing": "缺少此字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_type": "应为日期，格式 YYYY-MM-DD",
    "string_too_long": "内容过长",
    "string_type": "应为文本",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "bool_parsing": "应为 true 或 false",
    "json_invalid": "请求体不是有效的 JSON",
}


# Messages django-ninja raises itself, in the users' language.
_NINJA_MESSAGES = {
    "Cannot parse request body": "请求体不是有效的 JSON",
    "CSRF check Failed": "CSRF 校验失败，请刷新页面后重试",
}


class ErrorItemOut(Schema):
    field: str = Field(..., title="字段", description="出错的参数或字段；整体错误为空")
    message: str = Field(..., title="说明")


class ErrorOut(Schema):
    """错误答复：说明均为中文。"""

    detail: str = Field(..., title="说明")
    errors: list[ErrorItemOut] = Field(default_factory=list, title="逐项错误", description="仅 422 时给出")


# The error answers every operation may give (see the exception handlers below), documented in the
# OpenAPI document so that clients and the schema test know them.
_ERROR_RESPONSES = {
    400: "请求体无法解析（不是有效的 JSON）",
    401: "未认证：缺少或无效的接口令牌，且未登录",
    403: "CSRF 校验失败（以浏览器会话发出的写请求）",
    404: "对象不存在或无权访问（两者答复相同）",
    422: "请求参数有误",
}
_UNSAFE_METHODS = {"post", "put", "patch", "delete"}


class FazhiAPI(NinjaAPI):
    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._json_not_allowed(pattern.callback)
        return patterns, app_name, namespace

    def _json_not_allowed(self, view):
        """ninja answers a method a path does not have with a bare text 405: answer in Chinese JSON."""
        if inspect.iscoroutinefunction(view):
            return view  # no async routes yet; an async path keeps ninja's answer

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
                allow = response.get("Allow", "")
                response = self.create_response(request, {"detail": "不支持此请求方法"}, status=405)
                response["Allow"] = allow
            return response

        return wrapper

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        definition = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(definition.pop("$defs", {}))
        components["ErrorOut"] = definition
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                security = {name for requirement in operation.get("security", []) for name in requirement}
                codes = [400] if operation.get("requestBody") else []
                if security:
                    codes.append(401)
                if method in _UNSAFE_METHODS and "SessionAuth" in security:
                    codes.append(403)
                if operation.get("parameters") or operation.get("requestBody"):
                    codes += [404, 422]
                responses = operation.setdefault("responses", {})
                for code in codes:
                    # A route's own declaration (e.g. the imports' 422 with row errors) wins.
                    if code not in responses and str(code) not in responses:
                        responses[code] = {"description": _ERROR_RESPONSES[code], "content": content}
        return schema


class NulCharacterError(ValidationError):
    """A parameter or body value holds a NUL character, which PostgreSQL text cannot store."""


def _refuse_nul(data, field: str = "") -> None:
    if isinstance(data, str):
        if "\x00" in data:
            raise NulCharacterError({field or "请求": ["不能包含空字符（\\x00）"]})
    elif isinstance(data, dict):
        for key, value in data.items():
            name = f"{field}.{key}" if field else str(key)
            _refuse_nul(key, name)
            _refuse_nul(value, name)
    elif isinstance(data, list):
        for value in data:
            _refuse_nul(value, field)


class FazhiParser(Parser):
    """ninja's parser, refusing NUL characters in query, form and JSON values (422, not a database 500).

    It runs after authentication, so an anonymous caller still learns first that it must log in.
    """

    def parse_body(self, request):
        data = super().parse_body(request)
        _refuse_nul(data)  # ninja turns this into a 400 "cannot parse"; http_error() answers the 422
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result


def _field_name(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "请求"


def build_api() -> NinjaAPI:
    api = FazhiAPI(
        title="fazhi API",
        version="1",
        description="法治政府建设平台接口。认证：在“个人设置 → 接口令牌”创建令牌，"
                    "以 `Authorization: Bearer <令牌>` 发送。缺失与无权访问的对象均返回 404。",
        auth=[TokenAuth(), SessionAuth()],
        urls_namespace="api",
        docs_url="/docs",
        parser=FazhiParser(),
    )

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc):
        errors = [
            {"field": _field_name(e.get("loc", [])),
             "message": _PYDANTIC_MESSAGES.get(e.get("type", ""), e.get("msg", "取值无效"))}
            for e in exc.errors
        ]
        detail = "；".join(f"{e['field']}：{e['message']}" for e in errors)
        return api.create_response(request, {"detail": f"请求参数有误：{detail}", "errors": errors}, status=422)

    @api.exception_handler(ValidationError)
    def django_validation_error(request, exc):
        if hasattr(exc, "message_dict"):
            errors = [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs]
        else:
            errors = [{"field": "", "message": m} for m in exc.messages]
        detail = "；".join((f"{e['field']}：" if e["field"] and e["field"] != "__all__" else "") + e["message"]
                          for e in errors)
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "对象不存在"}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        # The same answer as a missing object: the API does not reveal what exists.
        return api.create_response(request, {"detail": "对象不存在"}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"detail": "未认证：请提供有效的接口令牌或先登录"}, status=401)

    @api.exception_handler(OverflowError)
    def overflow(request, exc):
        # A number or date beyond what Python dates or the database hold (e.g. a 30-digit id on SQLite,
        # the day after 9999-12-31): the input is out of range, not a server fault.
        message = "数值或日期超出可处理的范围"
        return api.create_response(request, {"detail": f"请求参数有误：{message}",
                                             "errors": [{"field": "", "message": message}]}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if isinstance(exc.__cause__, NulCharacterError):  # raised while ninja parsed the body
            return django_validation_error(request, exc.__cause__)
        message = str(exc.message)
        return api.create_response(request, {"detail": _NINJA_MESSAGES.get(message, message)},
                                   status=exc.status_code)

    for module_name, prefix in ROUTERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        api.add_router(prefix, module.router)
    return api


PAGE_SIZE = settings.FAZHI["API_PAGE_SIZE"]

# Highest page number a list accepts: (page - 1) * page_size must stay a 64-bit SQL OFFSET, or the
# database fails (SQLite "datatype mismatch", PostgreSQL "bigint out of range") and the API answers 500.
MAX_PAGE = 1_000_000


class PageNumberPagination(_NinjaPageNumberPagination):
    """ninja's page-number pagination with a bounded page number (too large answers 422, not 500)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
