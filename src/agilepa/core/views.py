"""Pages of the account (login, passwords, API tokens), the home redirect and the
accessibility statement."""

from __future__ import annotations

import datetime
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agilepa.audit import services as audit
from agilepa.core.access import bodies_for_user, coordinated_networks
from agilepa.core.forms import (
    ItaliaPasswordChangeForm,
    ItaliaPasswordResetForm,
    ItaliaSetPasswordForm,
    LoginForm,
    TokenForm,
    add_service_errors,
)
from agilepa.core.models import ApiToken
from agilepa.core.sessions import end_all_sessions
from agilepa.core.tokens import create_token
from agilepa.core.tokens import revoke_token as revoke_token_of_owner


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the process answers and the database is reachable."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def readyz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and monitoring: 200 when this instance and the work behind it are
    in order, 503 with the failing checks otherwise (agilepa.core.readiness)."""
    from agilepa.core.readiness import readiness

    ready, checks = readiness()
    response = JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where a page names no icon (a JSON answer, a file)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    return redirect(staticfiles_storage.url("core/favicon.svg"), permanent=True)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the home page of the body they last worked in, or of their first one;
    a network coordinator with no body to the home of their networks."""
    bodies = bodies_for_user(request.user)
    last = request.session.get("last_body")
    body = bodies.filter(slug=last).first() if last else None
    body = body or bodies.first()
    if body is not None:
        return redirect("home:body", body=body.slug)
    if coordinated_networks(request.user).exists():
        return redirect("home:networks")
    return render(request, "core/no_body.html")


class UnprocessableOnErrorMixin:
    """A form sent back with errors answers 422, as the other forms of the site do."""

    def form_invalid(self, form: Form) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 422
        return response


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        # 429 tells scripts and monitoring apart a lockout from a wrong password.
        response.status_code = 429 if form.locked_out else 422
        return response


class PasswordChangeView(UnprocessableOnErrorMixin, auth_views.PasswordChangeView):
    # Not Django's default names: the admin app ships registration/password_* templates and,
    # listed first in INSTALLED_APPS, would shadow ours.
    template_name = "registration/change_password_form.html"
    form_class = ItaliaPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: ItaliaPasswordChangeForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record_password(form.user, "change")
        return response


def record_password(user: Any, how: str) -> None:
    """A password changed (by its owner) or set anew through a reset link: the fact, never
    the password."""
    audit.record("password.change", user=user, obj=user, label=user.email, changes={"how": how})


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/change_password_done.html"


class PasswordResetView(UnprocessableOnErrorMixin, auth_views.PasswordResetView):
    template_name = "registration/reset_password_form.html"
    form_class = ItaliaPasswordResetForm
    email_template_name = "registration/reset_password_email.txt"
    subject_template_name = "registration/reset_password_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, int]:  # type: ignore[override]
        return {"valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/reset_password_done.html"


class PasswordResetConfirmView(UnprocessableOnErrorMixin, auth_views.PasswordResetConfirmView):
    template_name = "registration/reset_password_confirm.html"
    form_class = ItaliaSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: ItaliaSetPasswordForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record_password(form.user, "reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/reset_password_complete.html"


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """My personal access tokens. A new token's raw value is in this response only: it is
    stored hashed, so it cannot be shown again."""
    form = TokenForm(request.user, request.POST or None)
    created: tuple[ApiToken, str] | None = None
    status = 200
    if request.method == "POST" and not request.user.is_superuser:
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = create_token(
                    request,
                    request.user,
                    name=data["name"],
                    password=data["password"],
                    days=data["days"],
                    scope=data["scope"],
                    body=data["body"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                form = TokenForm(request.user)
                status = 201
    context: dict[str, Any] = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user).select_related("body"),
        "created": created[0] if created else None,
        "raw_token": created[1] if created else None,
        "no_tokens_for_platform_admins": request.user.is_superuser,
    }
    return render(request, "core/tokens.html", context, status=status)


@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    # Ownership first, then the method: another user's token is a 404 whatever the method,
    # as everywhere else on the site.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    revoke_token_of_owner(token)
    messages.success(
        request,
        _("Token “%(name)s” revoked: it no longer opens the API.") % {"name": token.name},
    )
    return redirect("tokens")


@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user, on every browser and device, this one included: for a
    lost phone, a shared computer left logged in, a suspicion."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ended = end_all_sessions(request.user)
    logout(request)
    messages.success(
        request,
        ngettext(
            "You have been logged out everywhere (%(count)d session ended).",
            "You have been logged out everywhere (%(count)d sessions ended).",
            ended,
        )
        % {"count": ended},
    )
    return redirect("login")


# The date this statement was prepared; an installation that audits its own deployment sets
# ACCESSIBILITY_STATEMENT_DATE (ISO date) along with its own findings.
STATEMENT_DATE = datetime.date(2026, 11, 23)
# AgID's page on the enforcement procedure before the Difensore civico per il digitale.
ENFORCEMENT_URL = "https://www.agid.gov.it/it/design-servizi/accessibilita/procedura-attuazione"


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement due under L. 4/2004 (as amended by D.Lgs. 106/2018) and the
    AgID guidelines.

    Public: people must be able to read it, and report a barrier, without an account."""
    contact = (
        getattr(settings, "ACCESSIBILITY_CONTACT", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    )
    configured_date = str(getattr(settings, "ACCESSIBILITY_STATEMENT_DATE", ""))
    statement_date = parse_date(configured_date) or STATEMENT_DATE
    context = {
        "contact": contact,
        "statement_date": statement_date,
        "site": request.get_host(),
        "enforcement_url": getattr(settings, "ACCESSIBILITY_ENFORCEMENT_URL", ENFORCEMENT_URL),
        "official_statement_url": getattr(settings, "ACCESSIBILITY_AGID_STATEMENT_URL", ""),
    }
    return render(request, "core/accessibility.html", context)
