"""Everything the platform holds about one person, gathered app by app (artt. 15 and 20 GDPR).

One function per app, registered with `@gatherer(covers=...)`: it returns that app's sections
and names, in `covers`, the foreign keys to the person (org.Person) or to their login
(core.User) that it reads. A foreign key to either that no gatherer covers must be listed in
EXCLUDED with the reason; tests/rights/test_every_personal_model_is_decided.py fails for any
other, so a new model holding someone's data is not left out of the export by oversight.

Never gathered: survey answers. They are anonymous by design (docs/surveys.md): nothing links a
response to its respondent, so nothing can be given back to them; the export says so.

The structure (FORMAT, VERSION) is documented in docs/rights.md; a change of a key is a new
VERSION."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from agilepa.agreements.models import AGREEMENT_TERMS
from agilepa.audit.services import plain
from agilepa.org.models import OrgUnit, Person

FORMAT = "agilepa.personal-data-export"
VERSION = 1


@dataclass
class Section:
    """A list of records of one kind: `fields` maps each key of the rows to its label."""

    key: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "note": self.note, "fields": self.fields, "rows": self.rows}


Gatherer = Callable[[Person], list[Section]]


@dataclass(frozen=True)
class Registered:
    app: str
    function: Gatherer
    covers: frozenset[str]


GATHERERS: list[Registered] = []


def gatherer(app: str, covers: Iterable[str]) -> Callable[[Gatherer], Gatherer]:
    """Register an app's gatherer; `covers` names the foreign keys ("app.Model.field") it reads."""

    def register(function: Gatherer) -> Gatherer:
        GATHERERS.append(Registered(app, function, frozenset(covers)))
        return function

    return register


def covered() -> set[str]:
    return set().union(*(g.covers for g in GATHERERS))


# Why these foreign keys to a person or a login are not gathered. Most name the user *acting* on
# someone else's record (the manager approving, HR recording): that record is the other
# person's data (art. 15(4) GDPR), and the act is in the audit trail of that person.
ACTOR = gettext_lazy(
    "the user acting (as manager, HR or administrator) on a record of the body or of another "
    "person: part of that record, not of the actor's own data (art. 15(4) GDPR)"
)
EXCLUDED: dict[str, str] = {
    "admin.LogEntry.user": ACTOR,
    "org.ImportBatch.uploaded_by": ACTOR,
    "org.ImportBatch.applied_by": ACTOR,
    "agreements.Regulation.created_by": ACTOR,
    "agreements.Agreement.approved_by": ACTOR,
    "agreements.Agreement.countersigned_by": ACTOR,
    "agreements.AgreementTransition.actor": ACTOR,
    "agreements.PresenceDerogation.decided_by": ACTOR,
    "agreements.ReasonAccess.user": ACTOR,
    "agreements.MinistryCommunication.recorded_by": ACTOR,
    "agreements.WorkstationCheck.checked_by": ACTOR,
    "planning.MonthPlan.created_by": ACTOR,
    "planning.MonthPlan.published_by": ACTOR,
    "privacy.PrivacyNotice.updated_by": ACTOR,
    "privacy.NoticeVersion.published_by": ACTOR,
    "retention.RetentionPolicy.updated_by": ACTOR,
    "retention.Pseudonymisation.person": gettext_lazy(
        "the mark that a person was pseudonymised: it holds only the pseudonym, and a "
        "pseudonymised person has no login or name left to ask with"
    ),
    "planning.PlanChange.actor": ACTOR,
    "planning.ChangeRequest.decided_by": ACTOR,
    "spaces.Booking.created_by": ACTOR,
    "spaces.RoomBooking.created_by": ACTOR,
    "spaces.Slot.person": gettext_lazy(
        "the half-day slots a booking holds (the guard against overbooking): the same person, "
        "seat, date and half as the booking, which is gathered"
    ),
    "objectives.Objective.created_by": ACTOR,
    "measurement.CommuteProfile.updated_by": ACTOR,
    "measurement.CampaignBody.joined_by": ACTOR,
    "indicators.DeclaredValue.entered_by": ACTOR,
    "indicators.Target.set_by": ACTOR,
    "indicators.BenchmarkOptIn.by": ACTOR,
    "indicators.OpenDataOptIn.by": ACTOR,
    "indicators.ReportSignature.signed_by": ACTOR,
    "events.Event.created_by": ACTOR,
    "events.Registration.attendance_recorded_by": ACTOR,
    "maturity.Assessment.created_by": ACTOR,
    "maturity.Assessment.updated_by": ACTOR,
    "maturity.Assessment.submitted_by": ACTOR,
    "community.TableMember.registered_by": ACTOR,
    "community.MeetingRegistration.registered_by": ACTOR,
    "community.Material.created_by": gettext_lazy(
        "the author of a material the body published in the network's library, shown with it"
    ),
    "community.MaterialVersion.created_by": gettext_lazy(
        "the author of a version of a published material, shown with it"
    ),
    "community.Reuse.created_by": ACTOR,
    "awards.AwardCall.jury_closed_by": ACTOR,
    "awards.Juror.named_by": ACTOR,
    "awards.Application.created_by": ACTOR,
    "awards.Application.submitted_by": ACTOR,
    "awards.Attachment.uploaded_by": ACTOR,
    "awards.ScoreEvent.user": gettext_lazy(
        "a juror's scores of the applications of bodies: the award's own record of the "
        "jury's work, kept for its audit"
    ),
    "django_otp_webauthn.WebAuthnUserHandle.user": gettext_lazy(
        "a random handle given to the passkey authenticator: no information about the person"
    ),
    "identity.IdentityEvent.actor": ACTOR,
    "audit.AuditEntry.actor": ACTOR,
    "rights.SubjectRequest.submitted_by": ACTOR,
    "rights.SubjectRequest.handled_by": ACTOR,
}

