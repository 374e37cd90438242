from django.db import migrations, models


def mark_firsts(apps, schema_editor) -> None:
    """The rows built before carry no marks: mark them, body by body and year by year, so the
    figures read right from the first request (issue 22)."""
    from agilepa.indicators.summary import mark_firsts

    model = apps.get_model("indicators", "PersonMonth")
    pairs = {
        (body_id, month.year)
        for body_id, month in model.objects.values_list("body_id", "month").distinct()
    }
    for body_id, year in sorted(pairs):
        mark_firsts(body_id, year, model=model)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_fixed_remote_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="personmonth",
            name="firsts",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(mark_firsts, migrations.RunPython.noop),
    ]
