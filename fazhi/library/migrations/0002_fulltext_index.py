"""Full-text index over SearchEntry.segmented (space-separated jieba words), per database vendor.

SQLite: an FTS5 table with external content (library_searchentry) and the three triggers that keep it in
sync. A later migration that makes Django rebuild library_searchentry on SQLite (most AlterField) drops
the triggers with the old table: recreate them there and run `fazhi library reindex`.
PostgreSQL: a GIN index on to_tsvector('simple', segmented), the exact expression search.py queries.
Documents saved before this app was installed are indexed by `fazhi library reindex`.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE library_fts USING fts5("
    "segmented, content='library_searchentry', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER library_fts_insert AFTER INSERT ON library_searchentry BEGIN "
    "INSERT INTO library_fts(rowid, segmented) VALUES (new.id, new.segmented); END",
    "CREATE TRIGGER library_fts_delete AFTER DELETE ON library_searchentry BEGIN "
    "INSERT INTO library_fts(library_fts, rowid, segmented) VALUES ('delete', old.id, old.segmented); END",
    "CREATE TRIGGER library_fts_update AFTER UPDATE ON library_searchentry BEGIN "
    "INSERT INTO library_fts(library_fts, rowid, segmented) VALUES ('delete', old.id, old.segmented); "
    "INSERT INTO library_fts(rowid, segmented) VALUES (new.id, new.segmented); END",
    "INSERT INTO library_fts(library_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS library_fts_update",
    "DROP TRIGGER IF EXISTS library_fts_delete",
    "DROP TRIGGER IF EXISTS library_fts_insert",
    "DROP TABLE IF EXISTS library_fts",
]
POSTGRESQL_FORWARD = [
    "CREATE INDEX library_searchentry_fts ON library_searchentry USING GIN (to_tsvector('simple', segmented))",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS library_searchentry_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
