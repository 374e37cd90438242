"""Where a person lives: their home municipality, declared by them, for the distances to
offices and coworking hubs (and the commute figures later). Only the municipality, never the
address: it is enough for a distance and keeps the data minimal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.core.decorators import body_view
from agilepa.org import municipalities, services
from agilepa.org.models import Person


@body_view()
def home(request: HttpRequest, access: Access) -> HttpResponse:
    if access.person_id is None:
        raise PermissionDeniedForRole
    person = Person.objects.select_related("home_municipality").get(pk=access.person_id)
    error = ""
    typed = str(person.home_municipality or "")
    if request.method == "POST":
        typed = request.POST.get("municipality", "")
        try:
            municipality = (
                municipalities.find(typed) if request.POST.get("action") != "clear" else None
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            services.set_home(person, municipality)
            messages.success(request, _("Saved."))
            return redirect("org:home", body=access.body.slug)
    context = {"access": access, "person": person, "typed": typed, "error": error, "nav": ""}
    return render(request, "org/home.html", context, status=422 if error else 200)


@login_required
def municipality_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the municipality picker for what was typed (htmx)."""
    found = municipalities.search(request.GET.get("municipality", ""))
    return render(request, "org/_municipality_options.html", {"found": found})
