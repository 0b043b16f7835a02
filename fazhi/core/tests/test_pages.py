"""The shared staff-page helpers: a service's errors land on the right form fields, a list's
`can_create` is not evaluated for an export, and excerpts are cut on one line."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from fazhi.core import pages
from fazhi.core.listing import Column
from fazhi.core.models import Region


class _RegionFilter(django_filters.FilterSet):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    class Meta:
        model = Region
        fields = ["level"]


class _Form(forms.Form):
    name = forms.CharField()
    officer_choices = forms.CharField(required=False)


def test_apply_errors_places_field_errors_and_aliases():
    form = _Form({"name": "x"})
    assert form.is_valid()
    pages.apply_errors(form, ValidationError({"name": "名称重复。", "officers": "执法证已过期。", "other": "其他。"}),
                       aliases={"officers": "officer_choices"})
    assert form.errors["name"] == ["名称重复。"]
    assert form.errors["officer_choices"] == ["执法证已过期。"]
    assert form.non_field_errors() == ["其他。"]
    plain = _Form({"name": "x"})
    plain.is_valid()
    pages.apply_errors(plain, ValidationError(["整体错误。"]))
    assert plain.non_field_errors() == ["整体错误。"]


def test_list_page_exports_without_asking_whether_the_user_may_create(tree):
    asked = []

    def can_create():
        asked.append(True)
        return True

    request = RequestFactory().get("/regions/", {"export": "xlsx"})
    request.user = tree.admin
    response = pages.list_page(request, Region.objects.visible_to(tree.admin), _RegionFilter,
                               [Column("名称", lambda r: r.name, "name")], "code", "行政区划", None, can_create)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats") and asked == []


def test_excerpt():
    assert pages.excerpt("一二三\n四五", 5) == "一二三 四…"
    assert pages.excerpt("", 4) == "" and pages.excerpt(None, 4) == ""
