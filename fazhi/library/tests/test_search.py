"""Chinese full-text search: the index follows the documents; the query finds 2-character words; never internal drafts.

Vendor-neutral: the same tests run on SQLite (FTS5) and PostgreSQL (tsvector).
"""

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.core.access import SYSTEM
from fazhi.core.audit import acting_as
from fazhi.library.models import SearchEntry
from fazhi.library.search import MAX_QUERY_CHARS, query_terms, search

from .conftest import save

pytestmark = pytest.mark.django_db

INTERNAL_STATES = ["drafting", "legality_review", "deliberation", "registered"]


def found(query, **kwargs):
    return set(search(query, **kwargs).values_list("title", flat=True))


@pytest.fixture
def docs(make_doc):
    return {
        "review": make_doc("东城区合法性审核办法", text="第一条 行政规范性文件应当经过合法性审核。"),
        "filing": make_doc("东城区文件报送规定", text="第一条 文件公布后报送备案。"),
        "market": make_doc("东城区市场主体登记规定", text="第三条 由区市场监督管理局负责登记。"),
    }


def test_two_and_three_character_words_are_found(docs):
    assert found("审核") == {"东城区合法性审核办法"}
    assert found("合法性") == {"东城区合法性审核办法"}
    assert found("合法性审核") == {"东城区合法性审核办法"}
    assert found("备案") == {"东城区文件报送规定"}
    assert found("登记") == {"东城区市场主体登记规定"}


def test_words_are_anded_and_function_words_do_not_block(docs):
    assert found("审核 备案") == set()
    assert found("合法性审核和文件") == {"东城区合法性审核办法"}


def test_a_long_query_word_matches_its_parts_split_differently_in_the_text(docs):
    # The text says 市场监督管理局 (jieba: 监督 / 管理局); the query 监督管理 is one word on its own.
    assert found("监督管理") == {"东城区市场主体登记规定"}


def test_title_and_document_number_are_indexed(make_doc):
    make_doc("东城区校园安全管理办法", text="", document_number="东教规〔2024〕7号")
    assert found("校园安全") == {"东城区校园安全管理办法"}
    assert found("东教规〔2024〕7号") == {"东城区校园安全管理办法"}
    assert found("ＡＢＣ") == set()  # full-width letters are normalised, not an error


@pytest.mark.parametrize("state", INTERNAL_STATES)
def test_internal_documents_are_never_indexed_nor_found(make_doc, state):
    doc = make_doc("东城区内部审核草案", state=state, text="第一条 合法性审核意见：不予通过。")
    assert not SearchEntry.objects.filter(document=doc).exists()
    assert found("审核") == set()
    assert found("不予通过") == set()


def test_a_document_leaving_the_public_loses_its_entry(make_doc):
    draft = make_doc("东城区草案", state="public_comment", text="征求意见稿：合法性审核")
    assert found("合法性") == {"东城区草案"}
    draft.state = "legality_review"
    save(draft)
    assert not SearchEntry.objects.filter(document=draft).exists()
    assert found("合法性") == set()


def test_ended_documents_are_indexed_and_narrowed_by_the_caller(make_doc):
    from fazhi.rulemaking.models import NormativeDocument

    make_doc("东城区旧办法", state="repealed", text="第一条 备案审查。")
    make_doc("东城区新办法", state="in_force", text="第一条 备案审查。")
    assert found("备案审查") == {"东城区旧办法", "东城区新办法"}
    in_force = NormativeDocument.objects.filter(state="in_force")
    assert found("备案审查", documents=in_force) == {"东城区新办法"}


def test_updating_the_text_updates_the_index(docs):
    doc = docs["filing"]
    doc.text = "第一条 文件实行统一登记、统一编号。"
    save(doc)
    assert found("备案") == set()
    assert found("编号") == {"东城区文件报送规定"}
    doc.title = "东城区文件编号规定"
    save(doc)
    assert found("报送") == set()


