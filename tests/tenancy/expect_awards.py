"""Tenancy expectations of the awards routes (see extensions.py).

Each side's body opens a call listing itself and a third body, which has applied (submitted,
with an attachment); each side's network has a call whose jury is closed and whose results are
public. Every user of the matrix is a juror of the own body's call (an external expert needs no
body role) and of no foreign call: the jury routes answer the juror and 404 anyone else, so the
foreign side proves a juror of one call cannot reach another's. tests/awards/ proves the rest:
a non-juror and a juror of the applying body get 404, and an API score of one's own body 403."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from agilepa.awards.models import (
    Answer,
    Application,
    ApplicationStatus,
    Attachment,
    AwardCall,
    Criterion,
    Juror,
    OpenTo,
    Score,
    ScoreEvent,
)
from tests.factories import BodyFactory

HR = {"hr_admin", "platform_admin"}
BODY_ROLES = {"employee", "manager", "hr_admin", "observer", "platform_admin"}
COORDINATORS = {"coordinator", "platform_admin"}
JURORS = {"employee", "manager", "hr_admin", "observer", "coordinator", "platform_admin", "nobody"}

SITE_EXPECT: dict[str, tuple[str, set[str]]] = {
    "awards:calls": ("get", BODY_ROLES),
    "awards:call_new": ("get", HR),
    "awards:call": ("get", BODY_ROLES),
    "awards:call_organise": ("post", HR),
    "awards:apply": ("get", HR),
    # The applicant's attachment: its body's HR office, and the organiser's (body a here).
    "awards:attachment": ("get", HR),
    "awards:network_calls": ("get", COORDINATORS),
    "awards:network_call": ("get", COORDINATORS),
    "awards:network_attachment": ("get", COORDINATORS),
    "awards:jury_call": ("get", JURORS),
    "awards:jury_application": ("get", JURORS),
    "awards:jury_attachment": ("get", JURORS),
}
# The results a call's organiser made public: no login, no juror-level score, no person.
# And one's own list of the calls where one is a juror (like one's tokens): no body's data.
UNSCOPED = {"awards:public_results", "awards:jury"}

A = "/api/v1/bodies/{body}/awards/calls"
N = "/api/v1/networks/{network}/awards/calls"
J = "/api/v1/awards/jury/calls/{jury_call_id}"
API_EXPECT: dict[str, set[str]] = {
    f"GET {A}": BODY_ROLES,
    f"POST {A}": HR,
    f"GET {A}/{{award_call_id}}": BODY_ROLES,
    f"GET {A}/{{award_call_id}}/results": BODY_ROLES,
    f"POST {A}/{{award_call_id}}/jurors": HR,
    f"POST {A}/{{award_call_id}}/close-jury": HR,
    f"POST {A}/{{award_call_id}}/publish": HR,
    f"GET {A}/{{award_call_id}}/application": HR,
    f"PUT {A}/{{award_call_id}}/application": HR,
    f"GET {N}": COORDINATORS,
    f"POST {N}": COORDINATORS,
    f"GET {N}/{{network_call_id}}": COORDINATORS,
    f"GET {N}/{{network_call_id}}/results": COORDINATORS,
    f"POST {N}/{{network_call_id}}/jurors": COORDINATORS,
    f"POST {N}/{{network_call_id}}/close-jury": COORDINATORS,
    f"POST {N}/{{network_call_id}}/publish": COORDINATORS,
    f"GET {J}/applications": JURORS,
    f"GET {J}/applications/{{jury_application_id}}": JURORS,
    f"PUT {J}/applications/{{jury_application_id}}/scores": JURORS,
}
API_PUBLIC = {"GET /api/v1/awards/results/{award_slug}"}
CALL = {
    "title": "Premio lavoro agile",
    "slug": "matrix-award",
    "applications_open": "2030-01-01",
    "applications_close": "2030-03-31",
    "jury_closes": "2030-05-31",
}
API_PAYLOADS: dict[str, object] = {
    f"POST {A}": CALL,
    f"POST {N}": {**CALL, "slug": "matrix-network-award", "open_to": "members"},
    f"POST {A}/{{award_call_id}}/jurors": {"email": "new.juror@example.it"},
    f"POST {A}/{{award_call_id}}/close-jury": {"accept_missing": False},
    f"POST {A}/{{award_call_id}}/publish": {"public": False},
    f"PUT {A}/{{award_call_id}}/application": {"answers": {}, "submit": False},
    f"POST {N}/{{network_call_id}}/jurors": {"email": "new.juror@example.it"},
    f"POST {N}/{{network_call_id}}/close-jury": {"accept_missing": False},
    f"POST {N}/{{network_call_id}}/publish": {"public": True},
    f"PUT {J}/applications/{{jury_application_id}}/scores": lambda ids: {
        "scores": [{"criterion_id": ids.values["award_criterion_id"], "value": 7}]
    },
}


def _applied(call: AwardCall, body, name: str) -> tuple[Application, Attachment]:
    application = Application.objects.create(
        call=call,
        body=body,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        indicators={},
    )
    for criterion in call.criteria.all():
        Answer.objects.create(application=application, criterion=criterion, text="Testo")
    stored = f"awards/matrix/{name}.pdf"
    default_storage.delete(stored)
    default_storage.save(stored, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    attachment = Attachment.objects.create(
        application=application,
        file=stored,
        name="progetto.pdf",
        content_type="application/pdf",
        size=15,
    )
    return application, attachment


def _call(side_name: str, **fields) -> AwardCall:
    call = AwardCall.objects.create(
        applications_open=date(2026, 1, 1),
        applications_close=date(2099, 12, 30),
        jury_closes=date(2099, 12, 31),
        **fields,
    )
    Criterion.objects.create(call=call, position=1, name="Flessibilità", weight=60)
    Criterion.objects.create(call=call, position=2, name="Formazione", weight=40)
    return call


def ids(world, side) -> dict[str, object]:
    own = side is world.a
    name = side.body.slug.replace("_", "-")
    applicant = BodyFactory(name=f"Unione {name}", ipa_code=f"u_{name[-1]}", slug=f"u-{name}")
    call = _call(name, body=side.body, title=f"Premio {side.body.name}", slug=f"premio-{name}")
    call.eligible_bodies.set([side.body, applicant])
    application, attachment = _applied(call, applicant, name)
    if own:
        for user in world.users.values():
            Juror.objects.create(call=call, user=user, bodies=[])
    network = world.network if own else side.body.coordinated_networks.get(slug="foreign-net")
    network_call = _call(
        name,
        network=network,
        title=f"Premio della rete {name}",
        slug=f"premio-rete-{name}",
        open_to=OpenTo.MEMBERS,
        jury_closed_at=timezone.now(),
        results_public=True,
        motivation="Per la qualità del progetto.",
    )
    _other, network_attachment = _applied(network_call, applicant, f"rete-{name}")
    return {
        "award_call_id": call.pk,
        "award_attachment_id": attachment.pk,
        "award_criterion_id": call.criteria.first().pk,
        "network_call_id": network_call.pk,
        "network_attachment_id": network_attachment.pk,
        "jury_call_id": call.pk,
        "jury_application_id": application.pk,
        "jury_attachment_id": attachment.pk,
        "award_slug": network_call.slug,
    }


def foreign_rows(body) -> list[list]:
    calls = AwardCall.objects.filter(body=body) | AwardCall.objects.filter(
        network__coordinator=body
    )
    return [
        list(calls.order_by("pk").values_list()),
        list(Juror.objects.filter(call__in=calls).order_by("pk").values_list()),
        list(Application.objects.filter(call__in=calls).order_by("pk").values_list()),
        list(Application.objects.filter(body=body).order_by("pk").values_list()),
        list(Answer.objects.filter(application__call__in=calls).order_by("pk").values_list()),
        list(Attachment.objects.filter(application__call__in=calls).order_by("pk").values_list()),
        list(Score.objects.filter(application__call__in=calls).order_by("pk").values_list()),
        list(ScoreEvent.objects.filter(call__in=calls).order_by("pk").values_list()),
    ]
