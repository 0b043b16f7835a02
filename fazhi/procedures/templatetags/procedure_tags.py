"""Template tags a record's detail page uses:

    {% load procedure_tags %}
    {% transition_buttons record %}     the available transitions as buttons, reasons under disabled ones
    {% transition_history record %}     the record's procedural history
    {% record_deadlines record %}       its deadlines with status and working days left
    {% record_attachments record %}     its attachments, with an upload form for writers
    {{ record|state_label }}            the Chinese label of its current state
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType

from fazhi.core.access import CHANGE, can_write
from fazhi.procedures import selectors
from fazhi.procedures.engine import get_procedure
from fazhi.procedures.forms import AttachmentForm, TransitionForm

register = template.Library()


def _next(context: Any) -> str:
    request = context.get("request")
    return request.get_full_path() if request is not None else ""


@register.filter
def state_label(record: Any) -> str:
    procedure = get_procedure(record)
    return procedure.state_label(procedure.state_of(record))


@register.inclusion_tag("procedures/_transitions.html", takes_context=True)
def transition_buttons(context: Any, record: Any) -> dict[str, Any]:
    user = context.get("user")
    writer = bool(user and can_write(user))
    options = selectors.available_transitions(user, record) if writer else []
    return {
        "record": record, "options": options, "any_allowed": any(o.allowed for o in options),
        "any_dated": any(o.allowed and o.transition.dated for o in options),
        "state_label": state_label(record), "ct_id": ContentType.objects.get_for_model(record).pk,
        "next": _next(context), "form": TransitionForm(auto_id=f"id_tr_%s_{record.pk}"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("procedures/_history.html")
def transition_history(record: Any) -> dict[str, Any]:
    return {"history": list(selectors.history(record))}


@register.inclusion_tag("procedures/_deadlines.html")
def record_deadlines(record: Any) -> dict[str, Any]:
    return {"deadlines": selectors.deadlines_for(record)}


@register.inclusion_tag("procedures/_attachments.html", takes_context=True)
def record_attachments(context: Any, record: Any) -> dict[str, Any]:
    user = context.get("user")
    model = record._meta.model
    procedure = get_procedure(record)
    may_upload = bool(user and can_write(user)
                      and any(k.uploaded and not procedure.attachment_refusal(record, k.key)
                              for k in procedure.attachment_kinds)
                      and model.objects.visible_to(user, CHANGE).filter(pk=record.pk).exists())
    rows = list(selectors.attachments(record))
    for row in rows:
        kind = procedure.attachment_map.get(row.kind)
        row.kind_label = kind.label if kind else row.kind
    return {
        "record": record, "attachments": rows,
        "form": AttachmentForm(procedure=procedure, auto_id=f"id_att_%s_{record.pk}") if may_upload else None,
        "ct_id": ContentType.objects.get_for_model(record).pk, "next": _next(context),
        "csrf_token": context.get("csrf_token"),
    }
