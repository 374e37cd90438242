"""Pages of surveys: the library of instruments, surveys and campaigns (HR), the live response
rate and the results (HR, managers, observers: aggregates only), the exports, and the public
page where an invitation's holder answers without logging in."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from agilepa.core.access import Access, Role
from agilepa.core.charts import Series, chart_config
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors, service_error_messages
from agilepa.core.policies import observes_aggregates
from agilepa.surveys import exports, selectors, services
from agilepa.surveys.forms import CampaignForm, SurveyForm, WaveForm
from agilepa.surveys.instruments import LIBRARY
from agilepa.surveys.results import CampaignResults

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)
AGGREGATES = (Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER, Role.OBSERVER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@body_view(observes_aggregates)
def campaigns(request: HttpRequest, access: Access) -> HttpResponse:
    context = {
        "access": access,
        "campaigns": selectors.campaigns_for(access),
        "surveys": selectors.surveys_for(access),
        "nav": "surveys",
    }
    return render(request, "surveys/campaigns.html", context)


@body_view(*AGGREGATES)
def library(request: HttpRequest, access: Access) -> HttpResponse:
    """The shipped instruments, their items, sources and scoring."""
    context = {"access": access, "instruments": LIBRARY.values(), "nav": "surveys"}
    return render(request, "surveys/library.html", context)


@body_view(*HR)
def survey_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_survey(
                access,
                form.cleaned_data["title"],
                form.cleaned_data["instruments"],
                form.cleaned_data["introduction"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The survey was created."))
            return redirect("surveys:campaigns", body=access.body.slug)
    context = {"access": access, "form": form, "nav": "surveys"}
    return render(request, "surveys/survey_new.html", context)


@body_view(*HR)
def campaign_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = CampaignForm(access, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                access,
                data["survey"],
                data["title"],
                data["population"],
                list(data["units"]),
                data["min_group"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign was created: now add its waves."))
            return redirect(
                "surveys:campaign", body=access.body.slug, survey_campaign_id=campaign.pk
            )
    context = {"access": access, "form": form, "nav": "surveys"}
    return render(request, "surveys/campaign_new.html", context)


def _campaign_page(
    request: HttpRequest, access: Access, campaign, wave_form: WaveForm | None = None
) -> HttpResponse:
    context = {
        "access": access,
        "campaign": campaign,
        "waves": selectors.waves_with_counts(campaign),
        "wave_form": wave_form or WaveForm(),
        "k": campaign.min_group,
        "nav": "surveys",
    }
    status = 422 if wave_form is not None and wave_form.errors else 200
    return render(request, "surveys/campaign.html", context, status=status)


@body_view(*AGGREGATES)
def campaign(request: HttpRequest, access: Access, survey_campaign_id: int) -> HttpResponse:
    """The waves, with the response-rate band while open and the count once counted; HR adds
    and sends waves here."""
    return _campaign_page(request, access, selectors.get_campaign(access, survey_campaign_id))


@body_view(*HR)
@require_POST
def wave_new(request: HttpRequest, access: Access, survey_campaign_id: int) -> HttpResponse:
    found = selectors.get_campaign(access, survey_campaign_id)
    form = WaveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_wave(
                access, found, data["kind"], data["label"], data["opens_on"], data["closes_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The wave was added."))
            return redirect("surveys:campaign", body=access.body.slug, survey_campaign_id=found.pk)
    return _campaign_page(request, access, found, form)


@body_view(*HR)
@require_POST
def wave_send(
    request: HttpRequest, access: Access, survey_campaign_id: int, wave_id: int
) -> HttpResponse:
    found = selectors.get_campaign(access, survey_campaign_id)
    wave = selectors.get_wave(access, found, wave_id)
    try:
        sent = services.send_wave(access, wave)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)s invitations are on their way.") % {"n": sent.invited})
    return redirect("surveys:campaign", body=access.body.slug, survey_campaign_id=found.pk)


def _results_context(access: Access, campaign) -> dict[str, object]:
    results: CampaignResults = selectors.results_for(access, campaign)
    charts = {
        f"{w.wave.id}-{item.key}": chart_config(
            "bar",
            [o.label for o in item.options],
            [Series(_("Answers"), [o.count for o in item.options])],
            horizontal=True,
            legend=False,
        )
        for w in results.waves
        for item in w.items
        if item.options and not item.suppressed
    }
    return {
        "access": access,
        "campaign": campaign,
        "results": results,
        "k": results.threshold,
        "charts": charts,
        "sections": campaign.survey.sections,
        "today": timezone.localdate(),
        "nav": "surveys",
    }


@body_view(*AGGREGATES)
def results(request: HttpRequest, access: Access, survey_campaign_id: int) -> HttpResponse:
    found = selectors.get_campaign(access, survey_campaign_id)
    return render(request, "surveys/results.html", _results_context(access, found))


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@body_view(*AGGREGATES)
def export_csv(request: HttpRequest, access: Access, survey_campaign_id: int) -> HttpResponse:
    found = selectors.get_campaign(access, survey_campaign_id)
    data = exports.to_csv(selectors.results_for(access, found))
    return _file(data, "text/csv; charset=utf-8", f"indagine-{found.pk}.csv")


@body_view(*AGGREGATES)
def export_xlsx(request: HttpRequest, access: Access, survey_campaign_id: int) -> HttpResponse:
    found = selectors.get_campaign(access, survey_campaign_id)
    return _file(
        exports.to_xlsx(selectors.results_for(access, found)), XLSX, f"indagine-{found.pk}.xlsx"
    )


@body_view(*AGGREGATES)
def export_pdf(request: HttpRequest, access: Access, survey_campaign_id: int) -> HttpResponse:
    found = selectors.get_campaign(access, survey_campaign_id)
    data = exports.to_pdf(_results_context(access, found))
    return _file(data, "application/pdf", f"indagine-{found.pk}.pdf")


def _refused(request: HttpRequest, exc: services.InvitationRefused) -> HttpResponse:
    return render(request, "surveys/answer_refused.html", {"message": exc.message}, status=410)


@never_cache
@sensitive_post_parameters()
def answer(request: HttpRequest) -> HttpResponse:
    """The public answer page, at one address for everyone: the token never travels in the
    address, where access logs would record it with the time and the IP. GET shows a form for
    the code, which a static script (surveys/answer.js) fills from the link's fragment
    (`#t=…`, never sent to the server) and sends; the survey comes back with the token in a
    hidden field, and the answers are POSTed with it. Error reports hide every POSTed value."""
    if request.method != "POST":
        return render(request, "surveys/answer_open.html")
    token = request.POST.get("token", "").strip()
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationRefused as exc:
        return _refused(request, exc)
    survey = invitation.wave.campaign.survey
    errors: dict[str, str] = {}
    given: dict[str, object] = {}
    if request.POST.get("step") == "send":
        given = {
            item.key: (
                request.POST.getlist(item.key)
                if item.kind == "multiple"
                else request.POST.get(item.key, "")
            )
            for item in survey.items
        }
        try:
            services.submit(token, given)
        except ValidationError as exc:
            found = service_error_messages(exc, [item.key for item in survey.items])
            errors = {k: " ".join(v) for k, v in found.items()}
        except services.InvitationRefused as exc:
            return _refused(request, exc)
        else:
            return redirect("surveys:thanks")
    sections = [
        (
            section,
            [
                {
                    "item": item,
                    "value": given.get(item.key, ""),
                    "values": [str(v) for v in given.get(item.key) or []]
                    if item.kind == "multiple"
                    else [],
                    "error": errors.get(item.key, ""),
                }
                for item in section.items
            ],
        )
        for section in survey.sections
    ]
    context = {
        "survey": survey,
        "sections": sections,
        "wave": invitation.wave,
        "body": invitation.wave.campaign.body,
        "k": invitation.wave.campaign.min_group,
        "errors": errors,
        "top_error": errors.get(NON_FIELD_ERRORS, ""),
        "given": given,
        "token": token,
    }
    return render(request, "surveys/answer.html", context, status=422 if errors else 200)


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html")
