"""CustomerScore.run without an index: every run rewrites every score row, and without an index on
the column that changes the update can stay HOT (no index entries written)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("strategies", "0003_grading_no_fk_checks"),
    ]

    operations = [
        migrations.AlterField(
            model_name="customerscore",
            name="run",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="strategies.gradingrun",
                verbose_name="grading run",
            ),
        ),
    ]
