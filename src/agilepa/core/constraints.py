"""A violated constraint reported on the field a person can correct.

Every CheckConstraint and UniqueConstraint of the project carries a `violation_error_message`
in plain words (tests/core/test_constraint_messages.py holds them to it). Django reports a check
constraint, and a unique constraint over several fields, as an error of the whole form; a model
that names the field to blame in `constraint_fields` has it shown on that field instead, next
to the value to change.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import ClassVar, cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.db.models import Model, UniqueConstraint


class ConstraintErrorsOnFields:
    """Model mixin: `constraint_fields` maps a constraint's name to the field its error goes on."""

    constraint_fields: ClassVar[Mapping[str, str]] = {}

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        model = cast(Model, self)
        errors: dict[str, list[ValidationError]] = {}
        using = router.db_for_write(type(model), instance=model)
        for model_class, constraints in model.get_constraints():
            for constraint in constraints:
                try:
                    # BaseConstraint.validate (Django 4.1) is missing from django-stubs.
                    constraint.validate(model_class, model, exclude=exclude, using=using)  # type: ignore[attr-defined]
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name)
                    if (
                        field is None
                        and error.code == "unique"
                        and isinstance(constraint, UniqueConstraint)
                        and len(constraint.fields) == 1
                    ):
                        field = constraint.fields[0]
                    errors.setdefault(field or NON_FIELD_ERRORS, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)
