"""An event's online link is a web address only: a `javascript:` link is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from agilepa.events import services
from tests.events.conftest import STARTS


def test_an_event_refuses_a_javascript_online_link(world, access_of) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_event(
            access_of("hr_admin"),
            kind="workshop",
            title="Laboratorio",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=2),
            online_url="javascript:alert(document.cookie)",
            capacity=30,
        )
    assert "online_url" in refused.value.message_dict
