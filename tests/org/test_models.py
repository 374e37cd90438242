import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from agilepa.org.models import Body, BodyKind, ContractType
from tests.factories import BodyFactory, OfficeSiteFactory, PersonFactory, make_unit

pytestmark = pytest.mark.django_db


def test_a_public_body_without_an_ipa_code_is_rejected() -> None:
    body = Body(name="Comune senza codice", slug="senza", kind=BodyKind.COMUNE, municipality="X")
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "ipa_code" in error.value.message_dict


def test_a_private_company_needs_no_ipa_code() -> None:
    body = Body(name="Servizi S.r.l.", slug="servizi-srl", kind=BodyKind.PRIVATE, municipality="X")
    body.full_clean()


def test_ipa_codes_are_unique() -> None:
    BodyFactory(ipa_code="c_a944", slug="c_a944")
    with pytest.raises(IntegrityError):
        BodyFactory(ipa_code="c_a944", slug="other")


def test_an_istat_code_has_six_digits() -> None:
    body = BodyFactory.build(istat_code="37006")
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "istat_code" in error.value.message_dict


def test_a_person_cannot_sit_in_a_unit_or_site_of_another_body() -> None:
    person = PersonFactory()
    other = BodyFactory()
    person.unit = make_unit(other, "X1")
    person.office_site = OfficeSiteFactory(body=other)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert {"unit", "office_site"} <= set(error.value.message_dict)


@pytest.mark.parametrize(
    ("contract", "percent", "valid"),
    [
        (ContractType.FULL_TIME, 100, True),
        (ContractType.FULL_TIME, 80, False),
        (ContractType.PART_TIME, 50, True),
        (ContractType.PART_TIME, 100, False),
    ],
)
def test_part_time_percent_matches_the_contract(contract: str, percent: int, valid: bool) -> None:
    person = PersonFactory.build(body=BodyFactory())
    person.unit = make_unit(person.body, "U")
    person.contract, person.part_time_percent = contract, percent
    if valid:
        person.full_clean()
    else:
        with pytest.raises(ValidationError):
            person.full_clean()


def test_the_tax_code_is_normalised_before_validation() -> None:
    person = PersonFactory()
    person.tax_code = " " + person.tax_code.lower() + " "
    person.full_clean()
    assert person.tax_code == person.tax_code.upper().strip()


def test_matricola_is_unique_within_a_body_but_not_across_bodies() -> None:
    first = PersonFactory(employee_number="000123")
    PersonFactory(employee_number="000123")  # another body
    with pytest.raises(IntegrityError):
        PersonFactory(body=first.body, unit=first.unit, employee_number="000123")