SURVEY_NOTE = gettext_lazy(
    "Survey answers are not in this export, and cannot be: they are anonymous by design. "
    "Nothing kept by the platform links an answer to the person who gave it, so nobody, "
    "administrators included, can find yours. The export lists only the survey waves you "
    "were invited to."
)


def section(
    key: str,
    title: str,
    objects: Iterable[models.Model],
    names: Sequence[str],
    extra: Callable[[Any], dict[str, Any]] | None = None,
    extra_fields: dict[str, str] | None = None,
) -> Section:
    """One row per object with the named fields: a foreign key as its label (the object's
    text), a field with fixed choices as its code plus `<name>_display`, its label."""
    out = Section(key=key, title=title)
    objects = list(objects)
    model = type(objects[0]) if objects else None
    for obj in objects:
        row: dict[str, Any] = {}
        for name in names:
            model_field = obj._meta.get_field(name)
            value = getattr(obj, name)
            if model_field.is_relation and not model_field.many_to_many:
                row[name] = str(value) if value is not None else None
            else:
                row[name] = plain(value)
            if getattr(model_field, "choices", None):
                row[f"{name}_display"] = str(getattr(obj, f"get_{name}_display")())
        if extra is not None:
            row.update(plain(extra(obj)))
        out.rows.append(row)
    if model is not None:
        for name in names:
            out.fields[name] = str(model._meta.get_field(name).verbose_name)
    out.fields.update(extra_fields or {})
    return out


# --- org and core: the person's record and their login --------------------------------------

PERSON_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "tax_code",
    "contract",
    "part_time_percent",
    "job_category",
    "hire_date",
    "is_active",
    "ended_on",
    "updated_at",
)


@gatherer("org", covers={"org.Person.user", "org.OrgUnit.head"})
def gather_org(person: Person) -> list[Section]:
    record = section(
        "person",
        _("Your record"),
        [person],
        PERSON_FIELDS,
        extra=lambda p: {
            "body": p.body.name,
            "unit": p.unit.name,
            "unit_code": p.unit.code,
            "office_site": str(p.office_site) if p.office_site_id else None,
            "office_site_address": p.office_site.address if p.office_site_id else None,
            "home_municipality": str(p.home_municipality) if p.home_municipality_id else None,
        },
        extra_fields={
            "body": _("body"),
            "unit": _("unit"),
            "unit_code": _("unit code"),
            "office_site": _("office site"),
            "office_site_address": _("address of the office site"),
            "home_municipality": _("home municipality"),
        },
    )
    headed = section(
        "units_headed",
        _("Units you head"),
        OrgUnit.objects.filter(head=person).order_by("path"),
        ("code", "name", "level_name"),
    )
    return [record, headed]


