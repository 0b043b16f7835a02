"""Builds the one NinjaAPI: authentication, Chinese JSON errors, and every app's router."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from fazhi.api.auth import SessionAuth, TokenAuth

# Apps that expose routes, and the URL prefix of each.
ROUTERS = [
    ("fazhi.core.api", "/"),
    ("fazhi.calendar.api", "/calendar/"),
    ("fazhi.figures.api", "/figures/"),
    ("fazhi.procedures.api", "/procedures/"),
    ("fazhi.imports.api", "/imports/"),
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


def _field_name(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "请求"


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="fazhi API",
        version="1",
        description="法治政府建设平台接口。认证：在“个人设置 → 接口令牌”创建令牌，"
                    "以 `Authorization: Bearer <令牌>` 发送。缺失与无权访问的对象均返回 404。",
        auth=[TokenAuth(), SessionAuth()],
        urls_namespace="api",
        docs_url="/docs",
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

    @api.exception_handler(HttpError)
    def http_error(request, exc):
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
