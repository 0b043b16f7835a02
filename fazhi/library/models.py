"""The search index of the public library of normative documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.access import AccessQuerySet


class SearchEntry(models.Model):
    """The words of one public normative document (title, 文号, text), segmented by jieba and joined by spaces.

    Derived data, not a record: it is rebuilt from the document at every save of the document and by
    `fazhi library reindex`, so it is not an AuditedModel (the document's own audit events already
    hold the text; repeating the segmented text would double the chain for nothing).

    Full-text search runs over `segmented`: on SQLite through the FTS5 table `library_fts` (external
    content, kept in sync by triggers), on PostgreSQL through a GIN index on
    to_tsvector('simple', segmented) — see migrations/0002_fulltext_index.py and search.py.
    """

    document = models.OneToOneField("rulemaking.NormativeDocument", verbose_name=_("文件"),
                                    on_delete=models.CASCADE, related_name="search_entry")
    segmented = models.TextField(_("分词文本"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AccessQuerySet.as_manager()
    access_anchor = "document__leading_unit"

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")

    def __str__(self) -> str:
        return f"{self.document_id}"
