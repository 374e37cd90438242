"""Every foreign key to a person (org.Person) or to a login (core.User) is either read by a
gatherer of the export or excluded with its reason: a new model holding someone's data fails
here until someone decides whether the person gets it back (art. 15 GDPR)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model

from agilepa.org.models import Person
from agilepa.rights import gather


def personal_keys() -> set[str]:
    targets = {Person, get_user_model()}
    return {
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model in targets
    }


def test_every_key_to_a_person_or_a_login_is_gathered_or_excluded_with_a_reason() -> None:
    undecided = personal_keys() - gather.covered() - set(gather.EXCLUDED)
    assert not undecided, (
        f"gather these in agilepa/rights/gather.py or list them in EXCLUDED with the reason: "
        f"{sorted(undecided)}"
    )


def test_no_key_is_both_gathered_and_excluded() -> None:
    assert not gather.covered() & set(gather.EXCLUDED)


def test_gathered_and_excluded_keys_name_fields_that_exist() -> None:
    stale = (gather.covered() | set(gather.EXCLUDED)) - personal_keys()
    assert not stale, f"no such foreign key to a person or a login: {sorted(stale)}"


def test_every_exclusion_gives_its_reason() -> None:
    assert all(str(reason).strip() for reason in gather.EXCLUDED.values())


def test_survey_answers_are_never_gathered() -> None:
    """The anonymous answers hold no key to anyone: nothing could gather them by person."""
    for label in ("surveys.Response", "surveys.PendingAnswer", "surveys.SpentToken"):
        model = apps.get_model(label)
        assert not any(
            f.is_relation and f.related_model in {Person, get_user_model()}
            for f in model._meta.get_fields()
        ), label
    assert not any(
        key.startswith(("surveys.Response", "surveys.Pending")) for key in gather.covered()
    )
