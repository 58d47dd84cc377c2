"""SQLite: copies made and put back with SQLite's online backup API.

The backup API copies a consistent snapshot while the app keeps writing (WAL mode), and writing
*into* the live database through it replaces every page under SQLite's own locks, so readers in
other processes see either the old or the new database, and the WAL file never gets out of step
with the main file (as it would if the file were swapped underneath it).
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

from kefu.core.errors import ApplicationError


def _open(name: str, *, timeout: float = 20) -> sqlite3.Connection:
    # Tests run on a shared in-memory database addressed by a `file:` URI.
    return sqlite3.connect(str(name), timeout=timeout, uri=str(name).startswith("file:"))


def _failed(exc: sqlite3.Error) -> ApplicationError:
    return ApplicationError(
        "backup.sqlite_failed", _("SQLite could not copy the database: {reason}"), reason=exc
    )


def sqlite_dump(*, settings_dict: dict, target: Path) -> sqlite3.Connection:
    """Copy the live database to `target`; returns an open connection to the copy."""
    try:
        copy = sqlite3.connect(target)
        with closing(_open(settings_dict["NAME"])) as live:
            live.backup(copy)
        # A plain rollback journal makes the copy one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:  # "database or disk is full" is one
        raise _failed(exc) from exc
    return copy


def sqlite_restore(*, settings_dict: dict, source: Path) -> None:
    """Write the copy at `source` over the live database, page by page, in one step."""
    connections.close_all()
    try:
        with closing(sqlite3.connect(source)) as copy:
            with closing(_open(settings_dict["NAME"])) as live:
                copy.backup(live)
    except sqlite3.Error as exc:
        raise _failed(exc) from exc
