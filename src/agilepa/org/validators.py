"""Validators for Italian identifiers: pure functions, usable without the database."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Codice fiscale check character (DM 23 dicembre 1976): odd/even position values, sum mod 26.
_ODD = {
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True)),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            [
                1,
                0,
                5,
                7,
                9,
                13,
                15,
                17,
                19,
                21,
                2,
                4,
                18,
                20,
                11,
                3,
                6,
                8,
                12,
                14,
                16,
                10,
                22,
                25,
                24,
                23,
            ],
            strict=True,
        )
    ),
}
_EVEN = {
    **{str(d): d for d in range(10)},
    **{chr(ord("A") + i): i for i in range(26)},
}
# Omocodia replaces digits of the code with letters: these positions hold digits originally.
_TAX_CODE_RE = re.compile(
    r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$"
)
_IPA_RE = re.compile(r"^[a-z0-9_]{2,20}$")
_ISTAT_RE = re.compile(r"^[0-9]{6}$")


def tax_code_check_char(first15: str) -> str:
    """The 16th character of a codice fiscale computed from the first 15."""
    total = 0
    for index, char in enumerate(first15.upper()):
        # Positions are counted from 1: odd positions are index 0, 2, 4, ...
        total += _ODD[char] if index % 2 == 0 else _EVEN[char]
    return chr(ord("A") + total % 26)


def normalize_tax_code(value: str) -> str:
    return "".join(value.split()).upper()


def validate_tax_code(value: str) -> None:
    code = normalize_tax_code(value)
    if len(code) != 16:
        raise ValidationError(
            _("The codice fiscale must have 16 characters, this one has %(n)d."),
            code="tax_code_length",
            params={"n": len(code)},
        )
    if not _TAX_CODE_RE.match(code):
        raise ValidationError(
            _(
                "The codice fiscale %(code)s is not in the expected format "
                "(6 letters, 2 digits, a month letter, ...)."
            ),
            code="tax_code_format",
            params={"code": code},
        )
    expected = tax_code_check_char(code[:15])
    if code[15] != expected:
        raise ValidationError(
            _("The codice fiscale %(code)s has a wrong check character (expected %(expected)s)."),
            code="tax_code_checksum",
            params={"code": code, "expected": expected},
        )


def normalize_ipa_code(value: str) -> str:
    return value.strip().lower()


def validate_ipa_code(value: str) -> None:
    if not _IPA_RE.match(normalize_ipa_code(value)):
        raise ValidationError(
            _(
                "%(value)s is not a valid IPA code: use 2 to 20 lowercase letters, digits or "
                "underscores, as in the Indice delle PA (e.g. c_a944)."
            ),
            code="ipa_format",
            params={"value": value},
        )


def validate_istat_code(value: str) -> None:
    if not _ISTAT_RE.match(value):
        raise ValidationError(
            _("%(value)s is not a valid ISTAT municipality code: it has 6 digits (e.g. 037006)."),
            code="istat_format",
            params={"value": value},
        )
