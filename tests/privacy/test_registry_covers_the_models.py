"""The register stays true as the data model grows: every model of our apps with a field that
looks personal is declared in privacy/registry.py under an activity, or marked as holding no
personal data, and nothing is declared that no longer exists."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from agilepa.org.models import Person
from agilepa.privacy import registry


def test_every_model_that_looks_personal_is_in_the_register() -> None:
    missing = [
        f"{m._meta.label} ({', '.join(fields)})"
        for m in registry.our_models()
        if (fields := registry.looks_personal(m))
        and m._meta.label not in registry.DECLARED
        and m._meta.label not in registry.NOT_PERSONAL
    ]
    assert not missing, (
        "declare these models in privacy/registry.py (DECLARED with their activity, or "
        f"NOT_PERSONAL with the reason): {missing}"
    )


def app_installed(label: str) -> bool:
    return apps.is_installed(f"agilepa.{label.split('.')[0]}")


def test_every_declared_model_of_an_installed_app_exists_and_names_an_activity() -> None:
    keys = {a.key for a in registry.ACTIVITIES}
    for label, key in registry.DECLARED.items():
        assert key in keys, f"{label}: no activity {key!r}"
    for label in [*registry.DECLARED, *registry.NOT_PERSONAL]:
        if app_installed(label):
            assert registry.installed(label), f"{label} is declared but no longer exists"
    assert not set(registry.DECLARED) & set(registry.NOT_PERSONAL)


def test_a_model_linked_to_a_person_cannot_be_marked_as_holding_no_personal_data() -> None:
    for label in registry.NOT_PERSONAL:
        if not registry.installed(label):
            continue
        model = apps.get_model(label)
        links = [
            f.name
            for f in model._meta.get_fields()
            if f.concrete
            and f.related_model is not None
            and f.related_model._meta.label in registry.PERSON_MODELS
        ]
        assert not links, f"{label} links to a person or a user: {links}"


def test_every_activity_serves_at_least_one_model() -> None:
    for activity in registry.ACTIVITIES:
        assert activity.key in registry.DECLARED.values(), activity.key


@isolate_apps("agilepa.privacy")
def test_a_new_model_with_personal_fields_is_caught() -> None:
    class Diary(models.Model):
        author = models.ForeignKey(Person, on_delete=models.CASCADE)
        home_address = models.CharField(max_length=100)
        contact_email = models.CharField(max_length=100)
        client_ip = models.CharField(max_length=45)
        full_tax_code = models.CharField(max_length=16)
        notes = models.TextField()
        ipa_code = models.CharField(max_length=20)

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return self.notes

    assert registry.looks_personal(Diary) == [
        "author",
        "home_address",
        "contact_email",
        "client_ip",
        "full_tax_code",
    ]
