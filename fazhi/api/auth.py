"""API authentication: per-user revocable bearer tokens, or the browser session."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from fazhi.core import audit


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return "fz_" + secrets.token_urlsafe(32)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        from fazhi.core.models import ApiToken

        row = (ApiToken.objects.select_related("user")
               .filter(key_hash=hash_key(token), revoked_at__isnull=True, user__is_active=True).first())
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 300:
            # Not audited: a usage timestamp, updated at most every five minutes.
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        # Writes made with a token are the token owner's (the middleware saw an anonymous request).
        audit._actor.set(row.user)
        return row.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session (CSRF-checked for unsafe methods)."""

    param_name = "sessionid"

    def _get_key(self, request):
        # No logged-in session: nothing for the CSRF check to protect, and the caller must learn that
        # it is not authenticated (401), not that a CSRF token is missing (403).
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None
