"""The grading criteria a fresh installation starts with (RFM, tenure, complaints, satisfaction);
managers re-weight them on the grading rules page."""

from decimal import Decimal

from django.db import migrations

CRITERIA = [
    # metric, window (days), weight, 0 points at, 100 points at
    ("spend", 365, 35, 0, 20000),
    ("orders", 365, 20, 0, 6),
    ("recency_days", None, 15, 365, 0),
    ("tenure_years", None, 10, 0, 5),
    ("complaints", 365, 10, 5, 0),
    ("satisfaction", 365, 10, 1, 5),
]


def install(apps, schema_editor):
    criterion = apps.get_model("strategies", "GradingCriterion")
    if criterion.objects.exists():
        return
    for sort, (metric, window, weight, zero_at, full_at) in enumerate(CRITERIA, start=1):
        criterion.objects.create(
            metric=metric,
            window_days=window,
            weight=Decimal(weight),
            zero_at=Decimal(zero_at),
            full_at=Decimal(full_at),
            sort=sort * 10,
        )


class Migration(migrations.Migration):
    dependencies = [("strategies", "0001_initial"), ("customers", "0005_default_grades")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
