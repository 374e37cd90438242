"""Model instances from the rows of a hand-written statement, for the few hot paths (every API
request's body and roles, a hub's visibility) where `Model.objects.raw` costs more than the
statement: it maps the cursor's column names to fields and looks up the converters again on
every call. Here the columns are named once per model and the converters found once per
database, and each row goes through them as the ORM's would (JSON decoded, SQLite's integers
made booleans, its text made dates)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


@cache
def select_list(model: type[Model], alias: str) -> str:
    """The model's columns, qualified by `alias`, in the order `instance` takes them."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


@cache
def _converters(
    model: type[Model], vendor: str
) -> tuple[list[str], list[tuple[int, Any, list[Any]]]]:
    names: list[str] = []
    converting: list[tuple[int, Any, list[Any]]] = []
    for index, field in enumerate(model._meta.concrete_fields):
        names.append(field.attname)
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converting.append((index, column, found))
    return names, converting


def instance(model: type[M], values: Sequence[Any]) -> M:
    """An instance of `model` from the first values of a row selected with `select_list`
    (the values after the model's columns are the caller's)."""
    names, converting = _converters(model, connection.vendor)
    row = list(values[: len(names)])
    for index, column, converters in converting:
        for converter in converters:
            row[index] = converter(row[index], column, connection)
    return model.from_db(connection.alias, names, row)
