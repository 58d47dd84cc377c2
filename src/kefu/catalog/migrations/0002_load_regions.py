from django.db import migrations


def load(apps, schema_editor):
    from kefu.catalog.regions import read_regions

    Region = apps.get_model("catalog", "Region")
    Region.objects.bulk_create(
        [
            Region(
                code=r["code"],
                name=r["name"],
                level=r["level"],
                parent_id=r["parent"],
                full_name=r["full_name"],
                longitude=r["longitude"],
                latitude=r["latitude"],
            )
            for r in read_regions()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
