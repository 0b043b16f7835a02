"""Keeps the search index in step with the documents (the work itself is in search.py)."""

from typing import Any

from fazhi.library import search


def document_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Runs inside the save's transaction: the document and its index entry commit or roll back together.
    search.index_document(instance)
