"""The four grades a fresh installation starts with; admins rename, re-band or add grades."""

from decimal import Decimal

from django.db import migrations

GRADES = [
    # code, name, rank, lowest score, score below, badge colour
    ("diamond", "钻石", 40, Decimal(85), Decimal(100), "dark"),
    ("gold", "金卡", 30, Decimal(70), Decimal(85), "warning"),
    ("silver", "银卡", 20, Decimal(50), Decimal(70), "info"),
    ("regular", "普通", 10, Decimal(0), Decimal(50), "secondary"),
]


def install(apps, schema_editor):
    grade = apps.get_model("customers", "Grade")
    if grade.objects.exists():
        return
    for code, name, rank, low, high, color in GRADES:
        grade.objects.create(
            code=code, name=name, rank=rank, min_score=low, max_score=high, color=color
        )


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_grades_and_transactions")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
