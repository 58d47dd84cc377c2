"""Full-text search behind one interface, so the engine can change (OpenSearch at national scale).

Rows keep a pre-segmented `search_text` column (see `core.text.search_terms`). The engine indexes
that column:

- SQLite: an FTS5 external-content table `<table>_fts`, kept in step by triggers;
- PostgreSQL: a stored generated column `search_vector` with a GIN index. Stored, so that rows
  read from the table (a bitmap recheck, a filter while walking another index) are matched
  without segmenting their text again. Besides the words it may hold *facets*: one token
  `~<column>=<value>` per named column (say the org unit), so that one index scan finds the
  matches a user may see instead of every match (see `search_filter(within=...)`).

The vector also holds every prefix of the Han characters each word starts with (see
VECTOR_FUNCTION), so a Han query word is looked up exactly, several times faster than a prefix.

Each query word matches as a prefix, and all words must match. On PostgreSQL the index looks up
the words worth it and the others are tested on the rows it finds (`split_words`). A queryset
filtered here is recognisable (`is_search`), so paging can count and order it in one pass
(see `core.paging`).
"""

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.where import AND, ExtraWhere

from kefu.core.text import query_terms

VECTOR_COLUMN = "search_vector"
HAN_WORD = re.compile(r"[\u3400-\u9fff]+")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # a word without one ("_") is no lexeme: ignored
# Which words the PostgreSQL index looks up (the others are tested on the rows it finds). A Han
# word is an exact look-up (see VECTOR_FUNCTION): the index intersects those cheaply however
# common they are, skipping through their rows. Any other word is a prefix look-up, which first
# collects every row holding the prefix: a common one costs tens of milliseconds while hardly
# narrowing the other words' matches.
CHEAP_ROWS = 20_000  # a prefix in fewer rows than this costs the index little: always looked up
BROAD_ROWS = 40_000  # while more candidates than this remain, the next rarest is looked up
STATS_SECONDS = 600


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


# The words of a row, and every proper prefix of the run of Han characters each word starts
# with (张 and 张伟 for 张伟明): a query word of Han characters then matches as a prefix by an
# exact look-up, which the GIN index answers several times faster than a prefix look-up.
VECTOR_FUNCTION = r"""
CREATE OR REPLACE FUNCTION kefu_search_vector(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT words || array_to_tsvector(ARRAY(
    SELECT DISTINCT left(han, n)
    FROM unnest(tsvector_to_array(words)) AS lexeme,
         substring(lexeme FROM E'^[\\u3400-\\u9fff]+') AS han,
         generate_series(1, length(han)) AS n
    WHERE left(han, n) <> lexeme))
  FROM to_tsvector('simple'::regconfig, COALESCE(body, '')) AS words
$$
"""


def _pg_vector(column: str, facets: tuple[str, ...]) -> str:
    vector = f"kefu_search_vector({column})"
    if facets:
        # a NULL column gives no token; '~' never starts a word of the text or of a query
        tokens = ", ".join(f"'~{name}=' || {name}::text" for name in facets)
        vector += f" || array_to_tsvector(array_remove(ARRAY[{tokens}], NULL))"
    return vector


def _pg_statements(table: str, column: str, facets: tuple[str, ...]) -> list[str]:
    return [
        VECTOR_FUNCTION,
        # PostgreSQL 15 cannot change a generated column's expression: make it anew (and
        # after changing VECTOR_FUNCTION, which the stored values do not follow by themselves)
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}",
        f"ALTER TABLE {table} ADD COLUMN {VECTOR_COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({_pg_vector(column, facets)}) STORED",
        f"CREATE INDEX {table}_search_vector ON {table} USING gin ({VECTOR_COLUMN})",
        # the first layout indexed the expression; the column's index replaces it
        f"DROP INDEX IF EXISTS {table}_search_gin",
    ]


def install_search_index(
    schema_editor, *, table: str, column: str = "search_text", facets: Iterable[str] = ()
) -> None:
    """(Re)create the engine's index over `table.column`; called from migrations.

    `facets`: columns whose values the PostgreSQL index holds beside the words (see the module
    docstring). On PostgreSQL this rewrites the table.
    """
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _pg_statements(table, column, tuple(facets))
    elif vendor == "sqlite":
        statements = _fts_statements(table, column)
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement)


