from fazhi.core.access import can_write
from fazhi.core.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    return {"nav_items": items_for(user), "user_can_write": bool(user and can_write(user))}
