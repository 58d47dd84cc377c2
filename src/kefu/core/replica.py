"""Report reads on a PostgreSQL read replica (`KEFU_REPLICA_DATABASE_URL`).

Only reads explicitly marked go to the replica: a replica lags the primary, so a page that just
wrote must never read it back from there. Mark a report's reads with

    with replica_reads():
        rows = list(report_queryset)

Without a replica configured the block reads from the primary, unchanged. Nothing is ever
written to or migrated on the replica (it is a copy of the primary).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_use_replica: ContextVar[bool] = ContextVar("kefu_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[str]:
    """Send the ORM reads inside the block to the replica; yields the alias used."""
    token = _use_replica.set(True)
    try:
        yield REPLICA if replica_configured() else "default"
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    """Listed in DATABASE_ROUTERS; says nothing (None) unless a read is marked."""

    def db_for_read(self, model, **hints):
        if _use_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
