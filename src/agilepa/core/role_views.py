"""The HR page for the roles of a body, and inviting a person to log in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agilepa.core import services
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.core.models import RoleAssignment, RoleKind
from agilepa.core.policies import is_hr
from agilepa.org.models import OrgUnit, Person

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


class RoleForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[
            (RoleKind.HR_ADMIN, RoleKind.HR_ADMIN.label),
            (RoleKind.MANAGER, RoleKind.MANAGER.label),
            (RoleKind.OBSERVER, RoleKind.OBSERVER.label),
        ],
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit (for a manager)"), queryset=OrgUnit.objects.none(), required=False
    )

    def __init__(self, *args: object, body_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(body_id=body_id).order_by("path")


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


@body_view(is_hr)
def roles(request: HttpRequest, access: Access) -> HttpResponse:
    form = RoleForm(request.POST or None, body_id=access.body.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_role(
                access,
                form.cleaned_data["email"],
                form.cleaned_data["kind"],
                form.cleaned_data["unit"],
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Role given to %(email)s.") % form.cleaned_data)
            return redirect("roles", body=access.body.slug)
    assignments = (
        RoleAssignment.objects.filter(body=access.body)
        .select_related("user", "unit")
        .order_by("kind", "user__email")
    )
    return render(
        request,
        "core/roles.html",
        {"access": access, "form": form, "assignments": assignments, "nav": "roles"},
        status=422 if form.errors else 200,
    )


@body_view(*HR)
@require_POST
def revoke(request: HttpRequest, access: Access, role_id: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment, body=access.body, pk=role_id)
    try:
        services.revoke_role(access, assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role removed."))
    return redirect("roles", body=access.body.slug)


@body_view(*HR)
@require_POST
def invite(request: HttpRequest, access: Access, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, body=access.body, pk=person_id)
    try:
        user = services.link_login(access, person, base_url=_base_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s can now log in as %(email)s: an invitation was sent.")
            % {"name": person.full_name, "email": user.email},
        )
    return redirect("org:person", body=access.body.slug, person_id=person.pk)
