"""Every database constraint of the project says in plain words what is wrong: a person never
reads a constraint's name ("Il vincolo agreement_end_after_start è stato violato")."""

from __future__ import annotations

from django.apps import apps
from django.db.models import BaseConstraint, CheckConstraint, UniqueConstraint

from agilepa.core.constraints import ConstraintErrorsOnFields


def project_constraints() -> list[tuple[str, BaseConstraint]]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("agilepa."):
            continue
        for constraint in model._meta.constraints:
            found.append((model._meta.label, constraint))
    return found


def test_the_project_has_constraints_to_check() -> None:
    kinds = {type(c) for _label, c in project_constraints()}
    assert {CheckConstraint, UniqueConstraint} <= kinds


def test_every_constraint_has_its_own_violation_message() -> None:
    default = BaseConstraint.default_violation_error_message
    generic = [
        f"{label}.{c.name}"
        for label, c in project_constraints()
        if c.violation_error_message in (None, default) or c.name in c.violation_error_message
    ]
    assert generic == []


def test_every_field_a_constraint_error_goes_on_is_named_by_that_constraint() -> None:
    for model in apps.get_models():
        if not issubclass(model, ConstraintErrorsOnFields):
            continue
        names = {c.name: c for c in model._meta.constraints}
        for name, field in model.constraint_fields.items():
            constraint = names[name]
            if isinstance(constraint, CheckConstraint):
                assert field in constraint.condition.referenced_base_fields, (name, field)
            else:
                assert field in constraint.fields, (name, field)
