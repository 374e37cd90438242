"""Links people type in (a material published elsewhere, a meeting's online room): web
addresses only.

Every service that stores a user-supplied URL checks it here, whatever the entry (page, API,
import): a `javascript:` or `data:` address rendered as a link runs in the reader's session."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

WEB_SCHEMES = ["http", "https"]
_validate = URLValidator(schemes=WEB_SCHEMES)


def is_web_link(value: str) -> bool:
    try:
        _validate(value.strip())
    except ValidationError:
        return False
    return True


def check_link(value: str, field: str) -> str:
    """The link stripped, or "" for none; a ValidationError on `field` for anything but a full
    http:// or https:// address."""
    value = (value or "").strip()
    if value and not is_web_link(value):
        raise ValidationError(
            {
                field: _(
                    "“%(value)s” is not a web address: write it in full, starting with "
                    "https:// (or http://)."
                )
                % {"value": value[:200]}
            }
        )
    return value