def test_a_procedure_step_without_text_change_keeps_the_entry(docs):
    doc = docs["review"]
    entry = SearchEntry.objects.get(document=doc)
    doc.state = "filed"
    save(doc)
    assert SearchEntry.objects.get(document=doc).updated_at == entry.updated_at
    assert found("审核") == {"东城区合法性审核办法"}


def test_deleting_a_document_removes_it_from_the_index(make_doc):
    doc = make_doc("东城区临时办法", text="临时措施")
    SearchEntry.objects.get(document=doc)
    with acting_as(SYSTEM):
        doc.delete()
    assert not SearchEntry.objects.exists()
    assert found("临时") == set()


@pytest.mark.parametrize("query", ["", "   ", "，。！？", "'", '"', "*", ":", "&", "|", "!", "(", ")", "NEAR",
                                   "AND", "OR", "NOT", "审核 OR 备案", '审核" OR "1', "审核' | '备案", "审核*",
                                   "segmented:审核", "a & b | !c", "(审核", "审核)", "\\", "%", "_", "--", "NEAR(审核 备案)",
                                   "\x00"])
def test_special_characters_never_error(docs, query):
    result = search(query)
    titles = set(result.values_list("title", flat=True))
    if not query_terms(query):
        assert len(titles) == 3  # nothing to search for: nothing filtered
    else:
        assert titles <= {"东城区合法性审核办法", "东城区文件报送规定"}


def test_empty_and_punctuation_queries_filter_nothing(docs):
    assert len(found("")) == 3
    assert len(found("  \n ")) == 3
    assert len(found("，、；")) == 3
    assert query_terms("") == []


def test_an_overlong_query_is_cut(docs):
    query = "审核" + "很" * 500
    assert len(query_terms(query)) >= 1
    assert sum(len(w) for w, _ in query_terms(query)) <= MAX_QUERY_CHARS
    assert found(query) == set()  # cut, searched, no error
    assert found("审核" + " " * 200 + "备案") == {"东城区合法性审核办法"}  # the tail beyond 100 is dropped


def test_reindex_command_rebuilds_the_index(docs, make_doc, capsys):
    from fazhi.rulemaking.models import NormativeDocument

    internal = make_doc("东城区内部草案", state="deliberation", text="审核")
    SearchEntry.objects.all().delete()  # lost index (e.g. documents loaded before the app was installed)
    stale = SearchEntry.objects.create(document=internal, segmented="审核")  # an entry that must not exist
    assert found("审核") == set()  # a stray entry still cannot surface an internal draft: search checks the state
    call_command("library", "reindex", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "检查文件 4 件" in out and "公开文件 3 件" in out
    assert not SearchEntry.objects.filter(pk=stale.pk).exists()
    assert SearchEntry.objects.count() == 3
    assert found("审核") == {"东城区合法性审核办法"}
    # Changed behind the index's back (QuerySet.update bypasses save): reindex catches up.
    NormativeDocument.objects.filter(pk=docs["market"].pk).update(text="第三条 征收管理。")
    call_command("library", "reindex")
    assert found("征收") == {"东城区市场主体登记规定"}
    assert found("登记") == {"东城区市场主体登记规定"}  # still in the title


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 table")
def test_sqlite_fts_table_follows_the_entries(docs):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO library_fts(library_fts, rank) VALUES ('integrity-check', 1)")
        cursor.execute("SELECT count(*) FROM library_fts WHERE library_fts MATCH '\"审核\"'")
        assert cursor.fetchone()[0] == 1


def test_the_full_text_index_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'library_fts%' AND type IN ('table', 'trigger')")
            names = {row[0] for row in cursor.fetchall()}
            assert {"library_fts", "library_fts_insert", "library_fts_update", "library_fts_delete"} <= names
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'library_searchentry_fts'")
            assert "to_tsvector" in cursor.fetchone()[0]
