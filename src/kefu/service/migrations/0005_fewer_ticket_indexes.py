"""Drop the single-column indexes of ticket references nobody filters on alone (every index costs
each insert); the lists use the composite indexes led by customer, unit, assignee and queue.

Only the indexes are dropped: on SQLite a field alteration would rebuild the table and lose the
FTS5 triggers, so the field changes are recorded in the state alone.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FIELDS = [
    "asset_id",
    "assignee_id",
    "complaint_category_id",
    "created_by_id",
    "customer_id",
    "escalated_from_id",
    "org_unit_id",
    "product_model_id",
    "queue_id",
    "region_id",
    "sla_level_id",
]


def drop_indexes(apps, schema_editor):
    table = "service_ticket"
    for column in FIELDS:
        for suffix in ("", "_like"):
            name = schema_editor._create_index_name(table, [column], suffix=suffix)
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def restore_indexes(apps, schema_editor):
    table = "service_ticket"
    for column in FIELDS:
        name = schema_editor._create_index_name(table, [column], suffix="")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} ON {table} ({column})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("catalog", "0003_alter_dictitem_kind"),
        ("customers", "0003_search_vector"),
        ("service", "0004_search_vector"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="asset",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="customers.asset",
                        verbose_name="installed product",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assignee",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="complaint_category",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.dictitem",
                        verbose_name="complaint category",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="customer",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="customers.customer",
                        verbose_name="customer",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="escalated_from",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="escalated by",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="org_unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.orgunit",
                        verbose_name="org unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="product_model",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.productmodel",
                        verbose_name="product model",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="queue",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="service.queue",
                        verbose_name="queue",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.region",
                        verbose_name="region",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="sla_level",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="service.slalevel",
                        verbose_name="response-time level",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
        )
    ]
