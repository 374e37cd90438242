"""API routes of the awards, with the permissions of the pages: a body's calls and its
application (HR), a call's organiser (the body's HR office, or the network's coordinators) naming
jurors, closing the jury and publishing; a juror's applications and scores (never their own
body's: 403 with the reason); the public results of a published call (no login)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from agilepa.awards import selectors, services
from agilepa.awards.models import Answer, Application, AwardCall, Criterion, OpenTo, Score
from agilepa.core.api_types import Item, text_of
from agilepa.core.models import User
from agilepa.core.policies import api_access, coordinated_network, is_hr
from agilepa.org.models import Body

router = Router(tags=["awards"])
BASE = "/bodies/{body}/awards/calls"
NET = "/networks/{network}/awards/calls"
JURY = "/awards/jury/calls/{jury_call_id}"


class CriterionSchema(Schema):
    name: text_of(Criterion, "name")
    weight: int
    description: text_of(Criterion, "description") = ""


class CriterionOut(CriterionSchema):
    id: int


class CallIn(Schema):
    title: text_of(AwardCall, "title")
    slug: text_of(AwardCall, "slug")
    rules: text_of(AwardCall, "rules") = ""
    applications_open: date
    applications_close: date
    jury_closes: date
    scale_max: int = 10
    # "listed" or, for a network's call, "members"
    open_to: text_of(AwardCall, "open_to") = OpenTo.LISTED
    eligible_bodies: list[Item] = []  # slugs of the bodies, for a call open to those listed
    criteria: list[CriterionSchema] | None = None  # None: the Pavia template


class RankedOut(Schema):
    position: int
    shared: bool
    application_id: int
    body: str
    total: float
    means: list[dict]


class TieOut(Schema):
    first: str
    second: str
    total: float
    criterion: str | None  # None: equal on every criterion, ex aequo
    first_mean: float | None
    second_mean: float | None


class AwardResultsOut(Schema):
    ranking: list[RankedOut]
    ties: list[TieOut]
    tie_rule: str
    missing_at_close: list[dict]
    motivation: str


class CallOut(Schema):
    id: int
    title: str
    slug: str
    rules: str
    organiser: str
    network: str | None
    body: str | None
    applications_open: date
    applications_close: date
    jury_closes: date
    scale_max: int
    open_to: str
    criteria: list[CriterionOut]
    jury_closed: bool
    results_public: bool


TIE_RULE = (
    "Equal totals: the higher mean score on the heaviest criterion decides, then the next "
    "heaviest (equal weights in the call's order); equal on every criterion: ex aequo."
)


def _call_out(call: AwardCall) -> dict[str, object]:
    return {
        "id": call.pk,
        "title": call.title,
        "slug": call.slug,
        "rules": call.rules,
        "organiser": call.organiser_name,
        "network": call.network.slug if call.network_id else None,
        "body": call.body.slug if call.body_id else None,
        "applications_open": call.applications_open,
        "applications_close": call.applications_close,
        "jury_closes": call.jury_closes,
        "scale_max": call.scale_max,
        "open_to": call.open_to,
        "criteria": [
            {"id": c.pk, "name": c.name, "weight": c.weight, "description": c.description}
            for c in call.criteria.all()
        ],
        "jury_closed": call.jury_closed,
        "results_public": call.results_public,
    }


def _results_out(call: AwardCall) -> dict[str, object]:
    found = selectors.results(call)
    return {
        "ranking": found.rows(),
        "ties": found.tie_notes(),
        "tie_rule": TIE_RULE,
        "missing_at_close": found.missing,
        "motivation": call.motivation,
    }


def _open(request: HttpRequest, payload: CallIn, *, body=None, network=None) -> AwardCall:
    bodies = list(Body.objects.filter(slug__in=payload.eligible_bodies))
    unknown = set(payload.eligible_bodies) - {b.slug for b in bodies}
    if unknown:
        raise ValidationError({"eligible_bodies": f"No such body: {', '.join(sorted(unknown))}."})
    if payload.open_to not in OpenTo.values:
        raise ValidationError({"open_to": f"One of: {', '.join(OpenTo.values)}."})
    criteria = (
        None
        if payload.criteria is None
        else [services.CriterionIn(c.name, c.weight, c.description) for c in payload.criteria]
    )
    return services.open_call(
        request.user,
        body=body,
        network=network,
        title=payload.title,
        slug=payload.slug,
        rules=payload.rules,
        applications_open=payload.applications_open,
        applications_close=payload.applications_close,
        jury_closes=payload.jury_closes,
        scale_max=payload.scale_max,
        open_to=payload.open_to,
        eligible_bodies=bodies,
        criteria=criteria,
    )


class JurorIn(Schema):
    email: text_of(User, "email")


class JurorOut(Schema):
    id: int
    email: str


class CloseIn(Schema):
    accept_missing: bool = False  # close although scores are missing (they are recorded)


class PublishIn(Schema):
    public: bool
    motivation: text_of(AwardCall, "motivation") | None = None


class ClosedOut(Schema):
    jury_closed: bool
    missing_at_close: list[dict]


def _name(request: HttpRequest, call: AwardCall, payload: JurorIn) -> dict[str, object]:
    juror = services.name_juror(request.user, call, payload.email)
    return {"id": juror.pk, "email": juror.user.email}


def _close(request: HttpRequest, call: AwardCall, payload: CloseIn) -> dict[str, object]:
    call = services.close_jury(
        request.user, call, timezone.now(), accept_missing=payload.accept_missing
    )
    return {"jury_closed": True, "missing_at_close": call.missing_at_close}


# A body's calls


def _own_call(request: HttpRequest, body: str, award_call_id: int) -> AwardCall:
    """A call the body organises, for its HR office."""
    access = api_access(request, body, is_hr)
    call = selectors.get_call(access, award_call_id)
    if call.body_id != access.body.pk:
        raise PermissionDenied("Only the organiser of the call may do this.")
    return call


@router.get(BASE, response=list[CallOut], summary="Calls of the body and open to it")
def list_calls(request: HttpRequest, body: str):
    return [_call_out(c) for c in selectors.calls_for(api_access(request, body))]


@router.post(BASE, response={201: CallOut}, summary="Open a call of the body (HR)")
def create_call(request: HttpRequest, body: str, payload: CallIn):
    access = api_access(request, body, is_hr)
    return Status(201, _call_out(_open(request, payload, body=access.body)))


@router.get(f"{BASE}/{{award_call_id}}", response=CallOut, summary="A call")
def get_call(request: HttpRequest, body: str, award_call_id: int):
    return _call_out(selectors.get_call(api_access(request, body), award_call_id))


@router.get(
    f"{BASE}/{{award_call_id}}/results",
    response=AwardResultsOut,
    summary="The ranking: for the organiser once the jury closed, for all once public",
)
def call_results(request: HttpRequest, body: str, award_call_id: int):
    access = api_access(request, body)
    call = selectors.get_call(access, award_call_id)
    if not call.jury_closed:
        raise ValidationError("The jury has not closed yet: no ranking exists.")
    if not (call.results_public or selectors.may_organise(request.user, call)):
        raise ValidationError("The organiser has not made the results public.")
    return _results_out(call)


@router.post(f"{BASE}/{{award_call_id}}/jurors", response={201: JurorOut}, summary="Name a juror")
def name_juror(request: HttpRequest, body: str, award_call_id: int, payload: JurorIn):
    return Status(201, _name(request, _own_call(request, body, award_call_id), payload))


@router.post(f"{BASE}/{{award_call_id}}/close-jury", response=ClosedOut, summary="Close the jury")
def close_jury(request: HttpRequest, body: str, award_call_id: int, payload: CloseIn):
    return _close(request, _own_call(request, body, award_call_id), payload)


@router.post(
    f"{BASE}/{{award_call_id}}/publish", response=CallOut, summary="Make the results public"
)
def publish(request: HttpRequest, body: str, award_call_id: int, payload: PublishIn):
    call = _own_call(request, body, award_call_id)
    services.publish(request.user, call, public=payload.public, motivation=payload.motivation)
    return _call_out(call)


class ApplicationIn(Schema):
    answers: dict[int, text_of(Answer, "text")] = {}  # criterion id -> text
    submit: bool = False  # submit now: every criterion needs a text; indicators are frozen


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class ApplicationOut(Schema):
    id: int
    status: str
    answers: dict[int, str]
    indicators: dict
    submitted_at: str | None
    attachments: list[AttachmentOut]


def _application_out(application: Application) -> dict[str, object]:
    return {
        "id": application.pk,
        "status": application.status,
        "answers": dict(application.answers.values_list("criterion_id", "text")),
        "indicators": application.indicators,
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
        "attachments": [
            {"id": a.pk, "name": a.name, "content_type": a.content_type, "size": a.size}
            for a in application.attachments.all()
        ],
    }


@router.get(
    f"{BASE}/{{award_call_id}}/application",
    response=ApplicationOut,
    summary="The body's application (HR)",
)
def get_application(request: HttpRequest, body: str, award_call_id: int):
    access = api_access(request, body, is_hr)
    call = selectors.get_call(access, award_call_id)
    application = Application.objects.filter(call=call, body=access.body).first()
    if application is None:
        raise ValidationError("Your body has not applied to this call yet.")
    return _application_out(application)


@router.put(
    f"{BASE}/{{award_call_id}}/application",
    response=ApplicationOut,
    summary="Write (and submit) the body's application (HR)",
)
def put_application(request: HttpRequest, body: str, award_call_id: int, payload: ApplicationIn):
    access = api_access(request, body)
    call = selectors.get_call(access, award_call_id)
    today = timezone.localdate()
    application = services.save_answers(access, call, payload.answers, today)
    if payload.submit:
        application = services.submit(access, call, today)
    return _application_out(application)


# A network's calls


@router.get(NET, response=list[CallOut], summary="The network's calls (coordinators)")
def list_network_calls(request: HttpRequest, network: str):
    return [
        _call_out(c)
        for c in AwardCall.objects.filter(network=coordinated_network(request.user, network))
    ]


@router.post(NET, response={201: CallOut}, summary="Open a call of the network (coordinators)")
def create_network_call(request: HttpRequest, network: str, payload: CallIn):
    found = coordinated_network(request.user, network)
    return Status(201, _call_out(_open(request, payload, network=found)))


@router.get(f"{NET}/{{network_call_id}}", response=CallOut, summary="A call of the network")
def get_network_call(request: HttpRequest, network: str, network_call_id: int):
    return _call_out(
        selectors.network_call(coordinated_network(request.user, network), network_call_id)
    )


@router.get(
    f"{NET}/{{network_call_id}}/results",
    response=AwardResultsOut,
    summary="The ranking of a network's call, once the jury closed",
)
def network_call_results(request: HttpRequest, network: str, network_call_id: int):
    call = selectors.network_call(coordinated_network(request.user, network), network_call_id)
    if not call.jury_closed:
        raise ValidationError("The jury has not closed yet: no ranking exists.")
    return _results_out(call)


@router.post(f"{NET}/{{network_call_id}}/jurors", response={201: JurorOut}, summary="Name a juror")
def name_network_juror(request: HttpRequest, network: str, network_call_id: int, payload: JurorIn):
    call = selectors.network_call(coordinated_network(request.user, network), network_call_id)
    return Status(201, _name(request, call, payload))


@router.post(f"{NET}/{{network_call_id}}/close-jury", response=ClosedOut, summary="Close the jury")
def close_network_jury(request: HttpRequest, network: str, network_call_id: int, payload: CloseIn):
    call = selectors.network_call(coordinated_network(request.user, network), network_call_id)
    return _close(request, call, payload)


@router.post(
    f"{NET}/{{network_call_id}}/publish", response=CallOut, summary="Make the results public"
)
def publish_network(request: HttpRequest, network: str, network_call_id: int, payload: PublishIn):
    call = selectors.network_call(coordinated_network(request.user, network), network_call_id)
    services.publish(request.user, call, public=payload.public, motivation=payload.motivation)
    return _call_out(call)


# The jury


class JuryApplicationOut(Schema):
    id: int
    body: str
    submitted_at: str | None
    answers: dict[int, str]
    indicators: dict
    attachments: list[AttachmentOut]
    my_scores: list[dict]
    all_scores: list[dict] | None  # None until the jury closes: other jurors' scores are hidden


class ScoreItem(Schema):
    criterion_id: int
    value: int
    comment: text_of(Score, "comment") = ""


class ScoresIn(Schema):
    scores: list[ScoreItem]


def _jury_application_out(juror, application: Application) -> dict[str, object]:
    def rows(scores) -> list[dict]:
        return [
            {"criterion_id": s.criterion_id, "value": s.value, "comment": s.comment} for s in scores
        ]

    closed = juror.call.jury_closed
    return {
        "id": application.pk,
        "body": application.body.name,
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
        "answers": dict(application.answers.values_list("criterion_id", "text")),
        "indicators": application.indicators,
        "attachments": [
            {"id": a.pk, "name": a.name, "content_type": a.content_type, "size": a.size}
            for a in application.attachments.all()
        ],
        "my_scores": rows(juror.scores.filter(application=application)),
        "all_scores": rows(application.scores.all()) if closed else None,
    }


@router.get(
    f"{JURY}/applications",
    response=list[JuryApplicationOut],
    summary="The applications I may score (never my own body's)",
)
def jury_applications(request: HttpRequest, jury_call_id: int):
    juror = selectors.juror_of(request.user, jury_call_id)
    return [_jury_application_out(juror, a) for a in selectors.applications_for_juror(juror)]


@router.get(
    f"{JURY}/applications/{{jury_application_id}}",
    response=JuryApplicationOut,
    summary="An application I may score",
)
def jury_application(request: HttpRequest, jury_call_id: int, jury_application_id: int):
    juror = selectors.juror_of(request.user, jury_call_id)
    return _jury_application_out(juror, selectors.juror_application(juror, jury_application_id))


@router.put(
    f"{JURY}/applications/{{jury_application_id}}/scores",
    response=JuryApplicationOut,
    summary="Score criteria of an application (403 for one of my own body's)",
)
def score(request: HttpRequest, jury_call_id: int, jury_application_id: int, payload: ScoresIn):
    juror = selectors.juror_of(request.user, jury_call_id)
    services.score(
        juror,
        jury_application_id,
        [services.ScoreIn(s.criterion_id, s.value, s.comment) for s in payload.scores],
        timezone.localdate(),
    )
    return _jury_application_out(juror, selectors.juror_application(juror, jury_application_id))


# Public


class PublicResultsOut(Schema):
    title: str
    organiser: str
    criteria: list[CriterionOut]
    results: AwardResultsOut


@router.get(
    "/awards/results/{award_slug}",
    response=PublicResultsOut,
    auth=None,
    summary="The public results of a call (no login; no juror-level score, no person)",
)
def public_results(request: HttpRequest, award_slug: str):
    call = selectors.public_call(award_slug)
    out = _call_out(call)
    return {
        "title": call.title,
        "organiser": call.organiser_name,
        "criteria": out["criteria"],
        "results": _results_out(call),
    }
