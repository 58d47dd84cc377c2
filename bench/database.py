"""The benchmark database: PostgreSQL from KEFU_BENCH_DATABASE_URL, created and migrated on demand.

Django is set up in-process against that database (never KEFU_DATABASE_URL, never `test`).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kefu_bench"
ROOT = Path(__file__).resolve().parent.parent
# Databases the bench must never fill: the test suite's and PostgreSQL's own.
RESERVED = {"test", "postgres", "template0", "template1"}


def bench_url() -> str:
    return os.environ.get("KEFU_BENCH_DATABASE_URL") or DEFAULT_URL


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"bench: KEFU_BENCH_DATABASE_URL must be a PostgreSQL URL, not {url!r}")
    name = database_name(url)
    if not name or name in RESERVED or name.startswith("test_"):
        raise SystemExit(f"bench: refusing to use the database {name!r}; name a bench database")


def create_database(url: str) -> bool:
    """Create the database when missing (through the server's `postgres` database)."""
    check_url(url)
    name = database_name(url)
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def setup_django(url: str) -> None:
    """Point Kefu's settings at the bench database and set Django up in this process."""
    os.environ["KEFU_DATABASE_URL"] = url
    # No connection pool in the bench process: the generators fork workers, and a pool keeps
    # its connections open across `close_all()`, so a child would share the parent's socket
    # ("lost synchronization with server"). The servers the bench starts set their own.
    os.environ["KEFU_DB_POOL_SIZE"] = "0"
    os.environ.setdefault("KEFU_HOME", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def prepare(url: str | None = None) -> str:
    """Create, set up and migrate the bench database; return its URL."""
    url = url or bench_url()
    create_database(url)
    setup_django(url)
    migrate()
    return url
