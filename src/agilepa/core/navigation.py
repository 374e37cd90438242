"""The main navigation, as data: which pages the menu offers, grouped as people think of their
work, each shown when the policy its page declares holds (core/policies.py).

An item names the same policy object its view passes to `body_view`
(tests/core/test_navigation.py checks each against the view its URL resolves to), so the menu
offers exactly the pages the user may open. A few items also have `shown`, a further condition
that hides a page open to everyone where it would be of no use (`why_shown` says which and why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agilepa.core.access import Access, Network
from agilepa.core.policies import (
    Policy,
    anyone,
    hr_or_observer,
    is_hr,
    is_person,
    manages_or_hr,
    observes_aggregates,
)

Label = str | Promise


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Label


MY_WORK = NavGroup("my_work", _("My work"))
MY_UNIT = NavGroup("my_unit", _("My unit"))
THE_BODY = NavGroup("body", _("The body"))
ADMINISTRATION = NavGroup("administration", _("Administration"))
THE_NETWORK = NavGroup("network", _("The network"))
GROUPS = (MY_WORK, MY_UNIT, THE_BODY, ADMINISTRATION, THE_NETWORK)


def _person_not_hr(access: Access) -> bool:
    return is_person(access) and not access.is_hr


def _not_person(access: Access) -> bool:
    return not is_person(access)


@dataclass(frozen=True)
class NavItem:
    """A page of a body in the menu. `key` is the `nav` value its view passes (the item is
    current on those pages, and on `also_current_on`); `policy` is the one its view declares."""

    key: str
    label: Label
    url_name: str
    policy: Policy
    group: NavGroup
    also_current_on: tuple[str, ...] = ()
    shown: Policy | None = None
    why_shown: str = ""

    def visible_to(self, access: Access) -> bool:
        return self.policy(access) and (self.shown is None or self.shown(access))

    @property
    def current_on(self) -> tuple[str, ...]:
        return (self.key, *self.also_current_on)


ITEMS: tuple[NavItem, ...] = (
    NavItem("home", pgettext_lazy("navigation", "Home"), "home:body", anyone, MY_WORK),
    NavItem(
        "my_week",
        _("My week"),
        "planning:my_week",
        anyone,
        MY_WORK,
        shown=is_person,
        why_shown="Without a person in the body there is no week of one's own to show.",
    ),
    NavItem(
        "my_month",
        _("My month"),
        "planning:my_month",
        anyone,
        MY_WORK,
        shown=is_person,
        why_shown="Without a person in the body there is no month of one's own to show.",
    ),
    NavItem(
        "agreements",
        _("My agreements"),
        "agreements:mine",
        anyone,
        MY_WORK,
        shown=_person_not_hr,
        why_shown="HR reaches every agreement, its own too, from the agreements dashboard; "
        "without a person there is no agreement of one's own.",
    ),
    NavItem("objectives", _("Objectives"), "objectives:mine", anyone, MY_WORK),
    NavItem(
        "commute",
        _("Commute"),
        "measurement:mine",
        anyone,
        MY_WORK,
        shown=is_person,
        why_shown="Without a person there is no commute of one's own; HR, managers and "
        "observers have the body's savings instead.",
    ),
    NavItem("people", _("People"), "org:people", manages_or_hr, MY_UNIT),
    NavItem("planning", _("Planning"), "planning:plans", manages_or_hr, MY_UNIT),
    NavItem("inbox", _("Requests"), "agreements:inbox", manages_or_hr, MY_UNIT),
    NavItem("body", _("The body's registry card"), "org:body", anyone, THE_BODY),
    NavItem("units", _("Organisation"), "org:units", anyone, THE_BODY),
    NavItem("regulation", _("Regolamento"), "agreements:regulations", anyone, THE_BODY),
    NavItem("surveys", _("Surveys"), "surveys:campaigns", observes_aggregates, THE_BODY),
    NavItem("indicators", _("Indicators"), "indicators:dashboard", observes_aggregates, THE_BODY),
    NavItem(
        "commute",
        _("Commute"),
        "measurement:body",
        observes_aggregates,
        THE_BODY,
        shown=_not_person,
        why_shown="A person reaches the body's savings from their own commute page.",
    ),
    NavItem("events", _("Events"), "events:list", anyone, THE_BODY),
    NavItem("hubs", _("Coworking"), "spaces:hubs", anyone, THE_BODY),
    NavItem("campaigns", _("Campaigns"), "measurement:campaigns", anyone, THE_BODY),
    NavItem(
        "library",
        _("Library"),
        "community:library",
        anyone,
        THE_BODY,
        also_current_on=("tables",),
    ),
    NavItem("awards", _("Awards"), "awards:calls", anyone, THE_BODY),
    NavItem("maturity", _("Maturity"), "maturity:overview", hr_or_observer, THE_BODY),
    NavItem("agreements", _("Agreements"), "agreements:dashboard", is_hr, ADMINISTRATION),
    NavItem("import", _("HR import"), "org:import", is_hr, ADMINISTRATION),
    NavItem("training", _("Training"), "agreements:prereq_training", is_hr, ADMINISTRATION),
    NavItem("equipment", _("Equipment"), "agreements:prereq_equipment", is_hr, ADMINISTRATION),
    NavItem("roles", _("Roles"), "roles", is_hr, ADMINISTRATION),
    NavItem("audit", _("Audit trail"), "audit:body", is_hr, ADMINISTRATION),
)


@dataclass(frozen=True)
class NavLink:
    """A link as the template shows it. `current_on`: the `nav` keys that make it the current
    page; a network's link is current on that network's pages (`network_pk`)."""

    label: Label
    url: str
    current_on: tuple[str, ...] = ()
    network_pk: int | None = None


@dataclass(frozen=True)
class NavMenu:
    group: NavGroup
    links: tuple[NavLink, ...]

    @property
    def current_on(self) -> tuple[str, ...]:
        return tuple(key for link in self.links for key in link.current_on)


def menu(access: Access | None, networks: Iterable[Network]) -> list[NavMenu]:
    """The groups of links the user sees: the body's pages their access allows (none outside a
    body), then the networks they may open. Empty groups are left out."""
    links: dict[NavGroup, list[NavLink]] = {group: [] for group in GROUPS}
    if access is not None:
        for item in ITEMS:
            if item.visible_to(access):
                url = reverse(item.url_name, kwargs={"body": access.body.slug})
                links[item.group].append(NavLink(item.label, url, item.current_on))
    for network in networks:
        url = reverse("org:network", kwargs={"network": network.slug})
        links[THE_NETWORK].append(NavLink(network.name, url, ("network",), network.pk))
    return [NavMenu(group, tuple(found)) for group, found in links.items() if found]
