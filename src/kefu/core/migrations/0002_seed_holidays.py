from django.db import migrations

LABELS = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar import constants

    Holiday = apps.get_model("core", "Holiday")
    rows = [
        Holiday(date=day, kind="holiday", name=LABELS.get(name, name))
        for day, name in constants.holidays.items()
    ]
    rows += [
        Holiday(date=day, kind="workday", name=LABELS.get(name, name))
        for day, name in constants.workdays.items()
    ]
    Holiday.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
