from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from fazhi.portal.sections import SECTIONS


@require_safe
def home(request):
    sections = [{"title": s.title, "text": s.text, "url": reverse(s.url_name) if s.url_name else ""}
                for s in SECTIONS]
    return render(request, "portal/home.html", {"sections": sections})


@require_safe
def about(request):
    return render(request, "portal/about.html")
