"""Chinese full-text search over the public normative documents.

Chinese has no spaces, and the database tokenizers (SQLite FTS5 unicode61, PostgreSQL's parser) take a
run of CJK characters as ONE token; a trigram index misses 2-character words such as 审核. So the text
is segmented by jieba (`cut_for_search`: words plus the dictionary words inside long words) and stored
as space-separated words in `SearchEntry.segmented`; the query is segmented the same way, each word
quoted, and the words AND-ed:

- SQLite: FTS5 table `library_fts` (external content over library_searchentry, tokenize unicode61),
  `MATCH '"合法性" AND "审核"'`;
- PostgreSQL: GIN index on to_tsvector('simple', segmented), `@@ to_tsquery('simple', '''合法性'' & ''审核''')`;
- any other database: substring matches (slow, but correct enough).

User text never enters SQL: words are reduced to letters and digits, quoted, and passed as a parameter.

Only documents the public may see are indexed (in force, ended, or open for comment); the index entry
of any other document is deleted, so a search can never find a draft under review.
"""

from __future__ import annotations

import functools
import logging
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from fazhi.library.models import SearchEntry
from fazhi.rulemaking.models import ENDED_STATES, VALID_STATES, DocumentState, NormativeDocument

# States whose documents the public may see: the library (in force and ended) and drafts open for comment.
LIBRARY_STATES: tuple[str, ...] = (*VALID_STATES, *ENDED_STATES)
PUBLIC_STATES: tuple[str, ...] = (*LIBRARY_STATES, DocumentState.PUBLIC_COMMENT)

MAX_QUERY_CHARS = 100  # a longer query is cut, never refused
MAX_TERMS = 30
# Function words jieba leaves as single characters: a query "审核和备案" should not require the "和".
FUNCTION_WORDS = frozenset("的了和与及或之等在对是并其")
SOURCE_FIELDS = ("title", "document_number", "text")

FTS_TABLE = "library_fts"
ENTRY_TABLE = "library_searchentry"

_jieba: Any = None
_jieba_lock = threading.Lock()


