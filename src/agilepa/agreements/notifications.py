"""E-mails about agreements, sent by the background worker (django-tasks).

Who hears of what: the person of every change; the managers above the person's unit of a new
request; the body's HR admins of approvals, and of withdrawals and suspensions. Each e-mail is
in the platform's language and carries the address of the agreement's page.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementTransition,
    MinistryCommunication,
)
from agilepa.core import formats
from agilepa.core.mail import send_once
from agilepa.core.models import RoleAssignment, RoleKind
from agilepa.core.worker import retryable
from agilepa.org.models import OrgUnit

S = AgreementStatus


def person_address(agreement: Agreement) -> list[str]:
    person = agreement.person
    address = person.email or (person.user.email if person.user_id else "")
    return [address] if address else []


def manager_addresses(agreement: Agreement) -> list[str]:
    """Heads of the person's unit and of the units above it, and explicit unit managers."""
    unit_ids = [int(x) for x in agreement.person.unit.path.strip("/").split("/") if x]
    heads = OrgUnit.objects.filter(pk__in=unit_ids, head__isnull=False).select_related(
        "head", "head__user"
    )
    addresses = {
        u.head.email or (u.head.user.email if u.head.user_id else "")
        for u in heads
        if u.head_id != agreement.person_id
    }
    addresses |= set(
        RoleAssignment.objects.filter(
            body_id=agreement.body_id, kind=RoleKind.MANAGER, unit_id__in=unit_ids
        ).values_list("user__email", flat=True)
    )
    return sorted(a for a in addresses if a)


def hr_addresses(agreement: Agreement) -> list[str]:
    return sorted(
        set(
            RoleAssignment.objects.filter(
                body_id=agreement.body_id, kind=RoleKind.HR_ADMIN
            ).values_list("user__email", flat=True)
        )
    )


def recipients(agreement: Agreement, to_status: str) -> list[str]:
    if to_status == S.SUBMITTED:
        return manager_addresses(agreement)
    out = set(person_address(agreement))
    if to_status in {S.APPROVED, S.WITHDRAWN, S.SUSPENDED}:
        out |= set(hr_addresses(agreement))
    if to_status in {S.WITHDRAWN, S.SUSPENDED, S.EXPIRED}:
        out |= set(manager_addresses(agreement))
    return sorted(out)


def agreement_link(agreement: Agreement) -> str:
    path = reverse(
        "agreements:detail", kwargs={"body": agreement.body.slug, "agreement_id": agreement.pk}
    )
    return settings.SITE_URL.rstrip("/") + path


@retryable()
@task()
def notify_transition(transition_id: int) -> int:
    """Send the e-mail of one change of status; returns how many addresses it went to."""
    transition = AgreementTransition.objects.select_related(
        "agreement__person__unit", "agreement__body", "actor"
    ).get(pk=transition_id)
    agreement = transition.agreement
    to = recipients(agreement, transition.to_status)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agreement": agreement,
            "transition": transition,
            "status": S(transition.to_status).label,
            "link": agreement_link(agreement),
        }
        subject = _("Lavoro agile: the agreement of %(person)s is now “%(status)s”") % {
            "person": agreement.person.full_name,
            "status": S(transition.to_status).label,
        }
        body = render_to_string("agreements/email_transition.txt", context)
    return send_once(f"agreement-transition:{transition.pk}", subject, body, to)


@retryable()
@task()
def remind_expiry(agreement_id: int, days: int) -> int:
    """Remind the person, their managers and HR that an agreement ends in `days` days."""
    agreement = Agreement.objects.select_related("person__unit", "body").get(pk=agreement_id)
    to = sorted(
        set(person_address(agreement))
        | set(manager_addresses(agreement))
        | set(hr_addresses(agreement))
    )
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Lavoro agile: the agreement of %(person)s ends in %(days)d days") % {
            "person": agreement.person.full_name,
            "days": days,
        }
        body = render_to_string(
            "agreements/email_reminder.txt",
            {"agreement": agreement, "days": days, "link": agreement_link(agreement)},
        )
    key = f"agreement-expiry:{agreement.pk}:{agreement.end_date}:{days}"
    return send_once(key, subject, body, to)


@retryable()
@task()
def remind_communication(communication_id: int, on: str) -> int:
    """Remind HR that a communication to the Ministry of Labour is due or late."""
    communication = MinistryCommunication.objects.select_related(
        "agreement__person", "agreement__body"
    ).get(pk=communication_id)
    if communication.sent_on is not None:
        return 0
    agreement = communication.agreement
    to = hr_addresses(agreement)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(
            "Lavoro agile: communicate to the Ministry of Labour the %(event)s of the agreement "
            "of %(person)s %(by_day)s"
        ) % {
            "event": communication.get_event_display().lower(),
            "person": agreement.person.full_name,
            "by_day": formats.with_article("entro il:by", communication.due_on),
        }
        link = settings.SITE_URL.rstrip("/") + reverse(
            "agreements:communications", kwargs={"body": agreement.body.slug}
        )
        body = _(
            "The communication of L. 81/2017 art. 23 is due %(by_day)s (5 days from the "
            "event %(of_day)s). Send it in the “Lavoro agile” service of the Servizi Lavoro "
            "portal and record the receipt number here: %(link)s"
        ) % {
            "by_day": formats.with_article("entro il:by", communication.due_on),
            "of_day": formats.with_article("del", communication.event_date),
            "link": link,
        }
    return send_once(f"ministry-communication:{communication.pk}:{on}", subject, body, to)
