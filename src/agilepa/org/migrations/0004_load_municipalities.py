"""The ISTAT list of municipalities (org/data/comuni.csv) in every database."""

from django.db import migrations


def load(apps, schema_editor):
    from agilepa.org import municipalities

    municipalities.load(apps.get_model("org", "Municipality"))


def unload(apps, schema_editor):
    apps.get_model("org", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0003_municipalities")]
    operations = [migrations.RunPython(load, unload, elidable=False)]
