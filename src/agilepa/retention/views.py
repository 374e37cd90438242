"""The body's retention policy page (HR)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.retention import policy, services
from agilepa.retention.forms import PolicyForm


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
def policy_page(request: HttpRequest, access: Access) -> HttpResponse:
    current = services.policy_for(access)
    form = PolicyForm(
        initial={"person_years": current.person_years, "import_days": current.import_days}
    )
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                services.save_policy(
                    access,
                    person_years=form.cleaned_data["person_years"],
                    import_days=form.cleaned_data["import_days"],
                    confirmed=form.cleaned_data["confirmed"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The retention policy was saved."))
                return redirect(request.path)
    context = {
        "access": access,
        "policy": current,
        "form": form,
        "rules": policy.rules(),
        "default_years": policy.DEFAULT_PERSON_YEARS,
        "nav": "retention",
    }
    return render(request, "retention/policy.html", context)
