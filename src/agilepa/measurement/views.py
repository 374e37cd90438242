"""Pages of the commute savings and the campaigns: my commute and savings, HR's body view by
unit and month (and its XLSX), a person's profile for HR, the body's factors, the network view
for a coordinator, campaigns with sign-up and pledges, and the public results with open data."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.core import formats
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.charts import PALETTE, Series, chart_config
from agilepa.core.decorators import body_view
from agilepa.core.exports import csv_writer
from agilepa.core.forms import add_service_errors
from agilepa.core.policies import coordinated_network, observes_aggregates
from agilepa.measurement import campaigns as campaign_reads
from agilepa.measurement import exports, selectors, services
from agilepa.measurement.factors import DEFAULTS, SOURCES, Mode
from agilepa.measurement.forms import CampaignForm, FactorForm, ProfileForm
from agilepa.org.models import Person
from agilepa.surveys.models import SurveyCampaign

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)
AGGREGATES = (Role.HR_ADMIN, Role.PLATFORM_ADMIN, Role.MANAGER, Role.OBSERVER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _profile_page(
    request: HttpRequest, access: Access, person: Person, template: str, redirect_to
) -> HttpResponse:
    profile = selectors.profile_of(person)
    suggestion = selectors.suggested_km(person)
    initial = (
        {"distance_km": profile.distance_km, "minutes": profile.minutes, "mode": profile.mode}
        if profile
        else {"distance_km": suggestion}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_profile(access, person, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect_to
        status = 422
    year = _year(request)
    months = selectors.my_savings(access, year) if person.pk == access.person_id else []
    total = selectors.Tally()
    for row in months:
        total.add(row.tally)
    context = {
        "access": access,
        "person": person,
        "profile": profile,
        "suggestion": suggestion,
        "form": form,
        "year": year,
        "months": months,
        "total": total,
        "nav": "commute",
    }
    return render(request, template, context, status=status)


@body_view()
def mine(request: HttpRequest, access: Access) -> HttpResponse:
    """My commute profile and my savings of the year, month by month."""
    person = selectors.profile_person(access)
    return _profile_page(
        request,
        access,
        person,
        "measurement/mine.html",
        redirect("measurement:mine", access.body.slug),
    )


@body_view(*HR)
def person_profile(request: HttpRequest, access: Access, person_id: int) -> HttpResponse:
    person = selectors.profile_person(access, person_id)
    return _profile_page(
        request,
        access,
        person,
        "measurement/person.html",
        redirect("measurement:person", access.body.slug, person.pk),
    )


@body_view(observes_aggregates)
def body_savings(request: HttpRequest, access: Access) -> HttpResponse:
    """The body's savings by unit and by month (groups under 5 people hidden, for everyone)."""
    year = _year(request)
    result = selectors.body_savings(access, year)
    chart = {
        "labels": [formats.month(date.fromisoformat(f"{r.key}-01")) for r in result.by_month],
        "kg_co2": [None if r.suppressed else float(r.tally.kg_co2) for r in result.by_month],
    }
    context = {
        "access": access,
        "result": result,
        "year": year,
        "chart": chart_config(
            "bar", chart["labels"], [Series("kg CO2", chart["kg_co2"], PALETTE[1])]
        ),
        "min_people": selectors.MIN_PEOPLE,
        "nav": "commute",
    }
    return render(request, "measurement/body.html", context)


@body_view(*AGGREGATES)
def export(request: HttpRequest, access: Access) -> HttpResponse:
    year = _year(request)
    content = exports.body_xlsx(selectors.body_savings(access, year))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="risparmi-{access.body.slug}-{year}.xlsx"'
    )
    return response


