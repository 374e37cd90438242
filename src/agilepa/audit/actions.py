"""What each action of the trail means, for people: the pages, the API and the exports show
this label next to the raw action, and the raw action alone for one not listed here (a new
service's entry is readable before anyone names it)."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "request": _("Change through a page or the API"),
    "login.success": _("Login"),
    "login.failure": _("Failed login"),
    "login.second_factor": _("Second factor verified"),
    "logout": _("Logout"),
    "password.change": _("Password changed"),
    "token.create": _("API token created"),
    "token.revoke": _("API token revoked"),
    "role.grant": _("Role granted"),
    "role.revoke": _("Role revoked"),
    "person.create": _("Person added"),
    "person.update": _("Personal record changed"),
    "person.end": _("Employment ended"),
    "person.read": _("Personal record read"),
    "person.read_special": _("Special-category data read"),
    "unit.create": _("Unit created"),
    "unit.update": _("Unit changed"),
    "unit.move": _("Unit moved"),
    "import.people": _("People imported"),
    "import.units": _("Units imported"),
    "agreement.transition": _("Agreement changed state"),
    "plan.update": _("Plan changed"),
    "plan.publish": _("Plan published"),
    "indicator.target": _("Indicator target changed"),
    "indicator.declare": _("Indicator value declared"),
    "indicator.benchmark_opt_in": _("Benchmark participation changed"),
    "indicator.open_data": _("Open data publication changed"),
    "indicator.report_signature": _("PIAO report signature changed"),
    "spaces.hub_close": _("Hub closed"),
    "spaces.seat_retire": _("Seat taken out of use"),
    "spaces.room_retire": _("Room taken out of use"),
    "award.score": _("Award score given"),
    "export": _("Personal data exported"),
    "audit.export": _("Audit trail exported"),
    "admin.change": _("Changed in the administration console"),
}


def action_label(action: str) -> str:
    """The action's label, or the action itself when it has none."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


# The names of what an export's entry records (core/exports.py `record_export`).
RECORDED = {"route": _("route"), "what": _("what"), "filters": _("filters")}


def field_label(object_type: str, name: str) -> str:
    """A changed field's name as its model calls it ("first name"), else as the trail names
    what it records, else as recorded."""
    recorded = str(RECORDED.get(name, name))
    if "." not in object_type:
        return recorded
    try:
        model = apps.get_model(object_type)
        return str(model._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return recorded
