"""Publishing a body's notice as its HR office would, for the privacy tests."""

from __future__ import annotations

from agilepa.core.access import resolve_access
from agilepa.privacy import services
from agilepa.privacy.models import NoticeVersion


def publish(world, text: str = "# Informativa\n\nIl titolare è il Comune.", body=None):
    """Publish `text` as the next version of the notice of body a (or `body`)."""
    body = body or world.a.body
    hr = world.users["platform_admin"]
    access = resolve_access(hr, body)
    services.save_draft(access, text_it=text, text_en="")
    return services.publish(access)


def current(body) -> NoticeVersion | None:
    return services.current_version(body)
