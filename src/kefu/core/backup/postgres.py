"""PostgreSQL: `pg_dump --format=custom` and `pg_restore` with the configured connection.

The password goes to the tools in PGPASSWORD, never on the command line (where `ps` shows it).
The dump runs on a snapshot exported by our own transaction, so the row counts and migrations in
the manifest describe exactly the rows in the dump, however busy the database is.
"""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError

# libpq settings Django may carry in OPTIONS, and the environment variables the tools read.
LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
# A restore waits at most this long for a lock (an app server still running) instead of hanging.
LOCK_TIMEOUT = "60s"


def _conninfo(settings_dict: dict) -> dict:
    options = settings_dict.get("OPTIONS") or {}
    params = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": str(settings_dict.get("PORT") or ""),
    }
    params |= {key: options[key] for key in LIBPQ_ENV if options.get(key)}
    return {key: value for key, value in params.items() if value}


def _environment(settings_dict: dict) -> dict:
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"host": "PGHOST", "port": "PGPORT"} | LIBPQ_ENV
    env = os.environ.copy()
    env |= {names[key]: str(value) for key, value in _conninfo(settings_dict).items()}
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={LOCK_TIMEOUT}".strip()
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ApplicationError(
            "backup.tool_missing",
            _(
                "{tool} was not found on PATH: install the PostgreSQL client tools "
                "(the same major version as the server or newer)."
            ),
            tool=name,
        )
    return found


def _run(arguments: list[str], *, settings_dict: dict) -> None:
    tool = Path(arguments[0]).name
    try:
        done = subprocess.run(
            arguments, env=_environment(settings_dict), capture_output=True, text=True
        )
    except OSError as exc:
        raise ApplicationError(
            "backup.tool_failed", _("{tool} could not run: {reason}"), tool=tool, reason=exc
        ) from exc
    if done.returncode != 0:
        raise ApplicationError(
            "backup.tool_failed",
            _("{tool} failed: {reason}"),
            tool=tool,
            reason=done.stderr.strip() or done.returncode,
        )


def postgres_snapshot(settings_dict: dict) -> psycopg.Connection:
    """A read-only REPEATABLE READ transaction whose snapshot `postgres_dump` exports."""
    try:
        db = psycopg.connect(**_conninfo(settings_dict))
    except psycopg.Error as exc:
        raise ApplicationError(
            "backup.connect_failed", _("Cannot connect to the database: {reason}"), reason=exc
        ) from exc
    db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    db.read_only = True
    return db


def postgres_dump(*, settings_dict: dict, snapshot: psycopg.Connection, target: Path) -> None:
    (exported,) = snapshot.execute("SELECT pg_export_snapshot()").fetchone()
    arguments = [_tool("pg_dump"), "--format=custom", "--no-password"]
    _run([*arguments, f"--snapshot={exported}", f"--file={target}"], settings_dict=settings_dict)


def postgres_restore(*, settings_dict: dict, source: Path) -> None:
    """Replace the dumped objects in one transaction: on any error nothing changes."""
    from django.db import connections

    connections.close_all()
    arguments = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
    arguments += ["--single-transaction", "--no-password", f"--dbname={settings_dict['NAME']}"]
    _run([*arguments, str(source)], settings_dict=settings_dict)
