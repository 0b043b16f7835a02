from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from fazhi.core import listing
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.rulemaking import services
from fazhi.rulemaking.filters import DocumentFilter
from fazhi.rulemaking.forms import DeliberationForm, DocumentForm, ReviewForm
from fazhi.rulemaking.models import DocumentState, NormativeDocument

DOCUMENT_COLUMNS = [
    Column(_("文件名称"), lambda d: d.title, "title"),
    Column(_("文号"), lambda d: d.document_number, "document_number"),
    Column(_("制定主体"), lambda d: d.drafting_body.unit.name, "drafting_body__unit__name"),
    Column(_("涉及市场主体"), lambda d: d.market_related, "market_related"),
    Column(_("状态"), lambda d: d.get_state_display(), "state"),
    Column(_("公布日期"), lambda d: d.published_on, "published_on"),
    Column(_("备案期限届满日"), lambda d: d.filing_due_on, "filing_due_on"),
    Column(_("报送备案日期"), lambda d: d.filed_on, "filed_on"),
]


class _Filter(DocumentFilter):
    """DocumentFilter bound to the request's user (listing.build passes only data and queryset)."""

    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, user=self.user, **kwargs)


@login_required
@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    qs = NormativeDocument.objects.visible_to(request.user).select_related("drafting_body__unit")
    filter_class = type("DocumentFilterForUser", (_Filter,), {"user": request.user})
    ctx = listing.build(request, qs, filter_class, DOCUMENT_COLUMNS, "-created_at")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], DOCUMENT_COLUMNS, gettext("行政规范性文件"))
    ctx.update(title=gettext("行政规范性文件"), create_url="rulemaking:document_create",
               can_create=services.writable_units(request.user).exists())
    return render(request, "fazhi/list.html", ctx)


@login_required
@require_safe
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = (NormativeDocument.objects.select_related("drafting_body__unit", "leading_unit", "amends")
                .get_visible_or_404(request.user, pk=pk))
    can_edit = document.state in services.EDITABLE_STATES
    can_change = NormativeDocument.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists()
    return render(request, "rulemaking/document_detail.html", {
        "document": document, "can_edit": can_edit and can_change,
        "can_review": can_change and document.state == DocumentState.LEGALITY_REVIEW,
        "can_deliberate": can_change and document.state == DocumentState.DELIBERATION,
        "reviews": document.reviews.select_related("reviewer"),
        "deliberations": document.deliberations.all()})


@login_required
def document_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        document = NormativeDocument.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if document.state not in services.EDITABLE_STATES:
            raise Http404
    else:
        document = NormativeDocument()
        if not services.writable_units(request.user).exists():
            raise Http404
    form = DocumentForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        document = services.save_document(actor=request.user, document=form.save(commit=False))
        messages.success(request, gettext("已保存文件“%(title)s”。") % {"title": document.title})
        return redirect(document)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("编辑行政规范性文件") if pk else gettext("新建行政规范性文件"),
        "cancel": document if pk else None})


def _record_form(request: HttpRequest, pk: int, form_class: type, save, title: str) -> HttpResponse:
    """A small form recorded on a document the user may change (review opinion, deliberation)."""
    require_writer(request.user)
    document = NormativeDocument.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect(document)
    return render(request, "fazhi/form.html", {"form": form, "title": f"{title}：{document.title}",
                                               "cancel": document})


@login_required
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, ReviewForm, services.record_review, gettext("出具合法性审核意见"))


@login_required
def deliberation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, DeliberationForm, services.record_deliberation, gettext("记录集体审议"))
