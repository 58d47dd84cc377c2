"""Full-text search behind one interface, so the engine can change (OpenSearch at national scale).

Rows keep a pre-segmented `search_text` column (see `core.text.search_terms`). The engine indexes
that column:

- SQLite: an FTS5 external-content table `<table>_fts`, kept in step by triggers;
- PostgreSQL: a GIN index on `to_tsvector('simple', search_text)`.

Each query word matches as a prefix, and all words must match.
"""

from django.db import connection
from django.db.models import QuerySet

from kefu.core.text import query_terms

PG_VECTOR = "to_tsvector('simple'::regconfig, COALESCE({table}.{column}, ''))"


def _fts_statements(table: str, column: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def install_search_index(schema_editor, *, table: str, column: str = "search_text") -> None:
    """Create the engine's index over `table.column`; called from a migration."""
    if schema_editor.connection.vendor == "postgresql":
        vector = PG_VECTOR.format(table=table, column=column)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (({vector}))"
        )
    elif schema_editor.connection.vendor == "sqlite":
        for statement in _fts_statements(table, column):
            schema_editor.execute(statement)


def drop_search_index(schema_editor, *, table: str, column: str = "search_text") -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
    elif schema_editor.connection.vendor == "sqlite":
        for suffix in ("_ai", "_ad", "_au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


def _fts5_query(words: list[str]) -> str:
    return " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)


def _tsquery(words: list[str]) -> str:
    return " & ".join("'{}':*".format(w.replace("'", "''").replace("\\", "")) for w in words)


def search_filter(queryset: QuerySet, query: str, *, column: str = "search_text") -> QuerySet:
    """Rows of `queryset` whose search column matches every word of `query` (as prefixes)."""
    words = query_terms(query)
    if not words:
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        vector = PG_VECTOR.format(table=f'"{table}"', column=f'"{column}"')
        return queryset.extra(
            where=[f"{vector} @@ to_tsquery('simple'::regconfig, %s)"], params=[_tsquery(words)]
        )
    return queryset.extra(
        where=[f'"{table}"."id" IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)'],
        params=[_fts5_query(words)],
    )
