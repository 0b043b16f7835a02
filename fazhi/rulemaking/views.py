from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from fazhi.core import listing
from fazhi.core.access import CHANGE, require_writer
from fazhi.core.listing import Column
from fazhi.rulemaking import rules, services
from fazhi.rulemaking.docx_text import split_articles
from fazhi.rulemaking.filters import CampaignFilter, DocumentFilter, DraftingBodyFilter
from fazhi.rulemaking.forms import (
    CampaignForm,
    DecisionForm,
    DeliberationForm,
    DocumentForm,
    DraftingBodyForm,
    EvaluationForm,
    ModerationForm,
    PublishCampaignForm,
    ReviewForm,
    SelectionForm,
)
from fazhi.rulemaking.models import (
    VALID_STATES,
    CampaignState,
    CleanupCampaign,
    CleanupItem,
    DocumentState,
    DraftingBody,
    NormativeDocument,
    PublicComment,
)

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


def _bound(filter_class: type, user: Any) -> type:
    """The filter class bound to the request's user (listing.build passes only data and queryset)."""

    def init(self, *args, **kwargs):
        filter_class.__init__(self, *args, user=user, **kwargs)

    return type(filter_class.__name__ + "ForUser", (filter_class,), {"__init__": init})


@login_required
@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    qs = NormativeDocument.objects.visible_to(request.user).select_related("drafting_body__unit")
    ctx = listing.build(request, qs, _bound(DocumentFilter, request.user), DOCUMENT_COLUMNS, "-created_at")
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
    fair_items = {key: f"{article}：{text}" for key, article, text in rules.FAIR_COMPETITION_ITEMS}
    reviews = list(document.reviews.select_related("reviewer"))
    for review in reviews:
        review.findings_labels = [fair_items.get(k, k) for k in review.fair_competition_findings]
    return render(request, "rulemaking/document_detail.html", {
        "document": document, "can_edit": can_edit and can_change, "can_change": can_change,
        "can_review": can_change and document.state == DocumentState.LEGALITY_REVIEW,
        "can_deliberate": can_change and document.state == DocumentState.DELIBERATION,
        "can_evaluate": can_change and document.state in VALID_STATES,
        "reviews": reviews, "deliberations": document.deliberations.all(),
        "comments": document.comments.all(), "evaluations": document.evaluations.all(),
        "cleanups": document.cleanup_items.select_related("campaign"),
        "articles": split_articles(document.text.splitlines()),
        "amendments": document.amendments.all()})


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
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.save_document(actor=request.user, document=form.save(commit=False))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
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
            _errors_to_form(form, exc)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect(document)
    return render(request, "fazhi/form.html", {"form": form, "title": f"{title}：{document.title}",
                                               "cancel": document})


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError shown next to the fields it names (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, ReviewForm, services.record_review, gettext("出具合法性审核意见"))


@login_required
def deliberation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, DeliberationForm, services.record_deliberation, gettext("记录集体审议"))


@login_required
def evaluation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form(request, pk, EvaluationForm, services.record_evaluation, gettext("记录到期前评估"))


@login_required
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    comment = PublicComment.objects.select_related("document").get_visible_or_404(request.user, CHANGE, pk=pk)
    initial = {"status": comment.status, "moderation_note": comment.moderation_note, "adoption": comment.adoption,
               "response": comment.response}
    form = ModerationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate_comment(actor=request.user, comment=comment, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect(comment.document)
    return render(request, "rulemaking/comment_moderate.html", {"form": form, "comment": comment})


# ---- drafting bodies ---------------------------------------------------------------------------

BODY_COLUMNS = [
    Column(_("制定主体"), lambda b: b.unit.name, "unit__name"),
    Column(_("所属区划"), lambda b: b.region.name, "region_id"),
    Column(_("已确认"), lambda b: b.confirmed, "confirmed"),
    Column(_("确认日期"), lambda b: b.confirmed_on, "confirmed_on"),
    Column(_("确认依据文件"), lambda b: b.basis_document),
]


@login_required
@require_safe
def body_list(request: HttpRequest) -> HttpResponse:
    qs = DraftingBody.objects.visible_to(request.user).select_related("unit", "region")
    ctx = listing.build(request, qs, _bound(DraftingBodyFilter, request.user), BODY_COLUMNS, "region_id")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], BODY_COLUMNS, gettext("制定主体"))
    ctx.update(title=gettext("行政规范性文件制定主体"), create_url="rulemaking:body_create",
               can_create=services.can_manage_bodies(request.user))
    return render(request, "fazhi/list.html", ctx)


