"""Reads for the public library. The public sees a document by its state, not by who asks.

These pages are anonymous, so the access layer (visible_to) does not apply: what the public may see
is decided here, in one place, by state — as `rulemaking.services.open_for_comment()` does for drafts.
Never shown: documents before publication (other than drafts open for comment), legality-review
opinions, deliberations, filing findings, evaluations, pending or withheld comments, commenters'
contacts, attachments, cleanup campaigns whose results are not published.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.calendar import service as calendar
from fazhi.library.search import LIBRARY_STATES, PUBLIC_STATES
from fazhi.procedures import clock
from fazhi.rulemaking import rules
from fazhi.rulemaking.models import (
    VALID_STATES,
    CampaignState,
    CleanupCampaign,
    CleanupItem,
    CommentStatus,
    DocumentState,
    DraftingBody,
    FilingConclusion,
    NormativeDocument,
    PublicComment,
)
from fazhi.rulemaking.services import open_for_comment

CHAIN_DEPTH = 20  # amendments of amendments: more than enough, and a cycle cannot loop forever


class Status:
    """The public status filter of the library (现行有效 by default)."""

    CURRENT = "current"
    AMENDED = "amended"
    REPEALED = "repealed"
    LAPSED = "lapsed"
    ALL = "all"
    CHOICES = [(CURRENT, _("现行有效")), (AMENDED, _("已修改")), (REPEALED, _("已废止")), (LAPSED, _("已失效")),
               (ALL, _("全部"))]
    STATES: dict[str, tuple[str, ...]] = {
        CURRENT: tuple(VALID_STATES),
        AMENDED: (DocumentState.AMENDED,),
        REPEALED: (DocumentState.REPEALED,),
        LAPSED: (DocumentState.LAPSED,),
        ALL: LIBRARY_STATES,
    }


# The state a document shows the public: filing and its review are internal steps of a valid document.
_PUBLIC_LABELS = {DocumentState.AMENDED: _("已修改"), DocumentState.REPEALED: _("已废止"),
                  DocumentState.LAPSED: _("已失效"), DocumentState.PUBLIC_COMMENT: _("公开征求意见")}


def public_status(document: NormativeDocument, today: datetime.date | None = None) -> str:
    if document.state in VALID_STATES:
        today = today or clock.today()
        if document.effective_on and document.effective_on > today:
            return gettext("现行有效（尚未施行）")
        return gettext("现行有效")
    return str(_PUBLIC_LABELS.get(document.state, ""))


def library_documents() -> QuerySet[NormativeDocument]:
    """Published documents, valid or ended, newest published first."""
    return (NormativeDocument.objects.filter(state__in=LIBRARY_STATES)
            .select_related("drafting_body__unit").order_by("-published_on", "-pk"))


def library_issuers() -> QuerySet[DraftingBody]:
    """Drafting bodies with at least one document in the library (the issuer filter)."""
    return (DraftingBody.objects.filter(pk__in=NormativeDocument.objects.filter(state__in=LIBRARY_STATES)
                                        .values("drafting_body_id"))
            .select_related("unit").order_by("region_id", "unit__name"))


def library_years() -> list[int]:
    dates = (NormativeDocument.objects.filter(state__in=LIBRARY_STATES, published_on__isnull=False)
             .dates("published_on", "year", order="DESC"))
    return [d.year for d in dates]


def is_public(document: NormativeDocument) -> bool:
    return document.state in PUBLIC_STATES


def public_url(document: NormativeDocument) -> str:
    """Where the public reads a document: its library page, its draft page, or nowhere ("")."""
    if document.state in LIBRARY_STATES:
        return reverse("library:document_detail", args=[document.pk])
    if document.state == DocumentState.PUBLIC_COMMENT:
        return reverse("library:draft_detail", args=[document.pk])
    return ""


# ---- the text --------------------------------------------------------------------------------------

_NUMERAL = "[一二三四五六七八九十百千零〇两0-9０-９]+"
_ARTICLE_RE = re.compile(rf"^(第{_NUMERAL}条)\s*(.*)$", re.S)
_HEADING_RE = re.compile(rf"^第{_NUMERAL}[编章节]\s*\S.*$|^附\s*则$")


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "heading" (第X章), "article" (第X条 …), "text"
    text: str
    head: str = ""


def paragraphs(text: str) -> list[Paragraph]:
    """The text as paragraphs (one per line), chapter headings and article numbers marked."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        article = _ARTICLE_RE.match(line)
        if article:
            out.append(Paragraph("article", article.group(2), article.group(1)))
        elif _HEADING_RE.match(line) and len(line) <= 40:
            out.append(Paragraph("heading", line))
        else:
            out.append(Paragraph("text", line))
    return out


# ---- versions and history --------------------------------------------------------------------------


def version_chain(document: NormativeDocument) -> tuple[list[NormativeDocument], list[NormativeDocument]]:
    """(earlier, later): the documents this one amends, oldest first, and those amending it, in order.

    Only public documents; the walk stops at a document the public may not see.
    """
    earlier: list[NormativeDocument] = []
    seen = {document.pk}
    current = document
    while current.amends_id and current.amends_id not in seen and len(earlier) < CHAIN_DEPTH:
        previous = (NormativeDocument.objects.filter(pk=current.amends_id, state__in=LIBRARY_STATES)
                    .select_related("drafting_body__unit").first())
        if previous is None:
            break
        seen.add(previous.pk)
        earlier.insert(0, previous)
        current = previous
    later: list[NormativeDocument] = []
    frontier = [document.pk]
    while frontier and len(later) < CHAIN_DEPTH:
        found = [d for d in NormativeDocument.objects.filter(amends_id__in=frontier, state__in=PUBLIC_STATES)
                 .select_related("drafting_body__unit").order_by("published_on", "pk") if d.pk not in seen]
        seen.update(d.pk for d in found)
        later.extend(found)
        frontier = [d.pk for d in found]
    for d in earlier + later:
        d.public_url = public_url(d)
        d.public_status = public_status(d)
    return earlier, later[:CHAIN_DEPTH]