@gatherer(
    "core",
    covers={
        "core.RoleAssignment.user",
        "core.ApiToken.user",
        "otp_totp.TOTPDevice.user",
        "otp_static.StaticDevice.user",
        "django_otp_webauthn.WebAuthnCredential.user",
        "identity.IdentityEvent.subject",
    },
)
def gather_account(person: Person) -> list[Section]:
    """The login: shared by every body where the person works, so each body's export holds it;
    the roles are this body's only. Never the password's hash, a token or a second factor's
    secret."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    from agilepa.core.models import ApiToken, RoleAssignment
    from agilepa.identity.models import IdentityEvent

    user = person.user
    if user is None:
        return [
            Section("account", _("Your login"), note=_("You have no login on the platform.")),
        ]
    account = section(
        "account",
        _("Your login"),
        [user],
        ("email", "first_name", "last_name", "is_active", "date_joined", "last_login"),
    )
    roles = section(
        "roles",
        _("Your roles in the body"),
        RoleAssignment.objects.filter(user=user, body=person.body).select_related("unit"),
        ("kind", "unit", "created_at"),
    )
    tokens = section(
        "api_tokens",
        _("Your API tokens"),
        ApiToken.objects.filter(user=user).order_by("created_at"),
        ("name", "hint", "created_at", "last_used_at", "expires_at", "revoked_at"),
    )
    factors = section(
        "second_factors",
        _("Your second factors"),
        [
            *TOTPDevice.objects.filter(user=user),
            *StaticDevice.objects.filter(user=user),
        ],
        ("name", "confirmed"),
    )
    passkeys = section(
        "passkeys",
        _("Your passkeys"),
        WebAuthnCredential.objects.filter(user=user),
        ("name", "created_at", "last_used_at"),
    )
    events = section(
        "login_events",
        _("Events of your login"),
        IdentityEvent.objects.filter(subject=user).select_related("provider").order_by("at"),
        ("at", "kind", "provider", "detail"),
    )
    return [account, roles, tokens, factors, passkeys, events]


# --- agreements -----------------------------------------------------------------------------

AGREEMENT_FIELDS = (
    "status",
    "regulation",
    *AGREEMENT_TERMS,
    "rejection_reason",
    "withdrawal_reason",
    "withdrawal_justified",
    "withdrawal_notified_on",
    "withdrawal_effective_on",
    "submitted_at",
    "approved_by",
    "approved_at",
    "countersigned_by",
    "countersigned_at",
    "created_at",
)


@gatherer(
    "agreements",
    covers={
        "agreements.Agreement.person",
        "agreements.WorkstationCheck.person",
        "agreements.EquipmentItem.person",
        "agreements.TrainingCompletion.person",
        "agreements.SafetyNotice.person",
    },
)
def gather_agreements(person: Person) -> list[Section]:
    """The agreements with their history, derogations (with the person's own reason: it is
    theirs), who read that reason, and the communications to the Ministry of Labour."""
    from agilepa.agreements.models import (
        AgreementTransition,
        EquipmentItem,
        MinistryCommunication,
        PresenceDerogation,
        ReasonAccess,
        SafetyNotice,
        TrainingCompletion,
        WorkstationCheck,
    )

    agreements = list(person.agreements.select_related("regulation").order_by("start_date", "pk"))
    ids = [a.pk for a in agreements]
    number = {"agreement": _("agreement no.")}
    return [
        section(
            "agreements",
            _("Agreements"),
            agreements,
            AGREEMENT_FIELDS,
            extra=lambda a: {"agreement": a.pk},
            extra_fields=number,
        ),
        section(
            "agreement_history",
            _("History of the agreements"),
            AgreementTransition.objects.filter(agreement_id__in=ids)
            .select_related("actor")
            .order_by("at", "pk"),
            ("from_status", "to_status", "actor", "at", "reason"),
            extra=lambda t: {"agreement": t.agreement_id},
            extra_fields=number,
        ),
        section(
            "derogations",
            _("Derogations from the prevalence of presence"),
            PresenceDerogation.objects.filter(agreement_id__in=ids).select_related("decided_by"),
            (
                "days_per_month",
                "reason",
                "review_on",
                "status",
                "requested_at",
                "decided_by",
                "decided_at",
            ),
            extra=lambda d: {"agreement": d.agreement_id},
            extra_fields=number,
        ),
        section(
            "derogation_reason_reads",
            _("Who read the reason of your derogation"),
            ReasonAccess.objects.filter(derogation__agreement_id__in=ids)
            .select_related("user")
            .order_by("at"),
            ("user", "at"),
        ),
        section(
            "ministry_communications",
            _("Communications to the Ministry of Labour"),
            MinistryCommunication.objects.filter(agreement_id__in=ids).order_by("event_date"),
            (
                "event",
                "event_date",
                "due_on",
                "period_start",
                "period_end",
                "sent_on",
                "receipt_number",
            ),
            extra=lambda c: {"agreement": c.agreement_id},
            extra_fields=number,
        ),
        section(
            "safety_notices",
            _("Safety notices delivered"),
            SafetyNotice.objects.filter(person=person).order_by("delivered_on"),
            ("delivered_on", "agreement"),
        ),
        section(
            "equipment",
            _("Equipment"),
            EquipmentItem.objects.filter(person=person).order_by("handed_over_on", "pk"),
            ("asset_tag", "kind", "description", "serial_number", "handed_over_on", "returned_on"),
        ),
        section(
            "workstation_checks",
            _("Workstation checks"),
            WorkstationCheck.objects.filter(person=person).order_by("checked_on"),
            (
                "device",
                "checked_on",
                "os_updated",
                "disk_encrypted",
                "antivirus",
                "vpn",
                "mfa",
                "home_network_secured",
                "backups",
                "notes",
            ),
        ),
        section(
            "training",
            _("Training completed"),
            TrainingCompletion.objects.filter(person=person)
            .select_related("course")
            .order_by("completed_on"),
            ("course", "completed_on"),
        ),
    ]


# --- planning -------------------------------------------------------------------------------


@gatherer(
    "planning",
    covers={
        "planning.Absence.person",
        "planning.PlanningProfile.person",
        "planning.PlanDay.person",
        "planning.PlanChange.person",
        "planning.CalendarFeed.person",
        "planning.ChangeRequest.person",
        "planning.ActualDay.person",
    },
)
def gather_planning(person: Person) -> list[Section]:
    from agilepa.planning.models import (
        Absence,
        ActualDay,
        CalendarFeed,
        ChangeRequest,
        PlanChange,
        PlanDay,
        PlanningProfile,
    )

    return [
        section(
            "planning_profile",
            _("Planning preferences"),
            PlanningProfile.objects.filter(person=person),
            ("roles", "preferred_weekdays"),
        ),
        section(
            "plan_days",
            _("Planned days"),
            PlanDay.objects.filter(person=person).select_related("site").order_by("date"),
            ("date", "kind", "site", "place", "hours"),
        ),
        section(
            "plan_changes",
            _("Changes to your plan"),
            PlanChange.objects.filter(person=person).select_related("actor").order_by("at"),
            ("date", "before", "after", "actor", "at"),
        ),
        section(
            "change_requests",
            _("Your requests to change a day"),
            ChangeRequest.objects.filter(person=person)
            .select_related("decided_by")
            .order_by("created_at"),
            (
                "from_date",
                "to_date",
                "reason",
                "status",
                "decided_by",
                "decided_at",
                "answer",
                "created_at",
            ),
        ),
        section(
            "actual_days",
            _("Actual days"),
            ActualDay.objects.filter(person=person).order_by("date"),
            ("date", "kind", "source", "recorded_at"),
        ),
        section(
            "absences",
            _("Absences"),
            Absence.objects.filter(person=person).order_by("start"),
            ("start", "end", "kind"),
        ),
        section(
            "calendar_feeds",
            _("Calendar feeds"),
            CalendarFeed.objects.filter(person=person).order_by("created_at"),
            ("created_at", "revoked_at"),
        ),
    ]


# --- spaces ---------------------------------------------------------------------------------


@gatherer(
    "spaces",
    covers={"spaces.Booking.person", "spaces.WaitlistEntry.person", "spaces.RoomBooking.person"},
)
def gather_spaces(person: Person) -> list[Section]:
    from agilepa.spaces.models import Booking, RoomBooking, WaitlistEntry

    return [
        section(
            "seat_bookings",
            _("Seat bookings"),
            Booking.objects.filter(person=person).select_related("hub", "seat").order_by("date"),
            ("hub", "seat", "date", "half", "status", "checked_in_at", "created_at"),
        ),
        section(
            "waitlist",
            _("Waiting lists"),
            WaitlistEntry.objects.filter(person=person).select_related("hub").order_by("date"),
            ("hub", "date", "half", "created_at"),
        ),
        section(
            "room_bookings",
            _("Room bookings"),
            RoomBooking.objects.filter(person=person).select_related("room").order_by("date"),
            ("room", "date", "starts_at", "ends_at", "purpose", "status", "created_at"),
        ),
    ]


# --- objectives -----------------------------------------------------------------------------


@gatherer(
    "objectives",
    covers={
        "objectives.Objective.owner",
        "objectives.CheckIn.author",
        "objectives.ActivityEntry.person",
    },
)
def gather_objectives(person: Person) -> list[Section]:
    """The objectives the person owns, the check-ins on them and those they wrote elsewhere,
    and their activity log."""
    from django.db.models import Q

    from agilepa.objectives.models import ActivityEntry, CheckIn, Objective

    owned = Objective.objects.filter(owner=person).order_by("year", "code")
    checkins = CheckIn.objects.filter(objective__owner=person)
    if person.user_id:
        checkins = CheckIn.objects.filter(Q(objective__owner=person) | Q(author=person.user))
    return [
        section(
            "objectives",
            _("Objectives you own"),
            owned,
            ("code", "title", "description", "year", "period", "level", "state", "progress"),
        ),
        section(
            "check_ins",
            pgettext("an objective's", "Check-ins"),
            checkins.select_related("objective", "author").order_by("date", "pk"),
            ("objective", "author", "date", "comment", "confidence", "progress"),
        ),
        section(
            "activity_log",
            _("Activity log"),
            ActivityEntry.objects.filter(person=person).order_by("date"),
            ("date", "text"),
        ),
    ]


# --- measurement ----------------------------------------------------------------------------


@gatherer("measurement", covers={"measurement.CommuteProfile.person", "measurement.Pledge.person"})
def gather_measurement(person: Person) -> list[Section]:
    from agilepa.measurement.models import CommuteProfile, Pledge

    return [
        section(
            "commute",
            _("Commute profile"),
            CommuteProfile.objects.filter(person=person),
            ("distance_km", "minutes", "mode", "updated_at"),
        ),
        section(
            "pledges",
            _("Smart-working campaign pledges"),
            Pledge.objects.filter(person=person).select_related("campaign").order_by("date"),
            ("campaign", "date", "created_at"),
        ),
    ]


# --- surveys --------------------------------------------------------------------------------


@gatherer("surveys", covers={"surveys.Invitation.person"})
def gather_surveys(person: Person) -> list[Section]:
    """The waves the person was invited to; not the invitation's token, salt or the coarse
    attributes its response would carry, and never an answer (SURVEY_NOTE)."""
    from agilepa.surveys.models import Invitation

    invitations = Invitation.objects.filter(person=person).select_related("wave__campaign")
    out = Section(
        "survey_invitations",
        str(_("Survey invitations")),
        fields={
            "campaign": _("campaign"),
            "wave": _("wave"),
            "opens_on": _("opens on"),
            "closes_on": _("closes on"),
        },
        note=str(SURVEY_NOTE),
    )
    for invitation in invitations.order_by("wave__opens_on", "pk"):
        wave = invitation.wave
        out.rows.append(
            {
                "campaign": str(wave.campaign),
                "wave": wave.label,
                "opens_on": wave.opens_on.isoformat(),
                "closes_on": wave.closes_on.isoformat(),
            }
        )
    return [out]


# --- indicators -----------------------------------------------------------------------------


@gatherer("indicators", covers={"indicators.PersonMonth.person"})
def gather_indicators(person: Person) -> list[Section]:
    from agilepa.indicators.models import PersonMonth

    names = [
        f.name
        for f in PersonMonth._meta.concrete_fields
        if f.name not in {"id", "body", "person", "unit"}
    ]
    return [
        section(
            "monthly_summary",
            _("Monthly summary used by the indicators"),
            PersonMonth.objects.filter(person=person).order_by("month"),
            names,
        )
    ]


# --- events and community -------------------------------------------------------------------


@gatherer("events", covers={"events.Registration.person"})
def gather_events(person: Person) -> list[Section]:
    from agilepa.events.models import Registration

    return [
        section(
            "event_registrations",
            _("Training and event registrations"),
            Registration.objects.filter(person=person)
            .select_related("event")
            .order_by("requested_at"),
            ("event", "status", "place", "requested_at", "attended", "attendance_recorded_at"),
        )
    ]


@gatherer(
    "community",
    covers={"community.TableMember.person", "community.MeetingRegistration.person"},
)
def gather_community(person: Person) -> list[Section]:
    from agilepa.community.models import MeetingRegistration, TableMember

    return [
        section(
            "tables",
            _("Thematic tables"),
            TableMember.objects.filter(person=person).select_related("table"),
            ("table", "joined_on"),
        ),
        section(
            "meetings",
            _("Meeting registrations"),
            MeetingRegistration.objects.filter(person=person).select_related("meeting"),
            ("meeting", "registered_at", "attended"),
        ),
    ]


@gatherer("awards", covers={"awards.Juror.user"})
def gather_awards(person: Person) -> list[Section]:
    from agilepa.awards.models import Juror

    jurors = Juror.objects.filter(user_id=person.user_id) if person.user_id else []
    return [section("juries", _("Award juries you sit on"), jurors, ("call", "named_at"))]


# --- the audit trail and the requests -------------------------------------------------------


@gatherer("audit", covers={"audit.AuditEntry.person"})
def gather_audit(person: Person) -> list[Section]:
    """Who changed or read the person's record, in this body. Not the actor's address or the
    request id: they are the actor's data, not the person's."""
    from agilepa.audit.models import AuditEntry

    return [
        section(
            "audit",
            _("Who changed or read your data"),
            AuditEntry.objects.filter(person=person, body_id=person.body_id).order_by("at", "pk"),
            ("at", "actor_label", "via", "action", "object_type", "object_label", "changes"),
        )
    ]


@gatherer("rights", covers={"rights.SubjectRequest.person"})
def gather_rights(person: Person) -> list[Section]:
    from agilepa.rights.models import SubjectRequest

    return [
        section(
            "requests",
            _("Your requests about your data"),
            SubjectRequest.objects.filter(person=person).order_by("received_on", "pk"),
            ("kind", "received_on", "field", "correction", "status", "handled_at", "note"),
        )
    ]


@gatherer("privacy", covers={"privacy.NoticeAcknowledgement.user"})
def gather_privacy(person: Person) -> list[Section]:
    from agilepa.privacy.models import NoticeAcknowledgement

    readings = (
        NoticeAcknowledgement.objects.filter(
            user_id=person.user_id, version__notice__body_id=person.body_id
        ).order_by("at", "pk")
        if person.user_id
        else NoticeAcknowledgement.objects.none()
    )
    return [section("notice", _("Privacy notices you have read"), readings, ("version", "at"))]


# --- the export -----------------------------------------------------------------------------


def export(person: Person) -> dict[str, Any]:
    """The whole export as JSON-ready data: see docs/rights.md for its structure."""
    person = Person.objects.select_related(
        "body", "unit", "office_site", "home_municipality", "user"
    ).get(pk=person.pk)
    sections: dict[str, Any] = {}
    for registered in GATHERERS:
        for found in registered.function(person):
            sections[found.key] = found.as_dict() | {"app": registered.app}
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "controller": {"body": person.body.name, "ipa_code": person.body.ipa_code},
        "person": {"id": person.pk, "name": person.full_name},
        "not_included": {"survey_answers": str(SURVEY_NOTE)},
        "sections": sections,
    }
