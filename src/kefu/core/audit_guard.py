"""The database half of the append-only audit log: SQLite's trigger switch and the flush escape.

Migration core 0005 installs triggers that refuse UPDATE and DELETE on the audit table. PostgreSQL
needs nothing more: its row triggers do not fire on TRUNCATE, which Django's flush uses. SQLite has
no TRUNCATE, so its DELETE trigger asks `kefu_audit_locked()`, a function every Kefu connection
registers; it answers 0 only inside `audit_log_maintenance()`, which the `flush` command enters. A
connection that does not know the function (the sqlite3 shell) fails the DELETE as well.
"""

import threading
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def audit_log_maintenance():
    """Let this thread empty the audit table on SQLite (test flushes); nothing else should."""
    previous = getattr(_state, "open", False)
    _state.open = True
    try:
        yield
    finally:
        _state.open = previous


def _audit_locked() -> int:
    return 0 if getattr(_state, "open", False) else 1


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: give each new SQLite connection the trigger's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("kefu_audit_locked", 0, _audit_locked)
