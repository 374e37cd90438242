"""Writes of surveys: surveys from the library, campaigns and their waves, sending the
invitations, and the one anonymous answer an invitation allows.

Every write takes the `Access` of an HR administrator, except `submit`, which takes only the
token of an invitation: answering needs no login."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.objectives.measures import smart_worker_ids
from agilepa.org.models import OrgUnit, Person
from agilepa.org.selectors import subtree_q
from agilepa.surveys.anonymity import MINIMUM_THRESHOLD
from agilepa.surveys.instruments import LIBRARY, validate_answers
from agilepa.surveys.models import (
    Invitation,
    Population,
    Response,
    Survey,
    SurveyCampaign,
    Wave,
    WaveKind,
)


def _require_hr(access: Access) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole


def create_survey(
    access: Access, title: str, instruments: list[str], introduction: str = ""
) -> Survey:
    _require_hr(access)
    unknown = [code for code in instruments if code not in LIBRARY]
    if unknown or not instruments:
        raise ValidationError(
            {
                "instruments": _("Choose instruments of the library: %(codes)s.")
                % {"codes": ", ".join(LIBRARY)}
            }
        )
    if not title.strip():
        raise ValidationError({"title": _("Give the survey a title.")})
    return Survey.objects.create(
        body=access.body,
        title=title.strip(),
        introduction=introduction,
        instruments=list(dict.fromkeys(instruments)),
    )


def create_campaign(
    access: Access,
    survey: Survey,
    title: str,
    population: str = Population.EVERYONE,
    units: list[OrgUnit] | None = None,
    min_group: int = 5,
) -> SurveyCampaign:
    _require_hr(access)
    if survey.body_id != access.body.pk:
        raise ValidationError({"survey": _("No such survey in this body.")})
    if min_group < MINIMUM_THRESHOLD:
        raise ValidationError(
            {"min_group": _("The smallest group shown is at least %(n)s.") % {"n": 3}}
        )
    if population not in Population.values:
        raise ValidationError({"population": _("Choose a population.")})
    units = units or []
    if population == Population.UNITS and not units:
        raise ValidationError({"units": _("Choose the units to survey.")})
    if any(u.body_id != access.body.pk for u in units):
        raise ValidationError({"units": _("No such unit in this body.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the campaign a title.")})
    with transaction.atomic():
        campaign = SurveyCampaign.objects.create(
            body=access.body,
            survey=survey,
            title=title.strip(),
            population=population,
            min_group=min_group,
        )
        campaign.units.set(units)
    return campaign


def add_wave(
    access: Access, campaign: SurveyCampaign, kind: str, label: str, opens_on: date, closes_on: date
) -> Wave:
    _require_hr(access)
    if kind not in WaveKind.values:
        raise ValidationError({"kind": _("Choose baseline or follow-up.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("A wave closes on or after the day it opens.")})
    return Wave.objects.create(
        campaign=campaign,
        kind=kind,
        label=label.strip() or WaveKind(kind).label,
        opens_on=opens_on,
        closes_on=closes_on,
    )


def token_for(invitation: Invitation) -> str:
    """The invitation's token: an HMAC with the secret key, so that reminders repeat the link
    without the token being stored."""
    message = f"survey-invitation:{invitation.wave_id}:{invitation.person_id}:{invitation.salt}"
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unit_group_of(unit: OrgUnit | None, names: Mapping[int, str]) -> str:
    """The coarse unit of a person: the top-level unit below the body (an Area), by name."""
    if unit is None:
        return ""
    ids = [int(x) for x in unit.path.strip("/").split("/") if x]
    if len(ids) >= 2:
        return names.get(ids[1], "")
    return names.get(ids[0], "") if ids else ""


def population_of(campaign: SurveyCampaign, day: date) -> list[tuple[Person, bool]]:
    """The people a wave of the campaign goes to, each with whether they work in lavoro agile
    on `day` (an active agreement covering it)."""
    people = Person.objects.filter(body=campaign.body, is_active=True).select_related("unit")
    if campaign.population == Population.UNITS:
        paths = tuple(campaign.units.values_list("path", flat=True))
        people = people.filter(subtree_q(paths, prefix="unit__"))
    smart = smart_worker_ids(campaign.body, day)
    found = [(p, p.pk in smart) for p in people.order_by("pk")]
    if campaign.population == Population.SMART_WORKERS:
        found = [(p, s) for p, s in found if s]
    elif campaign.population == Population.OTHERS:
        found = [(p, s) for p, s in found if not s]
    return found


@dataclass(frozen=True)
class Sent:
    invited: int
    tokens: dict[int, str]  # person id -> token, for the e-mails (never stored)


def send_wave(access: Access, wave: Wave, *, notify: bool = True) -> Sent:
    """Create one invitation per person of the population (once: a wave is sent once) and
    queue the e-mails (`notify=False`: the demo data, which must mail nobody)."""
    _require_hr(access)
    campaign = wave.campaign
    if campaign.body_id != access.body.pk:
        raise PermissionDeniedForRole
    if wave.invited_at is not None:
        raise ValidationError(_("This wave has already been sent."))
    names = dict(OrgUnit.objects.filter(body=campaign.body).values_list("pk", "name"))
    tokens: dict[int, str] = {}
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        if wave.invited_at is not None:
            raise ValidationError(_("This wave has already been sent."))
        invitations = []
        for person, smart in population_of(campaign, wave.opens_on):
            invitation = Invitation(
                wave=wave,
                person=person,
                salt=secrets.token_hex(16),
                unit_group=unit_group_of(person.unit, names),
                smart_worker=smart,
            )
            token = token_for(invitation)
            invitation.token_hash = hash_token(token)
            tokens[person.pk] = token
            invitations.append(invitation)
        Invitation.objects.bulk_create(invitations)
        wave.invited_at = timezone.now()
        wave.invited = len(invitations)
        wave.save(update_fields=["invited_at", "invited"])
        ids = [i.pk for i in Invitation.objects.filter(wave=wave)]
        from agilepa.surveys.notifications import send_invitation

        if notify:
            transaction.on_commit(lambda: [send_invitation.enqueue(pk) for pk in ids])
    return Sent(len(tokens), tokens)


class InvitationRefused(Exception):
    """The link is unknown, already used, or its wave is not open."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invitation_for_token(token: str, today: date | None = None) -> Invitation:
    today = today or timezone.localdate()
    invitation = (
        Invitation.objects.select_related("wave__campaign__survey", "wave__campaign__body")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationRefused(_("This link is not valid. Check the address in the e-mail."))
    if invitation.used:
        raise InvitationRefused(_("This invitation has already been used: thank you."))
    wave = invitation.wave
    if today < wave.opens_on:
        raise InvitationRefused(_("This survey opens on %(day)s.") % {"day": wave.opens_on})
    if today > wave.closes_on:
        raise InvitationRefused(_("This survey closed on %(day)s.") % {"day": wave.closes_on})
    return invitation


def submit(token: str, raw: Mapping[str, object], today: date | None = None) -> None:
    """Record the answers of an invitation's holder, once, and unlink them: the invitation is
    marked used and the response carries only the wave and the coarse attributes."""
    today = today or timezone.localdate()
    with transaction.atomic():
        invitation = invitation_for_token(token, today)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used:
            raise InvitationRefused(_("This invitation has already been used: thank you."))
        survey = invitation.wave.campaign.survey
        answers, errors = validate_answers(survey.items, raw)
        if errors:
            raise ValidationError(errors)
        # Marked used only if still unused: of two concurrent sends, one records (SQLite has no
        # row lock for select_for_update; this conditional update is atomic on both databases).
        if not Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True):
            raise InvitationRefused(_("This invitation has already been used: thank you."))
        Response.objects.create(
            wave_id=invitation.wave_id,
            unit_group=invitation.unit_group,
            smart_worker=invitation.smart_worker,
            submitted_on=today,
            answers=answers,
        )
