from django.shortcuts import render
from django.urls import reverse

from fazhi.portal.sections import SECTIONS


def home(request):
    sections = [{"title": s.title, "text": s.text, "url": reverse(s.url_name) if s.url_name else ""}
                for s in SECTIONS]
    return render(request, "portal/home.html", {"sections": sections})


def about(request):
    return render(request, "portal/about.html")