@dataclass
class Event:
    on: datetime.date | None
    label: str
    detail: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)


def public_history(document: NormativeDocument, later: list[NormativeDocument] | None = None) -> list[Event]:
    """What happened to the document that the rules make public, in date order."""
    events: list[Event] = []
    if document.comment_opened_on:
        events.append(Event(document.comment_opened_on, gettext("公开征求意见")))
    if document.published_on:
        events.append(Event(document.published_on, gettext("公布")))
    if document.effective_on:
        events.append(Event(document.effective_on, gettext("施行")))
    if document.filed_on:
        events.append(Event(document.filed_on, gettext("报送备案")))
    if document.filing_conclusion == FilingConclusion.CONFORMING and document.filing_reviewed_on:
        # Only the conforming conclusion: findings and corrections are the filing organ's internal work.
        events.append(Event(document.filing_reviewed_on, gettext("备案审查：符合")))
    if document.state == DocumentState.AMENDED and document.ended_on:
        amending = [d for d in (later or []) if d.amends_id == document.pk and d.state in LIBRARY_STATES]
        events.append(Event(document.ended_on, gettext("被修改"), links=[(d.title, d.public_url) for d in amending]))
    elif document.state == DocumentState.REPEALED and document.ended_on:
        events.append(Event(document.ended_on, gettext("废止")))
    elif document.state == DocumentState.LAPSED and document.ended_on:
        events.append(Event(document.ended_on, gettext("失效")))
    items = (CleanupItem.objects.filter(document=document, campaign__state=CampaignState.PUBLISHED)
             .exclude(decision="").select_related("campaign").order_by("campaign__published_on", "pk"))
    for item in items:
        detail = item.get_decision_display() + (f"：{item.reason}" if item.reason else "")
        events.append(Event(item.campaign.published_on, gettext("文件清理结果公布"), detail,
                            [(item.campaign.title, reverse("library:campaign_detail", args=[item.campaign_id]))]))
    events.sort(key=lambda e: (e.on or datetime.date.max))
    return events


# ---- drafts open for comment -----------------------------------------------------------------------


def open_drafts() -> QuerySet[NormativeDocument]:
    return (open_for_comment().select_related("drafting_body__unit", "leading_unit")
            .annotate(published_comments=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED)))
            .order_by("-comment_opened_on", "-pk"))


@dataclass(frozen=True)
class CommentPeriod:
    opened_on: datetime.date | None
    limit: str  # "7个工作日"
    basis: str
    earliest_close: datetime.date | None  # None: not computable (no holiday data for that year)


def comment_period(document: NormativeDocument, cache: dict | None = None) -> CommentPeriod:
    """The minimum comment period that applies to the draft (by its region's rules) and its earliest end.

    `cache` (per page) holds the resolved limit per (limit, region): one lookup per region, not per row.
    """
    limit = rules.comment_limit(document)
    key = (limit.key, document.leading_unit.region_id)
    if cache is not None and key in cache:
        resolved = cache[key]
    else:
        resolved = rules.resolved(document, limit)
        if cache is not None:
            cache[key] = resolved
    earliest = None
    if document.comment_opened_on:
        try:
            earliest = calendar.nominal_end(document.comment_opened_on, resolved.n, resolved.unit)
        except calendar.NoHolidayData:
            earliest = None
    return CommentPeriod(document.comment_opened_on, resolved.label(), resolved.basis, earliest)


def published_comments(document: NormativeDocument) -> QuerySet[PublicComment]:
    """Comments the drafting unit published. Callers show name, date, content, adoption, response — never contact."""
    return (PublicComment.objects.filter(document=document, status=CommentStatus.PUBLISHED)
            .only("pk", "document_id", "name", "content", "submitted_at", "adoption", "response")
            .order_by("submitted_at", "pk"))


# ---- drafting bodies and cleanup campaigns ---------------------------------------------------------


def confirmed_bodies() -> QuerySet[DraftingBody]:
    """The published list of drafting bodies: confirmed, with the date and document of confirmation.

    A row marked confirmed without them fails DraftingBody.clean(), so it is not a published confirmation.
    """
    return (DraftingBody.objects.filter(confirmed=True, confirmed_on__isnull=False).exclude(basis_document="")
            .select_related("unit", "region").order_by("region_id", "unit__name"))


def published_campaigns() -> QuerySet[CleanupCampaign]:
    return (CleanupCampaign.objects.filter(state=CampaignState.PUBLISHED).select_related("unit")
            .annotate(item_count=Count("items")).order_by("-published_on", "-pk"))


def campaign_items(campaign: CleanupCampaign) -> list[CleanupItem]:
    items = list(campaign.items.select_related("document__drafting_body__unit")
                 .order_by("document__published_on", "pk"))
    for item in items:
        item.public_url = public_url(item.document)
    return items
