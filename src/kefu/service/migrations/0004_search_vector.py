"""PostgreSQL: search through a stored `search_vector` column and its GIN index instead of a GIN
index on an expression, so rows read from the table are matched without segmenting their text
again. The column also holds the ticket's org unit, assignee, queue and status category as facet
tokens, so the index finds only the matches a user may see in the status asked for (`core.search`,
`selectors.ticket_filter`).
Rewrites the table once, then vacuums it. SQLite keeps its FTS5 table; nothing changes there.
"""

from django.db import migrations

from kefu.core.search import install_search_index, settle_after_install

TABLE = "service_ticket"
# the columns `ticket_filter` narrows a search by (keep the two in step)
FACETS = ("org_unit_id", "assignee_id", "queue_id", "state_category")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        install_search_index(schema_editor, table=TABLE, facets=FACETS)


def settle(apps, schema_editor):
    settle_after_install(schema_editor, table=TABLE)


class Migration(migrations.Migration):
    atomic = False  # VACUUM runs outside a transaction; the rewrite itself is atomic

    dependencies = [("service", "0003_active_scope_index")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, atomic=True),
        migrations.RunPython(settle, migrations.RunPython.noop, atomic=False),
    ]