def _segmenter() -> Any:
    """jieba, initialised once per process (loading its dictionary takes about a second)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def _normalise(text: str) -> str:
    # NFKC: full-width letters and digits (ＡＢＣ１２３) become ASCII, as users type either.
    return unicodedata.normalize("NFKC", text or "")


def _clean(token: str) -> str:
    """A token reduced to its letters and digits, lower case: the same on both sides of the match.

    Punctuation never reaches the database, so neither tokenizer nor query syntax sees it.
    """
    return "".join(ch for ch in token if ch.isalnum()).lower()


def segment(text: str) -> list[str]:
    """The words of a text for the index (jieba search mode), punctuation dropped."""
    words = (_clean(t) for t in _segmenter().cut_for_search(_normalise(text)))
    return [w for w in words if w]


def segmented_text(document: Any) -> str:
    return _segmented("\n".join(getattr(document, name) or "" for name in SOURCE_FIELDS))


@functools.lru_cache(maxsize=256)
def _segmented(source: str) -> str:
    # Pure function of the text; a document is saved at every procedure step with its text unchanged.
    return " ".join(segment(source))


# ---- the query --------------------------------------------------------------------------------------


def _covers(word: str, parts: Iterable[str]) -> bool:
    covered = [False] * len(word)
    for part in parts:
        start = word.find(part)
        while start != -1:
            for i in range(start, start + len(part)):
                covered[i] = True
            start = word.find(part, start + 1)
    return all(covered)


def query_terms(query: str) -> list[tuple[str, list[str]]]:
    """The query as (word, parts): each word must be found, or else all its parts.

    jieba segments a short query without context and may keep together what it split in a document
    ("监督管理" vs "…市场监督管理局…" → 监督 / 管理局). A long word therefore also matches the
    dictionary words inside it (search mode), when together they cover all its characters.
    """
    query = _normalise(query)[:MAX_QUERY_CHARS]
    if not any(ch.isalnum() for ch in query):
        return []
    jieba = _segmenter()
    terms: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for token in jieba.cut(query):
        word = _clean(token)
        if not word or word in seen:
            continue
        seen.add(word)
        parts: list[str] = []
        if len(word) > 2:
            for sub in jieba.cut_for_search(word):
                sub = _clean(sub)
                if sub and sub != word and sub not in parts:
                    parts.append(sub)
            if not _covers(word, parts):
                parts = []
        terms.append((word, parts))
        if len(terms) >= MAX_TERMS:
            break
    content = [t for t in terms if t[0] not in FUNCTION_WORDS]
    return content or terms


def _fts5_expression(terms: list[tuple[str, list[str]]]) -> str:
    def quote(word: str) -> str:
        return '"' + word.replace('"', '""') + '"'  # words are alphanumeric already; quoting is the guard

    def term(word: str, parts: list[str]) -> str:
        if not parts:
            return quote(word)
        return f"({quote(word)} OR ({' AND '.join(quote(p) for p in parts)}))"

    return " AND ".join(term(w, p) for w, p in terms)


def _tsquery_expression(terms: list[tuple[str, list[str]]]) -> str:
    def quote(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    def term(word: str, parts: list[str]) -> str:
        if not parts:
            return quote(word)
        return f"({quote(word)} | ({' & '.join(quote(p) for p in parts)}))"

    return " & ".join(term(w, p) for w, p in terms)


def search(query: str, documents: QuerySet[NormativeDocument] | None = None) -> QuerySet[NormativeDocument]:
    """The documents matching a Chinese full-text query, newest published first.

    `documents` narrows the result (default: every document the public may see). An empty,
    whitespace or punctuation-only query filters nothing; a query over 100 characters is cut.
    Only indexed (public) documents can match a non-empty query.
    """
    if documents is None:
        documents = NormativeDocument.objects.filter(state__in=PUBLIC_STATES).order_by("-published_on", "-pk")
    terms = query_terms(query or "")
    if not terms:
        return documents
    vendor = connection.vendor
    if vendor == "sqlite":
        matching = RawSQL(f"SELECT document_id FROM {ENTRY_TABLE} WHERE id IN "
                          f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [_fts5_expression(terms)])
    elif vendor == "postgresql":
        matching = RawSQL(f"SELECT document_id FROM {ENTRY_TABLE} "
                          "WHERE to_tsvector('simple', segmented) @@ to_tsquery('simple', %s)",
                          [_tsquery_expression(terms)])
    else:
        q = Q()
        for word, parts in terms:
            alternative = Q(segmented__contains=word)
            if parts:
                part_q = Q()
                for part in parts:
                    part_q &= Q(segmented__contains=part)
                alternative |= part_q
            q &= alternative
        matching = SearchEntry.objects.filter(q).values("document_id")
    return documents.filter(pk__in=matching)


# ---- keeping the index in step ----------------------------------------------------------------------


def index_document(document: NormativeDocument) -> None:
    """Create, update or delete the document's entry (deleted when the public may not see it)."""
    if document.pk is None:
        return
    if document.state not in PUBLIC_STATES:
        SearchEntry.objects.filter(document_id=document.pk).delete()
        return
    segmented = segmented_text(document)
    entry = SearchEntry.objects.filter(document_id=document.pk).first()
    if entry is None:
        SearchEntry.objects.create(document_id=document.pk, segmented=segmented)
    elif entry.segmented != segmented:  # a procedure step leaves the text alone: no FTS rewrite
        entry.segmented = segmented
        entry.save(update_fields=["segmented", "updated_at"])


def reindex(*, batch_size: int = 500) -> tuple[int, int]:
    """Rebuild the index of every document, in batches. Returns (documents checked, entries indexed)."""
    checked = indexed = 0
    last_pk = 0
    while True:
        batch = list(NormativeDocument.objects.filter(pk__gt=last_pk).order_by("pk")
                     .only("pk", "state", *SOURCE_FIELDS)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        checked += len(batch)
        with transaction.atomic():
            public = [d for d in batch if d.state in PUBLIC_STATES]
            SearchEntry.objects.filter(document_id__in=[d.pk for d in batch if d.state not in PUBLIC_STATES]
                                       ).delete()
            existing = {e.document_id: e for e in SearchEntry.objects.filter(document_id__in=[d.pk for d in public])}
            now = timezone.now()
            new, changed = [], []
            for document in public:
                segmented = segmented_text(document)
                entry = existing.get(document.pk)
                if entry is None:
                    new.append(SearchEntry(document_id=document.pk, segmented=segmented))
                elif entry.segmented != segmented:
                    entry.segmented, entry.updated_at = segmented, now
                    changed.append(entry)
            # Not audited (derived data): bulk writes are fine; the FTS triggers fire per row.
            SearchEntry.objects.bulk_create(new, batch_size=batch_size)
            SearchEntry.objects.bulk_update(changed, ["segmented", "updated_at"], batch_size=batch_size)
            indexed += len(public)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # rebuild FTS5 from its content table: repairs any drift
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return checked, indexed
