from django import template

register = template.Library()


@register.filter
def changes(event):
    """(field, before, after) triples of an audit event, for display."""
    before, after = event.before or {}, event.after or {}
    return [(key, before.get(key), after.get(key)) for key in sorted(set(before) | set(after))]
