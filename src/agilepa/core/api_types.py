"""Bounded types for the API's parameters and fields, shared by every app's routes.

A value the database or the domain cannot hold (a year of -281, an offset beyond any table, a
quota of -3, a time with a UTC offset) must be refused at the door with a 422 that names the
field, never reach PostgreSQL and come back as a 500. The bounds are also in the OpenAPI
document (minimum, maximum, pattern), so a client knows them before it asks.

Control characters in text are refused for every route at once by the API's parser
(`ControlCharacterParser`), not field by field: no route has a use for them, and PostgreSQL
refuses the NUL byte outright.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from django.db import models
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from pydantic import AfterValidator, WithJsonSchema

# The years a plan, a campaign, a report or a figure can be about.
YEAR_MIN, YEAR_MAX = 1900, 2200
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Month = Annotated[int, Field(ge=1, le=12)]

# Paging: no list is longer than a million rows, and no page longer than 500.
Offset = Annotated[int, Field(ge=0, le=1_000_000)]
Limit = Annotated[int, Field(ge=1, le=500)]

# Counts a person or a body sets by hand (days a month, seats, places): small and not negative.
Count = Annotated[int, Field(ge=0, le=10_000)]
Percent = Annotated[int, Field(ge=0, le=100)]
Weekday = Annotated[int, Field(ge=0, le=6)]  # 0 = Monday
# A seed for a random choice (the planner's): what a 32-bit generator takes.
Seed = Annotated[int, Field(ge=0, le=2**31 - 1)]

# Text where the model sets no length (a TextField, a list or a mapping in a JSONField): long
# enough for a Regolamento's text or a meeting's minutes, short of a request that fills a disk.
TEXT_MAX = 50_000
# One entry of a list or a mapping of short text (places, activities, answers, tags).
ITEM_MAX = 500
Item = Annotated[str, Field(max_length=ITEM_MAX)]
# A password typed to confirm an act (Django's own forms stop at 4096 characters).
Password = Annotated[str, Field(max_length=4096)]


def text_of(model: type[models.Model], name: str) -> Any:
    """A text field of an API input bounded as the model's field is: a value longer than the
    column is a 422 naming the field, before the model or the database sees it (and the bound
    is in the OpenAPI document). Used as an annotation: `code: text_of(OrgUnit, "code")`."""
    return Annotated[str, Field(max_length=max_length_of(model, name))]


def max_length_of(model: type[models.Model], name: str) -> int:
    """The model field's max_length; TEXT_MAX for a TextField (or any field without one)."""
    return model._meta.get_field(name).max_length or TEXT_MAX


TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


def _without_offset(value: datetime.time) -> datetime.time:
    if value.tzinfo is not None:
        raise ValueError("a time of day without a UTC offset, such as 09:30")
    return value


# A time of day on the body's clock (Europe/Rome): "09:30" or "09:30:00", never with an offset.
# OpenAPI's `format: time` is RFC 3339's full-time, which requires an offset, so the document
# states the pattern instead.
LocalTime = Annotated[
    datetime.time,
    AfterValidator(_without_offset),
    WithJsonSchema({"type": "string", "pattern": TIME_PATTERN, "example": "09:30"}),
]

# C0 controls but tab, newline and carriage return (which text areas send), and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RefusedBody(ValueError):
    """A JSON body the parser refuses; `errors` are the 422's, in ninja's form (loc, msg)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(e["msg"] for e in errors))
        self.errors = errors


def control_character_fields(data: Any, prefix: str) -> list[str]:
    """The dotted paths of every string in `data` (JSON-like) holding a control character."""
    if isinstance(data, str):
        return [prefix] if CONTROL_CHARACTERS.search(data) else []
    if isinstance(data, dict):
        found = []
        for key, value in data.items():
            found += control_character_fields(key, f"{prefix}.{key}")
            found += control_character_fields(value, f"{prefix}.{key}")
        return found
    if isinstance(data, list):
        found = []
        for index, value in enumerate(data):
            found += control_character_fields(value, f"{prefix}.{index}")
        return found
    return []


class ControlCharacterParser(Parser):
    """Ninja's parser, refusing text with control characters in the query, the form and the
    JSON body, and a JSON body that is not an object (the body's refusal reaches the problem
    handler as the cause of ninja's 400, which turns it into the 422)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if data is not None and not isinstance(data, dict):
            # Every body the API documents is an object (or an optional one: null); ninja would
            # read `[]` as an object without fields and let a PATCH through.
            raise RefusedBody([{"loc": ["body"], "msg": "A JSON object is expected."}])
        fields = control_character_fields(data, "body")
        if fields:
            raise RefusedBody(control_character_errors(fields))
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        where = "query" if data is request.GET else "form"
        fields = [
            f
            for key, value in parsed.items()
            if not hasattr(value, "read")  # uploaded files are checked by the upload kit
            for f in control_character_fields(value, f"{where}.{key}")
        ]
        if fields:
            raise NinjaValidationError(control_character_errors(fields))
        return parsed


def control_character_errors(fields: list[str]) -> list[dict[str, Any]]:
    return [
        {"loc": field.split("."), "msg": "Control characters are not allowed in text."}
        for field in fields
    ]


class BoundedPagination(LimitOffsetPagination):
    """Limit and offset with an upper bound: an offset of 10**20 is a 422, not a 500."""

    class Input(Schema):
        limit: Limit = 100
        offset: Offset = 0

        model_config = {"title": "PageInput"}


BoundedPagination.Input.__name__ = "PageInput"


class ProblemOut(Schema):
    """A placeholder in a route's `response=` map: the OpenAPI document shows the Problem
    schema (application/problem+json) for every 4xx instead."""

    type: str
    title: str
    status: int


def problems(*statuses: int) -> dict[int, type[Schema]]:
    """The rarer problem answers of one route (409, 410), for its `response=` map:
    `response={201: AgreementOut, **problems(409)}`."""
    return dict.fromkeys(statuses, ProblemOut)