@login_required
def body_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        body = DraftingBody.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    else:
        if not services.can_manage_bodies(request.user):
            raise Http404
        body = DraftingBody()
    form = DraftingBodyForm(request.POST or None, instance=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_drafting_body(actor=request.user, body=form.save(commit=False))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect("rulemaking:body_list")
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("编辑制定主体") if pk else gettext("确认制定主体")})


# ---- cleanup campaigns -------------------------------------------------------------------------

CAMPAIGN_COLUMNS = [
    Column(_("清理名称"), lambda c: c.title, "title"),
    Column(_("组织单位"), lambda c: c.unit.name, "unit__name"),
    Column(_("开始日期"), lambda c: c.started_on, "started_on"),
    Column(_("状态"), lambda c: c.get_state_display(), "state"),
    Column(_("结果公布日期"), lambda c: c.published_on, "published_on"),
]


@login_required
@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    qs = CleanupCampaign.objects.visible_to(request.user).select_related("unit")
    ctx = listing.build(request, qs, CampaignFilter, CAMPAIGN_COLUMNS, "-started_on")
    if request.GET.get("export") == "xlsx":
        return listing.export_xlsx(ctx["filtered_queryset"], CAMPAIGN_COLUMNS, gettext("文件清理"))
    ctx.update(title=gettext("行政规范性文件清理"), create_url="rulemaking:campaign_create",
               can_create=services.can_manage_campaigns(request.user))
    return render(request, "fazhi/list.html", ctx)


@login_required
def campaign_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request.user)
    if pk:
        campaign = CleanupCampaign.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
        if campaign.state != CampaignState.OPEN:
            raise Http404
    else:
        if not services.can_manage_campaigns(request.user):
            raise Http404
        campaign = CleanupCampaign()
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.save_campaign(actor=request.user, campaign=form.save(commit=False))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect(campaign)
    return render(request, "fazhi/form.html", {
        "form": form, "title": gettext("编辑文件清理") if pk else gettext("新建文件清理"),
        "cancel": campaign if pk else None})


@login_required
@require_safe
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = CleanupCampaign.objects.select_related("unit").get_visible_or_404(request.user, pk=pk)
    can_change = (campaign.state == CampaignState.OPEN
                  and CleanupCampaign.objects.visible_to(request.user, CHANGE).filter(pk=pk).exists())
    items = campaign.items.select_related("document__drafting_body__unit")
    return render(request, "rulemaking/campaign_detail.html", {
        "campaign": campaign, "items": items, "can_change": can_change,
        "selection": SelectionForm(user=request.user), "publish": PublishCampaignForm(),
        "decisions": DecisionForm.base_fields["decision"].choices,
        "decided": sum(1 for i in items if i.decision), "total": len(items)})


@login_required
@require_POST
def campaign_select(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    campaign = CleanupCampaign.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = SelectionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(campaign)
    data = form.cleaned_data
    documents = services.cleanup_candidates(
        actor=request.user, issuers=[b.unit_id for b in data["issuers"]], published_from=data["published_from"],
        published_to=data["published_to"], topic=data["topic"])
    try:
        added = services.add_to_campaign(actor=request.user, campaign=campaign, documents=documents)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("已加入%(n)d件文件。") % {"n": added})
    return redirect(campaign)


@login_required
@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    item = CleanupItem.objects.select_related("campaign").get_visible_or_404(request.user, CHANGE, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.decide(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, gettext("“%(doc)s”：%(why)s") % {"doc": item.document, "why": "；".join(exc.messages)})
        else:
            messages.success(request, gettext("已保存“%(doc)s”的清理结果。") % {"doc": item.document})
    return redirect(item.campaign)


@login_required
@require_POST
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request.user)
    campaign = CleanupCampaign.objects.get_visible_or_404(request.user, CHANGE, pk=pk)
    form = PublishCampaignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(campaign)
    try:
        services.publish_campaign(actor=request.user, campaign=campaign, published_on=form.cleaned_data["published_on"])
    except ValidationError as exc:
        messages.error(request, gettext("不能公布清理结果：%(why)s") % {"why": "；".join(exc.messages)})
    else:
        messages.success(request, gettext("清理结果已公布。"))
    return redirect(campaign)
