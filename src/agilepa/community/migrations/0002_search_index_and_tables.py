"""The full-text index of the library (PostgreSQL: a GIN index on the Italian tsvector; SQLite:
an FTS5 table of Snowball-stemmed words) and the four thematic tables on every existing network."""

from django.db import migrations

from agilepa.community.models import DEFAULT_TABLES
from agilepa.community.search import create_index_sql, drop_index_sql


def create_index(apps, schema_editor):
    for sql in create_index_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    for sql in drop_index_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def seed_tables(apps, schema_editor):
    import secrets

    Network = apps.get_model("org", "Network")
    Table = apps.get_model("community", "Table")
    for network in Network.objects.all():
        for name, slug in DEFAULT_TABLES:
            if not Table.objects.filter(network=network, slug=slug).exists():
                Table.objects.create(
                    network=network, name=name, slug=slug, feed_token=secrets.token_urlsafe(24)
                )


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial"), ("org", "0001_initial")]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(seed_tables, migrations.RunPython.noop),
    ]
