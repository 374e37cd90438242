"""The e-mail that tells the body's HR admins of a new request about someone's data."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from agilepa.core.mail import send_once
from agilepa.core.models import RoleAssignment, RoleKind
from agilepa.core.worker import retryable
from agilepa.rights.models import SubjectRequest


def hr_addresses(body_id: int) -> list[str]:
    return sorted(
        set(
            RoleAssignment.objects.filter(body_id=body_id, kind=RoleKind.HR_ADMIN).values_list(
                "user__email", flat=True
            )
        )
        - {""}
    )


@retryable()
@task()
def notify_hr(request_id: int) -> int:
    """Send HR the new request once; returns how many addresses it went to. The e-mail names
    the person and the kind of request, not its content: HR reads that on the page."""
    found = SubjectRequest.objects.select_related("person", "body").get(pk=request_id)
    to = hr_addresses(found.body_id)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "rights:requests", kwargs={"body": found.body.slug}
        )
        subject = _("Data protection: %(kind)s request from %(person)s") % {
            "kind": found.get_kind_display(),
            "person": found.person.full_name,
        }
        body = render_to_string(
            "rights/email_request.txt",
            {"request": found, "link": link, "due_on": found.due_on},
        )
    return send_once(f"rights-request:{found.pk}", subject, body, to)
