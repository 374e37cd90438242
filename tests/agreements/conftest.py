"""Shared setup of the agreements tests: body A with a Regolamento in force and clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories import make_regulation


@pytest.fixture
def body_a(world):
    make_regulation(world.a.body)
    return world


@pytest.fixture
def client_of(body_a, client_as) -> Callable[..., Client]:
    """`client_as` (tests/conftest.py) once body A has its Regolamento in force."""
    return client_as
