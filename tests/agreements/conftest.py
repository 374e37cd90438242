"""Shared setup of the agreements tests: body A with a Regolamento in force and clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_regulation


@pytest.fixture
def body_a(world):
    make_regulation(world.a.body)
    return world


@pytest.fixture
def client_of(body_a):
    def login(role: str) -> Client:
        client = Client()
        client.force_login(body_a.users[role])
        return client

    return login
