from django.db import migrations, models


def mark_every_month_stale(apps, schema_editor) -> None:
    """The rows built before held the days of lavoro da remoto among the lavoro agile ones:
    the refresh job rebuilds them."""
    apps.get_model("indicators", "SummaryState").objects.update(dirty=True)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_open_data_opt_in"),
    ]

    operations = [
        migrations.AddField(
            model_name="personmonth",
            name="fixed_remote_days",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(mark_every_month_stale, migrations.RunPython.noop),
    ]
