"""`python -m agilepa retention --dry-run` lists per body and rule what the job would do, with
the names of the people it would pseudonymise; without the flag it does it and prints only
pseudonyms (its output is kept with the job's run)."""

from __future__ import annotations

import io
from datetime import date

from django.core.management import call_command

from agilepa.org.models import Person
from agilepa.retention.models import Pseudonymisation
from tests.retention.helpers import ended_person


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_names_the_people_per_body_and_the_run_prints_only_pseudonyms(world) -> None:
    # The command reads the real clock: an end in 2019 is past five years whenever this runs.
    person = ended_person(world.a.body, ended_on=date(2019, 4, 10))

    listed = command("--dry-run")

    assert listed.startswith("Dry run: nothing is changed.")
    assert (
        f"{world.a.body.slug}: pseudonymise people: 1 (Bertazzoni Nicolò"
        f" ({person.employee_number}, ended 10/04/2019))" in listed
    )
    assert f"{world.b.body.slug}: pseudonymise people: 0" in listed
    assert "platform: delete login failures: 0" in listed
    assert not Pseudonymisation.objects.exists()
    assert Person.objects.get(pk=person.pk).last_name == "Bertazzoni"

    done = command()

    assert "Bertazzoni" not in done
    code = Person.objects.get(pk=person.pk).last_name
    assert f"{world.a.body.slug}: pseudonymise people: 1 (Persona {code})" in done
    assert f"{world.b.body.slug}:" not in done  # nothing done there, nothing said
