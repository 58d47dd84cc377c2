"""PostgreSQL: search through a stored `search_vector` column and its GIN index instead of a GIN
index on an expression, so rows read from the table are matched without segmenting their text
again (`core.search`). Rewrites the table once, then vacuums it. SQLite keeps its FTS5 table; nothing changes there.
"""

from django.db import migrations

from kefu.core.search import install_search_index, settle_after_install

TABLE = "customers_customer"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        install_search_index(schema_editor, table=TABLE)


def settle(apps, schema_editor):
    settle_after_install(schema_editor, table=TABLE)


class Migration(migrations.Migration):
    atomic = False  # VACUUM runs outside a transaction; the rewrite itself is atomic

    dependencies = [("customers", "0002_search_index")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, atomic=True),
        migrations.RunPython(settle, migrations.RunPython.noop, atomic=False),
    ]
