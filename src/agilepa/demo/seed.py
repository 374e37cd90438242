"""The order in which the demo network is loaded and removed: the organisation first, then each
app's step over it (agreements before the plans that read them, the plans before the attendance
history, the history before the indicators and awards that summarise it).

`python -m agilepa seed-demo` calls `seed_network` and `reset`; each step lives in demo/<app>.py.
"""

from __future__ import annotations

from collections.abc import Callable

from agilepa.demo import agreements, community, objectives, org, surveys
from agilepa.demo.awards import seed_awards
from agilepa.demo.data import BODIES, NETWORK_SLUG
from agilepa.demo.events import seed_events
from agilepa.demo.indicators import seed_history
from agilepa.demo.maturity import seed_maturity
from agilepa.demo.measurement import seed_commute
from agilepa.demo.org import DemoResult, demo_present
from agilepa.demo.planning import seed_planning
from agilepa.demo.spaces import seed_spaces
from agilepa.org.models import Body, Network, Person
from agilepa.planning.services import prefill_patron_days

__all__ = ["demo_present", "reset", "seed_network"]


def reset() -> None:
    """Remove the demo data: the apps' records that outlive their body first, then the
    organisation (its bodies, network and `.demo` logins, with what cascades from them)."""
    community.reset()
    surveys.reset()
    objectives.reset()
    agreements.reset()
    org.reset_demo()


def seed_network(
    scale: float, history_months: int, progress: Callable[[str], None]
) -> tuple[DemoResult, int]:
    """Load the whole demo network; returns the organisation's counts and logins, and the number
    of agreements."""
    result = org.seed_org(scale=scale, progress=progress)
    agreement_count = agreements.seed_agreements(progress=progress)
    bodies = list(Body.objects.filter(slug__in=[spec.slug for spec in BODIES]))
    for body in bodies:
        prefill_patron_days(body)
    manager = Person.objects.filter(user__email="dirigente@comune-bologna.demo").first()
    area = manager.headed_units.first() if manager else None
    seed_planning(bodies, area, progress)
    seed_spaces(Network.objects.get(slug=NETWORK_SLUG), progress)
    objectives.seed_objectives(area, progress)
    seed_commute(bodies, Network.objects.get(slug=NETWORK_SLUG), progress)
    surveys.seed_surveys(area.body if area else None, progress)
    seed_history(bodies, Network.objects.get(slug=NETWORK_SLUG), progress, history_months)
    bologna = Body.objects.get(slug="c_a944")
    seed_events(Network.objects.get(slug=NETWORK_SLUG), bologna, progress)
    seed_maturity(bodies, bologna, progress)
    seed_awards(Network.objects.get(slug=NETWORK_SLUG), progress)
    community.seed_community(Network.objects.get(slug=NETWORK_SLUG), progress)
    return result, agreement_count
