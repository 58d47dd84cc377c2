"""The open-ticket list's index: active tickets by unit, covering what the list filters on.

PostgreSQL gets a partial covering index (count and filters answered from the index alone);
SQLite, which has no INCLUDE, the same partial index without the extra columns. Raw SQL because
Django warns about INCLUDE on SQLite.
"""

from django.db import migrations

ACTIVE = "state_category IN ('new', 'open', 'pending')"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS ticket_active_scope ON service_ticket "
            "(org_unit_id, state_category) INCLUDE (assignee_id, queue_id, ticket_type, "
            f"priority, sla_status) WHERE {ACTIVE}"
        )
    else:
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS ticket_active_scope ON service_ticket "
            f"(org_unit_id, state_category) WHERE {ACTIVE}"
        )


def backwards(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS ticket_active_scope")


class Migration(migrations.Migration):
    dependencies = [("service", "0002_defaults_and_search")]

    operations = [migrations.RunPython(forwards, backwards)]
