"""The public library of normative documents (anonymous pages of the portal).

Reads come from selectors (public material only, by state); the one write, a comment on a draft,
goes through rulemaking.services.submit_comment.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from fazhi.library import selectors
from fazhi.library.filters import DraftFilter, DraftingBodyFilter, LibraryFilter
from fazhi.library.forms import CommentForm
from fazhi.procedures import clock
from fazhi.rulemaking import services as rulemaking_services

PAGE_SIZE = 25
LONG_FIELDS = ("text", "drafting_explanation", "legal_bases", "comment_summary", "filing_findings")


def _page(request: HttpRequest, qs) -> dict:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page": page, "query": params.urlencode()}


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    # The list shows no text: leave the long columns in the database.
    documents = selectors.library_documents().defer(*LONG_FIELDS)
    filterset = LibraryFilter(request.GET, queryset=documents)
    ctx = _page(request, filterset.qs)
    today = clock.today()
    for document in ctx["page"].object_list:
        document.public_status = selectors.public_status(document, today)
    ctx.update(filter=filterset, searched=bool((request.GET.get("q") or "").strip()))
    return render(request, "library/document_list.html", ctx)


@require_safe
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(selectors.library_documents(), pk=pk)
    earlier, later = selectors.version_chain(document)
    return render(request, "library/document_detail.html", {
        "document": document, "status": selectors.public_status(document),
        "paragraphs": selectors.paragraphs(document.text), "earlier": earlier, "later": later,
        "history": selectors.public_history(document, later)})


@require_safe
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts = selectors.open_drafts().defer(*LONG_FIELDS)
    filterset = DraftFilter(request.GET or None, queryset=drafts)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else drafts
    ctx = _page(request, qs)
    cache: dict = {}
    for draft in ctx["page"].object_list:
        draft.period = selectors.comment_period(draft, cache)
    ctx["filter"] = filterset
    return render(request, "library/draft_list.html", ctx)


@require_http_methods(["GET", "HEAD", "POST"])
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft, its published comments, and the comment form (POST submits a comment)."""
    draft = selectors.open_drafts().filter(pk=pk).first()
    if request.method == "POST":
        if draft is None:  # closed meanwhile, or never open: the same answer for every number
            return render(request, "library/comment_closed.html", {
                "message": gettext("该草案不在公开征求意见期内，不能提交意见。")}, status=400)
        form = CommentForm(request.POST)
        if form.is_valid():
            if form.is_bot:  # a honeypot hit: answer as for a person, keep nothing
                messages.success(request, gettext("意见已提交，经审核后公开"))
                return redirect("library:draft_detail", pk=pk)
            try:
                rulemaking_services.submit_comment(document_id=pk, content=form.cleaned_data["content"],
                                                   name=form.cleaned_data["name"],
                                                   contact=form.cleaned_data["contact"])
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    return render(request, "library/comment_closed.html", {"message": " ".join(exc.messages)},
                                  status=400)
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, gettext("意见已提交，经审核后公开"))
                return redirect("library:draft_detail", pk=pk)
    else:
        if draft is None:
            raise Http404
        form = CommentForm()
    return render(request, "library/draft_detail.html", {
        "draft": draft, "paragraphs": selectors.paragraphs(draft.text),
        "period": selectors.comment_period(draft), "comments": selectors.published_comments(draft),
        "form": form})


@require_safe
def body_list(request: HttpRequest) -> HttpResponse:
    filterset = DraftingBodyFilter(request.GET or None, queryset=selectors.confirmed_bodies())
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.confirmed_bodies()
    bodies = list(qs)
    groups = [(region, list(rows)) for region, rows in groupby(bodies, key=lambda b: b.region)]
    return render(request, "library/body_list.html", {"filter": filterset, "groups": groups, "count": len(bodies)})


@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    ctx = _page(request, selectors.published_campaigns())
    return render(request, "library/campaign_list.html", ctx)


@require_safe
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(selectors.published_campaigns(), pk=pk)
    return render(request, "library/campaign_detail.html", {
        "campaign": campaign, "items": selectors.campaign_items(campaign)})
