"""Pages of the person's rights: their data page with the two downloads and the rectification
form; HR's export for a request about a person, and the list of requests (docs/rights.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.core.access import Access
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.rights import selectors, services
from agilepa.rights.forms import DecisionForm, HrExportForm, RectificationForm
from agilepa.rights.models import RequestStatus


def download(found: services.ExportFile) -> HttpResponse:
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _my_page(request: HttpRequest, access: Access, form: RectificationForm, status: int = 200):
    person = services.own_person(access)
    context = {
        "access": access,
        "person": person,
        "form": form,
        "requests": selectors.own_requests(access),
        "nav": "",
    }
    return render(request, "rights/me_data.html", context, status=status)


@body_view()
def my_data(request: HttpRequest, access: Access) -> HttpResponse:
    return _my_page(request, access, RectificationForm())


@body_view()
def my_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    if fmt not in services.FORMATS:
        raise Http404
    return download(services.export_own(access, fmt))


@body_view()
@require_POST
def rectify(request: HttpRequest, access: Access) -> HttpResponse:
    services.own_person(access)
    form = RectificationForm(request.POST)
    if form.is_valid():
        try:
            services.request_rectification(
                access, form.cleaned_data["field"], form.cleaned_data["correction"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the HR office."))
            return redirect("rights:me", body=access.body.slug)
    return _my_page(request, access, form, status=422)


@body_view(*selectors.HR)
def person_data(request: HttpRequest, access: Access, person_id: int) -> HttpResponse:
    person = selectors.person_for_hr(access, person_id)
    open_requests = selectors.open_export_requests(access, person)
    form = HrExportForm(request.POST or None, open_requests=open_requests)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _found, exported = services.export_for_request(
                access,
                person,
                data["format"],
                data["kind"],
                data["received_on"],
                note=data["note"],
                fulfils=data["fulfils"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return download(exported)
    context = {
        "access": access,
        "person": person,
        "form": form,
        "requests": person.subject_requests.all(),
        "nav": "people",
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "rights/person_data.html", context, status=status)


@body_view(*selectors.HR)
def requests(request: HttpRequest, access: Access) -> HttpResponse:
    status = request.GET.get("status", RequestStatus.OPEN)
    found = selectors.requests_for(access, status)
    context = {
        "access": access,
        "requests": found,
        "status": status,
        "statuses": [("", _("All")), *RequestStatus.choices],
        "form": DecisionForm(),
        "today": timezone.localdate(),
        "nav": "",
    }
    return render(request, "rights/requests.html", context)


@body_view(*selectors.HR)
@require_POST
def decide(request: HttpRequest, access: Access, subject_request_id: int) -> HttpResponse:
    found = selectors.request_for_hr(access, subject_request_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(access, found, form.cleaned_data["status"], form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The request is closed."))
            return redirect("rights:requests", body=access.body.slug)
    else:
        messages.error(request, _("Choose done or refused."))
    return redirect("rights:requests", body=access.body.slug)
