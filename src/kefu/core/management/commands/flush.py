"""`kefu flush`: Django's flush, allowed to empty the append-only audit table on SQLite too.

Django empties SQLite tables with DELETE, which the audit table's trigger refuses; test runs
flush between transactional tests. On PostgreSQL flush uses TRUNCATE, which the triggers allow.
"""

from django.core.management.commands.flush import Command as DjangoFlush

from kefu.core.audit_guard import audit_log_maintenance


class Command(DjangoFlush):
    def handle(self, **options):
        with audit_log_maintenance():
            return super().handle(**options)
