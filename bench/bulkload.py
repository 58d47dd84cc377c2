"""Bulk loading into PostgreSQL: COPY, secondary indexes set aside and rebuilt, sequences, VACUUM.

A big load runs in ONE transaction: the secondary indexes are dropped, the rows COPYed, the indexes
re-created from their saved definitions and the whole committed together. Building an index once
is several times cheaper than maintaining it row by row; and an interrupted load rolls back
whole, so the database is never left without its indexes.
"""

from contextlib import contextmanager

from psycopg import sql

# Indexes that back a primary key or a unique constraint stay (dropping them drops the constraint).
_SECONDARY_INDEXES = """
    SELECT c.relname, pg_get_indexdef(i.indexrelid)
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = %s::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                        WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
     ORDER BY c.relname
"""


def copy_rows(cursor, table: str, columns: tuple[str, ...], rows: list) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _set_aside(cursor, tables: tuple[str, ...]) -> list[str]:
    """Drop the secondary indexes of `tables`; return the statements that re-create them."""
    definitions = []
    for table in tables:
        for name, definition in cursor.execute(_SECONDARY_INDEXES, [table]).fetchall():
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
            definitions.append(definition)
    return definitions


@contextmanager
def bulk_load(tables: tuple[str, ...], *, rebuild_indexes: bool):
    """A raw psycopg cursor in one transaction, tuned for loading `tables`.

    With `rebuild_indexes`, their secondary indexes are dropped first and rebuilt at the end.
    As a superuser, foreign-key triggers are skipped (the caller writes consistent rows).
    """
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        superuser = cursor.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        if superuser:
            cursor.execute("SET LOCAL session_replication_role = replica")
        definitions = _set_aside(cursor, tables) if rebuild_indexes else []
        yield cursor
        for definition in definitions:
            cursor.execute(definition)


def finish(tables: tuple[str, ...]) -> None:
    """Move each id sequence past the rows written, then VACUUM ANALYZE: fresh statistics and a
    visibility map (index-only scans), as autovacuum would leave them some time after a load."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
