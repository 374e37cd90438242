"""Unlinkable answers (docs/surveys.md, "Threat model"): the used invitations become keyed
marks, the reminders move to the wave, and the responses already given are written again, in
one transaction, with new random ids in the order of those ids and their wave's closing day,
so that their transaction id, their physical order and their day no longer follow the
invitations used. On PostgreSQL, run VACUUM FULL on surveys_response and surveys_invitation
after this migration: until then the old rows stay in the table files."""

import uuid

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def forwards(apps, schema_editor):
    from agilepa.surveys.sealing import spent_mark, token_of

    Invitation = apps.get_model("surveys", "Invitation")
    SpentToken = apps.get_model("surveys", "SpentToken")
    Response = apps.get_model("surveys", "Response")
    Wave = apps.get_model("surveys", "Wave")
    used = Invitation.objects.filter(used=True).values_list("wave_id", "person_id", "salt")
    SpentToken.objects.bulk_create(
        sorted(
            (SpentToken(mark=spent_mark(token_of(w, p, s)), wave_id=w) for w, p, s in used),
            key=lambda t: t.mark,
        )
    )
    closes = dict(Wave.objects.values_list("pk", "closes_on"))
    old = list(Response.objects.values_list("pk", "wave_id", "unit_group", "smart_worker", "answers"))
    fresh = [
        Response(
            id=uuid.uuid4(),
            wave_id=w,
            unit_group=u,
            smart_worker=s,
            submitted_on=closes[w],
            answers=a,
        )
        for _pk, w, u, s, a in old
    ]
    Response.objects.filter(pk__in=[row[0] for row in old]).delete()
    Response.objects.bulk_create(sorted(fresh, key=lambda r: r.id))
    # The waves already closed are counted: their responses are all there.
    Wave.objects.filter(closes_on__lt=timezone.localdate()).update(counted_on=timezone.localdate())
    Wave.objects.filter(invitations__reminded_on__isnull=False).update(
        reminded_on=timezone.localdate()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="wave",
            name="counted_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="wave",
            name="reminded_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="PendingAnswer",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("sealed", models.BinaryField()),
                (
                    "wave",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pending",
                        to="surveys.wave",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SpentToken",
            fields=[
                ("mark", models.CharField(max_length=64, primary_key=True, serialize=False)),
                (
                    "wave",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="spent",
                        to="surveys.wave",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="reminded_on"),
        migrations.RemoveField(model_name="invitation", name="used"),
    ]
