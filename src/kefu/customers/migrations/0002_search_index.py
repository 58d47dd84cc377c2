from django.db import migrations

from kefu.core.search import drop_search_index, install_search_index

TABLE = "customers_customer"


def forwards(apps, schema_editor):
    install_search_index(schema_editor, table=TABLE)


def backwards(apps, schema_editor):
    drop_search_index(schema_editor, table=TABLE)


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