@body_view(*HR)
def factors(request: HttpRequest, access: Access) -> HttpResponse:
    """The body's emission factors and costs, each default shown with its source."""
    form = FactorForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "reset" and request.POST.get("mode") in Mode.values:
            services.reset_factor(access, request.POST["mode"])
            messages.success(request, _("Back to the default."))
            return redirect("measurement:factors", access.body.slug)
        if form.is_valid():
            try:
                services.save_factor(access, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("measurement:factors", access.body.slug)
        status = 422
    own = selectors.body_factors(access.body)
    rows = [
        {
            "mode": mode,
            "label": label,
            "default": DEFAULTS[mode],
            "source": SOURCES[mode],
            "own": own.get(mode),
        }
        for mode, label in Mode.choices
    ]
    context = {"access": access, "rows": rows, "form": form, "nav": "commute"}
    return render(request, "measurement/factors.html", context, status=status)


@login_required
def network_savings(request: HttpRequest, network: str) -> HttpResponse:
    """Each body's savings of the year, for the network's coordinator."""
    found = coordinated_network(request.user, network)
    year = _year(request)
    rows, total = selectors.network_savings(found, year)
    context = {
        "network": found,
        "current_network": found,
        "rows": rows,
        "total": total,
        "total_hidden": 0 < len(total.people) < selectors.MIN_PEOPLE,
        "year": year,
        "min_people": selectors.MIN_PEOPLE,
        "nav": "network",
    }
    return render(request, "measurement/network.html", context)


# Campaigns


@body_view()
def campaign_list(request: HttpRequest, access: Access) -> HttpResponse:
    joined = set(
        campaign_reads.CampaignBody.objects.filter(body=access.body).values_list(
            "campaign_id", flat=True
        )
    )
    context = {
        "access": access,
        "campaigns": campaign_reads.campaigns_for(access),
        "joined": joined,
        "nav": "campaigns",
    }
    return render(request, "measurement/campaigns.html", context)


def _campaign_form(
    request: HttpRequest, access: Access, campaign=None
) -> tuple[CampaignForm, int, object]:
    form = CampaignForm(
        request.POST or None,
        instance=campaign,
        networks=services.networks_organised_by(access.body),
        surveys=SurveyCampaign.objects.filter(body=access.body),
    )
    if request.method != "POST":
        return form, 200, None
    if form.is_valid():
        data = form.cleaned_data
        try:
            # The campaign and its settings are saved together, or not at all.
            with transaction.atomic():
                if campaign is None:
                    saved = services.create_campaign(
                        access,
                        title=data["title"],
                        slug=data["slug"],
                        start=data["start"],
                        end=data["end"],
                        description=data["description"],
                        network=data["network"],
                    )
                    if data["results_public"] or data["survey_campaign"]:
                        services.update_campaign(
                            access,
                            saved,
                            results_public=data["results_public"],
                            survey_campaign=data["survey_campaign"],
                        )
                else:
                    saved = services.update_campaign(access, campaign, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return form, 302, saved
    return form, 422, None


@body_view(*HR)
def campaign_new(request: HttpRequest, access: Access) -> HttpResponse:
    form, status, saved = _campaign_form(request, access)
    if saved is not None:
        return redirect("measurement:campaign", access.body.slug, saved.pk)
    context = {"access": access, "form": form, "campaign": None, "nav": "campaigns"}
    return render(request, "measurement/campaign_edit.html", context, status=status)


@body_view(*HR)
def campaign_edit(request: HttpRequest, access: Access, campaign_id: int) -> HttpResponse:
    campaign = campaign_reads.get_campaign(access, campaign_id)
    if campaign.organiser_id != access.body.pk:
        raise PermissionDeniedForRole
    form, status, saved = _campaign_form(request, access, campaign)
    if saved is not None:
        return redirect("measurement:campaign", access.body.slug, saved.pk)
    context = {"access": access, "form": form, "campaign": campaign, "nav": "campaigns"}
    return render(request, "measurement/campaign_edit.html", context, status=status)


@body_view()
def campaign_detail(request: HttpRequest, access: Access, campaign_id: int) -> HttpResponse:
    campaign = campaign_reads.get_campaign(access, campaign_id)
    today = timezone.localdate()
    joined = campaign.bodies.filter(body=access.body).exists()
    pledged: set[date] = set()
    if access.person_id is not None:
        pledged = set(
            campaign.pledges.filter(person_id=access.person_id).values_list("date", flat=True)
        )
    context = {
        "access": access,
        "campaign": campaign,
        "joined": joined,
        "may_join": services.may_join(access.body, campaign) and today <= campaign.end,
        "days": [(d, d in pledged, d >= today) for d in services.campaign_days(campaign)],
        "results": campaign_reads.results(campaign),
        "organiser": campaign.organiser_id == access.body.pk,
        "nav": "campaigns",
    }
    return render(request, "measurement/campaign.html", context)


@body_view(*HR)
@require_POST
def campaign_join(request: HttpRequest, access: Access, campaign_id: int) -> HttpResponse:
    campaign = campaign_reads.get_campaign(access, campaign_id)
    try:
        services.join(access, campaign, timezone.localdate())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(body)s has signed up.") % {"body": access.body.name})
    return redirect("measurement:campaign", access.body.slug, campaign.pk)


@body_view(Role.EMPLOYEE)
@require_POST
def campaign_pledge(request: HttpRequest, access: Access, campaign_id: int) -> HttpResponse:
    campaign = campaign_reads.get_campaign(access, campaign_id)
    try:
        days = [date.fromisoformat(d) for d in request.POST.getlist("day")]
        services.pledge(access, campaign, days, timezone.localdate())
    except ValueError:
        messages.error(request, _("A day is not a date."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your days are pledged: thank you."))
    return redirect("measurement:campaign", access.body.slug, campaign.pk)


def public_results(request: HttpRequest, slug: str) -> HttpResponse:
    """The results of a campaign its organiser made public: no login, no personal data."""
    campaign = campaign_reads.public_campaign(slug)
    context = {"campaign": campaign, "results": campaign_reads.results(campaign)}
    return render(request, "measurement/public_results.html", context)


def public_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The open data of a public campaign's results, one row per body (see docs)."""
    campaign = campaign_reads.public_campaign(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}.csv"'
    writer = csv_writer(response)
    for row in exports.open_data_rows(campaign_reads.results(campaign)):
        writer.writerow(row)
    return response
