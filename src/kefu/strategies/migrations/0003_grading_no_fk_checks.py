"""Grading writes a row per customer: no foreign-key checks on its bulk tables (see the models)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0005_default_grades"),
        ("strategies", "0002_default_criteria"),
    ]

    operations = [
        migrations.AlterField(
            model_name="customerscore",
            name="customer",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="score",
                serialize=False,
                to="customers.customer",
                verbose_name="customer",
            ),
        ),
        migrations.AlterField(
            model_name="gradingchange",
            name="customer",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="customers.customer",
                verbose_name="customer",
            ),
        ),
        migrations.AlterField(
            model_name="gradingchange",
            name="run",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
                to="strategies.gradingrun",
                verbose_name="grading run",
            ),
        ),
    ]
