from django.db import migrations

from kefu.core.search import drop_search_index, install_search_index

TABLE = "knowledge_article"


def forwards(apps, schema_editor):
    install_search_index(schema_editor, table=TABLE)


def backwards(apps, schema_editor):
    drop_search_index(schema_editor, table=TABLE)


# The ranking of search results and suggestions ("this helped", then recency): a search with
# many matches walks this index and tests each article (knowledge.paging).
RANK_INDEX = (
    f"CREATE INDEX knowledge_article_rank ON {TABLE} (helped_count DESC, updated_at DESC, id DESC)"
)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunSQL(RANK_INDEX, "DROP INDEX knowledge_article_rank"),
    ]
