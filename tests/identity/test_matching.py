"""Who is who, at the service level: the claims a provider hands matched to an existing person."""

from __future__ import annotations

import pytest

from agilepa.core.models import RoleAssignment, RoleKind
from agilepa.identity.models import IdentityProvider
from agilepa.identity.services import NoMatch, match_login, tax_code_from_claims
from agilepa.org.models import Person


@pytest.fixture
def regione(world) -> IdentityProvider:
    provider = IdentityProvider.objects.create(
        slug="regione", name="Regione", discovery_url="https://idp.example.it/", client_id="x"
    )
    provider.bodies.add(world.a.body)
    return provider


def test_the_tinit_prefix_and_spaces_are_stripped_from_the_fiscal_number() -> None:
    assert tax_code_from_claims({"fiscalNumber": "TINIT-rssmra80a01h501u"}) == "RSSMRA80A01H501U"
    assert tax_code_from_claims({"fiscal_number": "RSS MRA 80A01 H501U"}) == "RSSMRA80A01H501U"


def test_a_verified_email_matches_the_person_hr_registered(regione, world) -> None:
    person = world.a.employee_person
    claims = {"sub": "1", "email": person.email.upper(), "email_verified": True}
    assert match_login(regione, claims).user == person.user


def test_an_email_claim_without_email_verified_does_not_match(regione, world) -> None:
    claims = {"sub": "1", "email": world.a.employee_person.email}
    with pytest.raises(NoMatch):
        match_login(regione, claims)


def test_matching_by_codice_fiscale_can_be_turned_off(regione, world) -> None:
    regione.match_by_tax_code = False
    regione.save()
    with pytest.raises(NoMatch):
        match_login(regione, {"sub": "1", "fiscalNumber": world.a.employee_person.tax_code})


def test_a_person_ended_yesterday_is_refused_as_ended(regione, world) -> None:
    import datetime

    from django.utils import timezone

    person = world.a.employee_person
    person.ended_on = timezone.localdate() - datetime.timedelta(days=1)
    person.save(update_fields=["ended_on"])
    with pytest.raises(NoMatch) as refusal:
        match_login(regione, {"sub": "1", "fiscalNumber": person.tax_code})
    assert refusal.value.reason == "ended"


def test_mapped_groups_add_roles_in_the_person_body_and_never_coordinator(regione, world) -> None:
    regione.group_claim = "groups"
    regione.group_roles = {"sw-hr": "hr_admin", "net": "network_coordinator"}
    regione.save()
    person = world.a.employee_person
    people = Person.objects.count()
    match_login(regione, {"sub": "1", "fiscalNumber": person.tax_code, "groups": ["sw-hr", "net"]})
    kinds = set(RoleAssignment.objects.filter(user=person.user).values_list("kind", "body"))
    assert kinds == {(RoleKind.HR_ADMIN, world.a.body.pk)}
    assert Person.objects.count() == people


def test_without_a_mapping_groups_grant_nothing(regione, world) -> None:
    person = world.a.employee_person
    match_login(regione, {"sub": "1", "fiscalNumber": person.tax_code, "groups": ["sw-hr"]})
    assert not RoleAssignment.objects.filter(user=person.user).exists()
