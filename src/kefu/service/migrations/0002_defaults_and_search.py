from django.db import migrations

from kefu.core.search import drop_search_index, install_search_index
from kefu.service.defaults import install_defaults

TABLE = "service_ticket"


def forwards(apps, schema_editor):
    install_search_index(schema_editor, table=TABLE)
    install_defaults(apps, schema_editor)


def backwards(apps, schema_editor):
    drop_search_index(schema_editor, table=TABLE)


class Migration(migrations.Migration):
    dependencies = [("service", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
