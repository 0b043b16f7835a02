"""Writes for personal API tokens. Only the SHA-256 of a key is stored: the key is shown once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.api.auth import hash_key, new_key
from fazhi.core.audit import acting_as
from fazhi.core.models import ApiToken


@transaction.atomic
def create_token(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the clear key (never retrievable again)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": gettext("请填写令牌用途。")})
    if len(name) > 100:
        raise ValidationError({"name": gettext("令牌用途最多100个字。")})
    key = new_key()
    # Explicit actor: a token-authenticated request is not seen by the audit middleware.
    with acting_as(user):
        token = ApiToken(user=user, name=name, key_prefix=key[:8], key_hash=hash_key(key))
        token.save()
    return token, key


@transaction.atomic
def revoke_token(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens (idempotent). Someone else's token does not exist for them."""
    if token.user_id != user.pk:
        raise Http404
    # Re-read under a lock: two revocations must not both write an event.
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        with acting_as(user):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
