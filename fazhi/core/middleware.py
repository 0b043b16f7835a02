from django.conf import settings
from django.utils import translation

from fazhi.core.audit import acting_as


class AuditActorMiddleware:
    """Attribute every audit event written during a request to the logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)


class LanguageMiddleware:
    """Chinese unless the user chose another language with the switcher (its cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: staff machines
    often run English browsers, and the platform's working language is Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