def settle_after_install(schema_editor, *, table: str) -> None:
    """After `install_search_index` rewrote a filled table (PostgreSQL): VACUUM (ANALYZE) it.

    A rewrite leaves the visibility map empty, so every index-only scan would read the table
    again, and the statistics without the new column. VACUUM runs outside a transaction: call
    this from a non-atomic migration, in an operation of its own.
    """
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"VACUUM (ANALYZE) {table}")


def drop_search_index(schema_editor, *, table: str, column: str = "search_text") -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}")
    elif schema_editor.connection.vendor == "sqlite":
        for suffix in ("_ai", "_ad", "_au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


def _fts5_query(words: list[str]) -> str:
    return " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)


def _lexeme(text: str) -> str:
    return "'{}'".format(text.replace("\\", "").replace("'", "''"))


def _tsquery(words: list[str]) -> str:
    """Every word as a prefix: written exact for Han words, whose prefixes the vector holds."""
    return " & ".join(_lexeme(w) if HAN_WORD.fullmatch(w) else f"{_lexeme(w)}:*" for w in words)


def _facet_tsquery(within: list[dict[str, Iterable]]) -> str | None:
    """Each group: rows whose facets hold one of its values; all groups must hold. None when a
    group holds nothing (no row can match)."""
    groups = []
    for group in within:
        tokens = [_lexeme(f"~{name}={value}") for name, values in group.items() for value in values]
        if not tokens:
            return None
        groups.append("(" + " | ".join(tokens) + ")")
    return " & ".join(groups)


@dataclass(frozen=True)
class WordStats:
    """How common words are in a table's search column: PostgreSQL's statistics of the column
    (its most common lexemes and their frequencies) and the table's row count."""

    rows: float
    freqs: dict[str, float]
    floor: float  # lexemes rarer than this are not listed

    def rows_with(self, word: str) -> float:
        """Estimated rows holding a lexeme that starts with `word`."""
        share = sum(freq for lexeme, freq in self.freqs.items() if lexeme.startswith(word))
        return self.rows * min(1.0, share or self.floor)


_word_stats_cache: dict[tuple[str, str], tuple[float, WordStats | None]] = {}


def word_stats(connection, table: str) -> WordStats | None:
    """The table's `WordStats` (kept a few minutes per process); None before an ANALYZE."""
    key = (connection.alias, table)
    now = time.monotonic()
    cached = _word_stats_cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs "
            "FROM pg_class c JOIN pg_stats s ON s.schemaname = current_schema() "
            "AND s.tablename = c.relname AND s.attname = %s WHERE c.oid = to_regclass(%s)",
            [VECTOR_COLUMN, table],
        )
        row = cursor.fetchone()
    stats = None
    if row is not None and row[0] > 0 and row[1]:
        # the frequencies list the lexemes' own, then their minimum, maximum (and more)
        lexemes, freqs = row[1], row[2]
        known = dict(zip(lexemes, freqs[: len(lexemes)], strict=True))
        stats = WordStats(rows=row[0], freqs=known, floor=freqs[len(lexemes)])
    _word_stats_cache[key] = (now + STATS_SECONDS, stats)
    return stats


def split_words(words: list[str], stats: WordStats | None) -> tuple[list[str], list[str]]:
    """(words the index looks up, words tested on the rows it finds), each in query order.

    Han words are always looked up. Of the other words, the rarest is looked up when there is
    no Han word; so is every cheap one, and the next rarest while the estimated candidates stay
    many. Without statistics every word is looked up.
    """
    if stats is None or len(words) < 2:
        return words, []
    ignored = {w for w in words if not LETTER_OR_DIGIT.search(w)}
    han = {w for w in words if HAN_WORD.fullmatch(w)}
    looked_up = han | ignored
    candidates = min((stats.rows_with(w) for w in han), default=None)
    for word in sorted((w for w in words if w not in looked_up), key=stats.rows_with):
        rows = stats.rows_with(word)
        if candidates is None or rows <= CHEAP_ROWS or candidates > BROAD_ROWS:
            looked_up.add(word)
            candidates = rows if candidates is None else candidates * rows / stats.rows
    return [w for w in words if w in looked_up], [w for w in words if w not in looked_up]


