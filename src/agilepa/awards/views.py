"""Pages of the awards: a body's calls (its own, those open to it) and its application; a
network's calls for its coordinators; the jury's pages, reached by the juror's own seat (404 for
anyone else, and for the applications of the juror's own body); the public results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.awards import selectors, services
from agilepa.awards.forms import AnswersForm, AttachmentForm, CallForm, ScoreForm
from agilepa.awards.models import Application, Attachment, AwardCall, ScoreEvent
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.core.policies import coordinated_network

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def _flash(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _results_context(call: AwardCall, organiser: bool) -> dict[str, object]:
    """The ranking once the jury is closed: for the organiser, and for everyone once public.
    Juror-level scores and the audit record for the organiser only."""
    if not call.jury_closed or not (organiser or call.results_public):
        return {"results": None}
    found = selectors.results(call)
    context: dict[str, object] = {"results": found}
    if organiser:
        context["juror_scores"] = (
            call.jurors.select_related("user")
            .prefetch_related("scores__criterion", "scores__application__body")
            .order_by("user__email")
        )
        context["audit"] = ScoreEvent.objects.filter(call=call).select_related(
            "user", "criterion", "application__body"
        )
    return context


def _call_context(request: HttpRequest, call: AwardCall, access: Access | None):
    organiser = selectors.may_organise(request.user, call)
    context: dict[str, object] = {
        "call": call,
        "criteria": list(call.criteria.all()),
        "organiser": organiser,
        "access": access,
        "is_juror": call.jurors.filter(user=request.user).exists(),
        "nav": "awards",
    }
    if organiser:
        context["jurors"] = call.jurors.select_related("user")
        context["applications"] = call.applications.select_related("body")
        context["missing"] = [] if call.jury_closed else selectors.missing_scores(call)
    if access is not None:
        context["eligible"] = selectors.is_eligible(call, access.body)
        context["application"] = Application.objects.filter(call=call, body=access.body).first()
    context.update(_results_context(call, organiser))
    return context


def _organise(request: HttpRequest, call: AwardCall) -> None:
    """The organiser's actions: name or remove a juror, close the jury, publish the results."""
    action = request.POST.get("action", "")
    try:
        if action == "add_juror":
            juror = services.name_juror(request.user, call, request.POST.get("email", ""))
            messages.success(request, _("%(email)s is a juror.") % {"email": juror.user.email})
        elif action == "remove_juror":
            services.remove_juror(request.user, call, int(request.POST.get("juror_id") or 0))
            messages.success(request, _("The juror is removed."))
        elif action == "close":
            services.close_jury(
                request.user,
                call,
                timezone.now(),
                accept_missing=request.POST.get("accept_missing") == "1",
            )
            messages.success(request, _("The jury is closed: the ranking is final."))
        elif action == "publish":
            services.publish(
                request.user,
                call,
                public=request.POST.get("public") == "1",
                motivation=request.POST.get("motivation", ""),
            )
            messages.success(request, _("Saved."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        _flash(request, exc)


# A body's calls


@body_view()
def calls(request: HttpRequest, access: Access) -> HttpResponse:
    context = {
        "access": access,
        "calls": selectors.calls_for(access),
        "nav": "awards",
        "juries": selectors.jury_calls(request.user).exists(),
    }
    return render(request, "awards/calls.html", context)


def _new_call(request: HttpRequest, *, access: Access | None = None, network=None):
    form = CallForm(request.POST or None, network=network is not None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.open_call(
                request.user,
                body=access.body if access else None,
                network=network,
                **form.call_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The call is open."))
            return form, call
    return form, None


@body_view(*HR)
def call_new(request: HttpRequest, access: Access) -> HttpResponse:
    form, call = _new_call(request, access=access)
    if call is not None:
        return redirect("awards:call", access.body.slug, call.pk)
    status = 422 if request.method == "POST" else 200
    context = {"access": access, "form": form, "nav": "awards"}
    return render(request, "awards/call_new.html", context, status=status)


@body_view()
def call_detail(request: HttpRequest, access: Access, award_call_id: int) -> HttpResponse:
    call = selectors.get_call(access, award_call_id)
    return render(request, "awards/call.html", _call_context(request, call, access))


@body_view(*HR)
@require_POST
def call_organise(request: HttpRequest, access: Access, award_call_id: int) -> HttpResponse:
    call = selectors.get_call(access, award_call_id)
    if call.body_id != access.body.pk:
        raise PermissionDenied
    _organise(request, call)
    return redirect("awards:call", access.body.slug, call.pk)


@body_view(*HR)
def apply(request: HttpRequest, access: Access, award_call_id: int) -> HttpResponse:
    """The body's application: a text per criterion, attachments, then submission."""
    call = selectors.get_call(access, award_call_id)
    today = timezone.localdate()
    application = Application.objects.filter(call=call, body=access.body).first()
    criteria = list(call.criteria.all())
    texts = dict(application.answers.values_list("criterion_id", "text")) if application else {}
    form = AnswersForm(
        request.POST if request.POST.get("action") in ("save", "submit") else None,
        criteria=criteria,
        texts=texts,
    )
    upload = AttachmentForm(
        request.POST if request.POST.get("action") == "upload" else None,
        request.FILES if request.POST.get("action") == "upload" else None,
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("save", "submit") and form.is_valid():
                services.save_answers(access, call, form.answers(), today)
                if action == "submit":
                    services.submit(access, call, today)
                    messages.success(request, _("The application is submitted."))
                else:
                    messages.success(request, _("Saved."))
                return redirect("awards:apply", access.body.slug, call.pk)
            if action == "upload" and upload.is_valid():
                services.add_attachment(access, call, upload.cleaned_data["file"], today)
                messages.success(request, _("The attachment is added."))
                return redirect("awards:apply", access.body.slug, call.pk)
            if action == "remove_attachment":
                services.remove_attachment(
                    access, call, int(request.POST.get("attachment_id") or 0), today
                )
                return redirect("awards:apply", access.body.slug, call.pk)
        except ValidationError as exc:
            add_service_errors(upload if action == "upload" else form, exc)
        status = 422
    context = {
        "access": access,
        "call": call,
        "application": application,
        "eligible": selectors.is_eligible(call, access.body),
        "form": form,
        "upload": upload,
        "nav": "awards",
    }
    return render(request, "awards/apply.html", context, status=status)


def _download(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@body_view(*HR)
def attachment(request: HttpRequest, access: Access, award_call_id: int, award_attachment_id: int):
    """An attachment, for the applicant body's HR office and for the call's organiser."""
    call = selectors.get_call(access, award_call_id)
    found = get_object_or_404(
        Attachment.objects.select_related("application"),
        pk=award_attachment_id,
        application__call=call,
    )
    if found.application.body_id != access.body.pk and not selectors.may_organise(
        request.user, call
    ):
        raise PermissionDenied
    return _download(found)


# A network's calls


@login_required
def network_calls(request: HttpRequest, network: str) -> HttpResponse:
    """The network's calls, and a new one, for its coordinators."""
    found = coordinated_network(request.user, network)
    form, call = _new_call(request, network=found)
    if call is not None:
        return redirect("awards:network_call", found.slug, call.pk)
    context = {
        "network": found,
        "current_network": found,
        "calls": AwardCall.objects.filter(network=found),
        "form": form,
        "nav": "network",
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "awards/network_calls.html", context, status=status)


@login_required
def network_call(request: HttpRequest, network: str, network_call_id: int) -> HttpResponse:
    found = coordinated_network(request.user, network)
    call = selectors.network_call(found, network_call_id)
    if request.method == "POST":
        _organise(request, call)
        return redirect("awards:network_call", found.slug, call.pk)
    context = _call_context(request, call, None)
    context.update({"network": found, "current_network": found, "nav": "network"})
    return render(request, "awards/call.html", context)


@login_required
def network_attachment(
    request: HttpRequest, network: str, network_call_id: int, network_attachment_id: int
):
    found = coordinated_network(request.user, network)
    call = selectors.network_call(found, network_call_id)
    return _download(
        get_object_or_404(Attachment, pk=network_attachment_id, application__call=call)
    )


# The jury


@login_required
def jury_home(request: HttpRequest) -> HttpResponse:
    context = {"calls": selectors.jury_calls(request.user), "nav": "jury"}
    return render(request, "awards/jury_home.html", context)


@login_required
def jury_call(request: HttpRequest, jury_call_id: int) -> HttpResponse:
    """The applications the juror may score (never their own body's), with their progress."""
    juror = selectors.juror_of(request.user, jury_call_id)
    criteria = juror.call.criteria.count()
    done: dict[int, int] = {}
    for app_id in juror.scores.values_list("application_id", flat=True):
        done[app_id] = done.get(app_id, 0) + 1
    rows = [(a, done.get(a.pk, 0)) for a in selectors.applications_for_juror(juror)]
    context = {"juror": juror, "call": juror.call, "rows": rows, "criteria": criteria}
    return render(request, "awards/jury_call.html", context)


@login_required
def jury_application(
    request: HttpRequest, jury_call_id: int, jury_application_id: int
) -> HttpResponse:
    """Read an application (texts, indicators at submission, attachments) and score it. The
    other jurors' scores show only once the jury is closed."""
    juror = selectors.juror_of(request.user, jury_call_id)
    call = juror.call
    application = selectors.juror_application(juror, jury_application_id)
    criteria = list(call.criteria.all())
    mine = {
        s.criterion_id: (s.value, s.comment) for s in juror.scores.filter(application=application)
    }
    form = ScoreForm(request.POST or None, call=call, criteria=criteria, mine=mine)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.score(
                    juror,
                    application.pk,
                    [services.ScoreIn(c, v, t) for c, v, t in form.scores()],
                    timezone.localdate(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect("awards:jury_application", call.pk, application.pk)
        status = 422
    others = None
    if call.jury_closed:
        others = application.scores.select_related("juror__user", "criterion").order_by(
            "juror__user__email", "criterion__position"
        )
    context = {
        "juror": juror,
        "call": call,
        "application": application,
        "answers": {a.criterion_id: a.text for a in application.answers.all()},
        "criteria": criteria,
        "form": form,
        "others": others,
    }
    return render(request, "awards/jury_application.html", context, status=status)


@login_required
def jury_attachment(
    request: HttpRequest, jury_call_id: int, jury_application_id: int, jury_attachment_id: int
) -> FileResponse:
    juror = selectors.juror_of(request.user, jury_call_id)
    application = selectors.juror_application(juror, jury_application_id)
    return _download(get_object_or_404(Attachment, pk=jury_attachment_id, application=application))


# Public


def public_results(request: HttpRequest, award_slug: str) -> HttpResponse:
    """The results a call's organiser made public: no login, no juror-level score, no person."""
    call = selectors.public_call(award_slug)
    context = {"call": call, "criteria": list(call.criteria.all())}
    context.update(_results_context(call, organiser=False))
    return render(request, "awards/public_results.html", context)
