"""Pages of the privacy notice: the public notice of a body and of the platform, a person's
confirmation that they have read it, HR's editing and publishing, and the register (art. 30)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.audit import services as audit
from agilepa.core.access import Access, Role, bodies_for_user, resolve_access
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.org.models import Body, Person

from . import register as register_document
from . import selectors, services
from .forms import NoticeForm
from .models import NoticeVersion
from .text import to_html

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def notice(request: HttpRequest, body: str) -> HttpResponse:
    """The body's notice, readable without a login (it is due before the data are collected).
    A person of the body who has not read the version in force confirms it here."""
    found = get_object_or_404(Body, slug=body)
    versions = NoticeVersion.objects.filter(notice__body=found).order_by("-number")
    latest = version = versions.first()
    wanted = request.GET.get("version", "")
    if wanted.isdigit() and latest is not None and int(wanted) != latest.number:
        version = get_object_or_404(versions, number=int(wanted))
    english = get_language() == "en" and version is not None and bool(version.text_en)
    access: Access | None = None
    must_confirm = False
    if request.user.is_authenticated:
        access = resolve_access(request.user, found)
        must_confirm = (
            latest is not None
            and version == latest
            and Person.objects.filter(body=found, user=request.user, is_active=True).exists()
            and not latest.acknowledgements.filter(user=request.user).exists()
        )
    return render(
        request,
        "privacy/notice.html",
        {
            "notice_body": found,
            "version": version,
            "latest": latest,
            "text": to_html(version.text_en if english else version.text_it) if version else "",
            "text_lang": "en" if english else "it",
            "italian_only": get_language() == "en" and not english,
            "must_confirm": must_confirm,
            "is_hr": access is not None and access.is_hr,
            "next": _next(request),
        },
    )


def platform(request: HttpRequest) -> HttpResponse:
    """The platform's own notice, where no body is in view: who decides on the data (each
    body for its staff), the technical cookies, and the notices of the user's bodies."""
    bodies = list(bodies_for_user(request.user)) if request.user.is_authenticated else []
    return render(
        request,
        "privacy/platform.html",
        {"bodies": bodies, "contact": settings.SUPPORT_CONTACT or settings.ACCESSIBILITY_CONTACT},
    )


@body_view()
@require_POST
def acknowledge(request: HttpRequest, access: Access) -> HttpResponse:
    if access.person_id is None:
        raise PermissionDenied
    try:
        services.acknowledge(request.user, access.body)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise PermissionDenied from exc
    return redirect(_next(request) or "home")


@body_view(*HR)
def edit(request: HttpRequest, access: Access) -> HttpResponse:
    notice = services.notice_of(access.body)
    form = NoticeForm(
        request.POST or None, initial={"text_it": notice.draft_it, "text_en": notice.draft_en}
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "reset":
            services.reset_draft(access)
            messages.success(request, _("The draft starts again from the model text."))
            return redirect("privacy:edit", body=access.body.slug)
        if form.is_valid():
            services.save_draft(
                access, text_it=form.cleaned_data["text_it"], text_en=form.cleaned_data["text_en"]
            )
            if action != "publish":
                messages.success(request, _("Draft saved."))
                return redirect("privacy:edit", body=access.body.slug)
            try:
                version = services.publish(access)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(number)s published: everyone will be asked to read it.")
                    % {"number": version.number},
                )
                return redirect("privacy:edit", body=access.body.slug)
        status = 422
    return render(
        request,
        "privacy/edit.html",
        {
            "access": access,
            "form": form,
            "versions": selectors.versions_for(access),
            "people": selectors.people_count(access),
            "preview": to_html(form["text_it"].value() or ""),
        },
        status=status,
    )


@body_view(*HR)
def register(request: HttpRequest, access: Access) -> HttpResponse:
    """The record of processing activities of the body (art. 30), as DOCX."""
    content = register_document.register_docx(access.body)
    audit.record("privacy.register_downloaded", body=access.body, label=access.body.name)
    response = HttpResponse(content, content_type=register_document.DOCX)
    filename = register_document.filename(access.body)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