class SearchWhere(ExtraWhere):
    """The full-text condition of `search_filter`: plain SQL, recognisable by its type.

    `row_sql` and `row_params`: the same test of the words, written so that no index serves it
    (PostgreSQL), for a query that walks another index and tests each row it meets.
    """

    def __init__(self, sqls, params, row_sql=None, row_params=None):
        super().__init__(sqls, params)
        self.row_sql = row_sql
        self.row_params = row_params


def _pg_condition(queryset: QuerySet, words: list[str], within) -> SearchWhere | None:
    table = queryset.model._meta.db_table
    vector = f'"{table}"."{VECTOR_COLUMN}"'
    query = "to_tsquery('simple'::regconfig, %s)"
    looked_up, tested = split_words(words, word_stats(connections[queryset.db], table))
    # Each query the index answers is a subquery, so PostgreSQL plans with its default estimate
    # (a small share of the rows) rather than from the words' statistics: the facets repeat the
    # queryset's own scope, which it cannot know, and trusting the statistics it would add the
    # scope's indexes to the scan, a bitmap of hundreds of thousands of rows (tens of ms) to
    # narrow what the facets have narrowed already.
    sqls, params = [f"{vector} @@ (SELECT {query})"], [_tsquery(looked_up)]
    if within:
        facets = _facet_tsquery(within)
        if facets is None:
            return None
        # facet tokens are taken as written (a cast), not segmented like words
        sqls.append(f"{vector} @@ (SELECT %s::tsquery)")
        params.append(facets)
    if tested:
        # a function, not the operator: no index serves it, so it is tested on each row found
        sqls.append(f"ts_match_vq({vector}, {query})")
        params.append(_tsquery(tested))
    row_sql = f"ts_match_vq({vector}, {query})"
    return SearchWhere(sqls, params, row_sql, [_tsquery(words)])


def search_filter(
    queryset: QuerySet, query: str, *, within: list[dict[str, Iterable]] | None = None
) -> QuerySet:
    """Rows of `queryset` whose search column matches every word of `query` (as prefixes).

    `within` lets the PostgreSQL index skip rows that `queryset` excludes anyway: a list of
    groups `{facet column: values}`; a row is within a group when one of its facets has one of
    the values, and within `within` when it is within every group. It must never exclude a row
    that `queryset` keeps; it is ignored where the index has no facets (SQLite).
    """
    words = query_terms(query)
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        condition = _pg_condition(queryset, words, within)
        if condition is None:
            return queryset.none()
    else:
        table = queryset.model._meta.db_table
        sql = f'"{table}"."id" IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)'
        condition = SearchWhere([sql], [_fts5_query(words)])
    queryset = queryset.all()
    queryset.query.where.add(condition, AND)
    return queryset


def is_search(queryset: QuerySet) -> bool:
    """True when `queryset` is filtered by `search_filter` (and by nothing it is OR-ed with)."""
    where = queryset.query.where
    if queryset.query.combinator or where.connector != AND or where.negated:
        return False
    return any(isinstance(node, SearchWhere) for node in where.children)


def search_tested_per_row(queryset: QuerySet) -> QuerySet:
    """`queryset` with its full-text condition tested on each row instead of found by the index.

    For a page of a list with many matches, walking the list's own order (the primary key) and
    testing rows finds a page sooner than collecting every match first; PostgreSQL, which plans
    searches without knowing how many rows match (see `_pg_condition`), would not choose the
    walk by itself. Also for reading a few rows by their keys.
    """
    nodes = queryset.query.where.children
    if not any(isinstance(node, SearchWhere) and node.row_sql for node in nodes):
        return queryset
    queryset = queryset.all()
    queryset.query.where.children = [
        SearchWhere([node.row_sql], node.row_params)
        if isinstance(node, SearchWhere) and node.row_sql
        else node
        for node in nodes
    ]
    return queryset
