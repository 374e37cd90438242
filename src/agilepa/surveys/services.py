"""Writes of surveys: surveys from the library, campaigns and their waves, sending the
invitations, the one anonymous answer an invitation allows, and counting a closed wave.

Every write takes the `Access` of an HR administrator, except `submit`, which takes only the
token of an invitation (answering needs no login), and `count_wave`, run by the daily job."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.objectives.measures import smart_worker_ids
from agilepa.org.models import OrgUnit, Person
from agilepa.org.selectors import subtree_q
from agilepa.surveys.anonymity import MINIMUM_THRESHOLD
from agilepa.surveys.instruments import LIBRARY, validate_answers
from agilepa.surveys.mailing import send_invitation
from agilepa.surveys.models import (
    Invitation,
    PendingAnswer,
    Population,
    Response,
    SpentToken,
    Survey,
    SurveyCampaign,
    Wave,
    WaveKind,
)
from agilepa.surveys.sealing import (
    Envelope,
    hash_token,
    seal,
    spent_mark,
    token_for,
    unseal,
)
from agilepa.surveys.selectors import campaign_results


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


def has_answered(invitation: Invitation, spent: set[str] | None = None) -> bool:
    """Whether the invitation was used: only the server, which holds the secret key, can tell.
    `spent`: the marks of the wave, when asking for many invitations."""
    mark = spent_mark(token_for(invitation))
    if spent is not None:
        return mark in spent
    return SpentToken.objects.filter(mark=mark).exists()


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
        if notify:
            transaction.on_commit(lambda: [send_invitation.enqueue(pk) for pk in ids])
    return Sent(len(tokens), tokens)


class InvitationRefused(Exception):
    """The link is unknown, already used, or its wave is not open."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invitation_for_token(
    token: str, today: date | None = None, *, held: Invitation | None = None
) -> Invitation:
    """The invitation a token opens, if it may still answer. A read, never a lock: `SELECT …
    FOR UPDATE` would write the answering transaction's id into the invitation's row (its
    xmax), the very link the pool avoids. `held`: the invitation the caller already holds
    (with its wave, campaign and survey), taken instead of looking it up when the token is
    its own; every other check is made all the same."""
    today = today or timezone.localdate()
    if held is not None and token and held.token_hash == hash_token(token):
        invitation: Invitation | None = held
    else:
        invitation = (
            Invitation.objects.select_related("wave__campaign__survey", "wave__campaign__body")
            .filter(token_hash=hash_token(token))
            .first()
            if token
            else None
        )
    if invitation is None:
        raise InvitationRefused(
            _("This code is not valid. Check the link or the code in the e-mail.")
        )
    if SpentToken.objects.filter(mark=spent_mark(token)).exists():
        raise InvitationRefused(_("This invitation has already been used: thank you."))
    wave = invitation.wave
    if today < wave.opens_on:
        raise InvitationRefused(
            _("This survey opens %(on_day)s.")
            % {"on_day": formats.with_article("il", wave.opens_on)}
        )
    if today > wave.closes_on or wave.counted_on is not None:
        raise InvitationRefused(
            _("This survey closed %(on_day)s.")
            % {"on_day": formats.with_article("il", wave.closes_on)}
        )
    return invitation


def submit(
    token: str,
    raw: Mapping[str, object],
    today: date | None = None,
    *,
    invitation: Invitation | None = None,
) -> None:
    """Record the answers of an invitation's holder, once, where nobody can tie them to the
    invitation: the token leaves a keyed mark (`SpentToken`, whose unique key refuses a second
    answer, even a concurrent one) and the answers go, sealed with their coarse attributes, to
    the wave's pool (`PendingAnswer`). The invitation itself is only read. Both rows share this
    transaction's id; neither can be tied to a person without the secret key. `invitation`:
    the token's invitation when the caller already holds it (see `invitation_for_token`)."""
    today = today or timezone.localdate()
    invitation = invitation_for_token(token, today, held=invitation)
    spent, pending = answer_rows(invitation, token, raw)
    try:
        with transaction.atomic():
            spent.save(force_insert=True)
            pending.save(force_insert=True)
    except IntegrityError as exc:
        raise InvitationRefused(_("This invitation has already been used: thank you.")) from exc


def answer_rows(
    invitation: Invitation, token: str, raw: Mapping[str, object]
) -> tuple[SpentToken, PendingAnswer]:
    """The two rows an answer is (not yet saved): the token's keyed mark and the answers,
    validated against the survey's items and sealed with the invitation's coarse attributes.
    `submit` saves them once it has checked the link; the demo's seeding saves a wave's in
    bulk. ValidationError names each answer refused."""
    survey = invitation.wave.campaign.survey
    answers, errors = validate_answers(survey.items, raw)
    if errors:
        raise ValidationError(errors)
    envelope = Envelope(invitation.unit_group, invitation.smart_worker, answers)
    return (
        SpentToken(mark=spent_mark(token), wave_id=invitation.wave_id),
        PendingAnswer(wave_id=invitation.wave_id, sealed=seal(envelope, invitation.wave_id)),
    )


def count_wave(wave_id: int, today: date | None = None) -> int:
    """Move a closed wave's answers from the pool to `Response`, in one transaction: every
    response gets the same transaction id, the wave's closing day, and a random id drawn now,
    in whose order the rows are written, so that neither the ids nor the physical order
    follow the order of answering. The envelopes are deleted in the same transaction (on
    PostgreSQL their dead rows stay in the table's files until VACUUM: docs/surveys.md).
    Returns the number of responses written; a wave still open, or already counted, writes
    nothing, so that no batch can be told apart from the next answers."""
    today = today or timezone.localdate()
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave_id)
        if wave.counted_on is not None or today <= wave.closes_on:
            return 0
        pending = list(PendingAnswer.objects.filter(wave=wave))
        responses = []
        for row in pending:
            envelope = unseal(row.sealed, wave.pk)
            responses.append(
                Response(
                    id=uuid.uuid4(),
                    wave=wave,
                    unit_group=envelope.unit_group,
                    smart_worker=envelope.smart_worker,
                    submitted_on=wave.closes_on,
                    answers=dict(envelope.answers),
                )
            )
        # In one statement, in the order of the random ids. A bulk write sends no `post_save`
        # to the indicators: the month it changes (the wave's closing day's) is marked here, as
        # the attendance import marks its own.
        Response.objects.bulk_create(sorted(responses, key=lambda r: r.id), batch_size=500)
        PendingAnswer.objects.filter(wave=wave).delete()
        wave.counted_on = today
        wave.save(update_fields=["counted_on"])
        if responses:
            from agilepa.indicators.summary import mark_dirty

            mark_dirty(wave.campaign.body_id, [wave.closes_on])
    keep_results(wave.campaign_id)
    return len(responses)


def keep_results(campaign_id: int) -> None:
    """Compute the campaign's results in every language and keep them (`ResultsSnapshot`), once
    a wave is counted: the night's job waits for them, not the first reader of the morning."""
    campaign = SurveyCampaign.objects.select_related("survey").get(pk=campaign_id)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            campaign_results(campaign)


def closed_waves_to_count(today: date) -> list[int]:
    """The waves closed before `today` whose answers are still in the pool."""
    return list(
        Wave.objects.filter(
            counted_on__isnull=True, invited_at__isnull=False, closes_on__lt=today
        ).values_list("pk", flat=True)
    )
