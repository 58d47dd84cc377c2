"""The database part of a backup: dump, restore, row counts and migrations, for either vendor."""

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from kefu.core.backup.postgres import postgres_dump, postgres_restore, postgres_snapshot
from kefu.core.backup.sqlite import sqlite_dump, sqlite_restore
from kefu.core.errors import ApplicationError

DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    "postgresql": (
        "SELECT tablename FROM pg_tables WHERE schemaname = ANY (current_schemas(false))"
    ),
}


@dataclass
class Dump:
    """A database dump on disk, with what it holds."""

    path: Path
    vendor: str
    tables: dict[str, int]
    migrations: list[list[str]]


def vendor_check(vendor: str) -> None:
    if vendor not in DUMP_NAMES:
        raise ApplicationError(
            "backup.vendor_unsupported",
            _("Backups support SQLite and PostgreSQL, not {vendor}."),
            vendor=vendor,
        )


def table_names(cursor, vendor: str) -> list[str]:
    cursor.execute(TABLES_SQL[vendor])
    return sorted(row[0] for row in cursor.fetchall())


def row_counts(cursor, vendor: str) -> dict[str, int]:
    """Rows of every table; works on any DB-API cursor (sqlite3, psycopg, Django)."""
    counts = {}
    for table in table_names(cursor, vendor):
        quoted = '"{}"'.format(table.replace('"', '""'))
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # the name is quoted above
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return [[app, name] for app, name in cursor.fetchall()]


def database_dump(*, workdir: Path) -> Dump:
    """Dump the configured database into `workdir`, with its row counts and migrations."""
    vendor = connection.vendor
    vendor_check(vendor)
    target = workdir / DUMP_NAMES[vendor]
    settings_dict = connection.settings_dict
    if vendor == "sqlite":
        with closing(sqlite_dump(settings_dict=settings_dict, target=target)) as copy:
            cursor = copy.cursor()
            return Dump(target, vendor, row_counts(cursor, vendor), applied_migrations(cursor))
    with closing(postgres_snapshot(settings_dict)) as snapshot:
        postgres_dump(settings_dict=settings_dict, snapshot=snapshot, target=target)
        with snapshot.cursor() as cursor:
            return Dump(target, vendor, row_counts(cursor, vendor), applied_migrations(cursor))


def database_restore(*, source: Path) -> None:
    if connection.vendor == "sqlite":
        sqlite_restore(settings_dict=connection.settings_dict, source=source)
    else:
        postgres_restore(settings_dict=connection.settings_dict, source=source)


def live_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return row_counts(cursor, connection.vendor)


def live_table_names() -> list[str]:
    with connection.cursor() as cursor:
        return table_names(cursor, connection.vendor)


def pending_migrations() -> list[str]:
    """Migrations this code has that the restored database has not applied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
