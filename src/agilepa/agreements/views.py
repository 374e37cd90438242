"""Pages of regulations and agreements: thin, over selectors and services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agilepa.agreements import rules, selectors, services, special
from agilepa.agreements.forms import AgreementForm, RegulationForm, WithdrawForm
from agilepa.agreements.models import Agreement, AgreementStatus, Regulation
from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.core.policies import is_hr, manages_or_hr
from agilepa.org.models import Person
from agilepa.org.selectors import people_for

S = AgreementStatus


def _detail_url(access: Access, agreement: Agreement) -> str:
    return reverse(
        "agreements:detail", kwargs={"body": access.body.slug, "agreement_id": agreement.pk}
    )


# --- the person's agreements and the request wizard ----------------------------------------


@body_view()
def my_agreements(request: HttpRequest, access: Access) -> HttpResponse:
    agreements = (
        Agreement.objects.filter(body=access.body, person_id=access.person_id)
        if access.person_id
        else Agreement.objects.none()
    )
    context = {
        "access": access,
        "agreements": agreements.select_related("regulation"),
        "regulation": services.regulation_in_force(access.body.pk, timezone.localdate()),
        "nav": "agreements",
    }
    return render(request, "agreements/my_agreements.html", context)


def _request_person(access: Access, request: HttpRequest) -> Person:
    """Whom a request is for: oneself, or (HR) the person named in the address."""
    wanted = request.GET.get("person") or request.POST.get("person")
    if wanted and access.is_hr:
        return get_object_or_404(people_for(access), pk=wanted)
    if access.person_id is None:
        raise PermissionDeniedForRole
    return Person.objects.select_related("unit").get(pk=access.person_id)


@body_view()
def agreement_new(request: HttpRequest, access: Access) -> HttpResponse:
    """The request wizard: terms prefilled from the Regolamento, checked live as they change."""
    if not (access.person_id or access.is_hr):
        raise PermissionDeniedForRole
    if access.person_id is None and not request.GET.get("person") and request.method == "GET":
        return redirect("org:people", body=access.body.slug)
    person = _request_person(access, request)
    regulation = services.regulation_in_force(access.body.pk, timezone.localdate())
    draft = services.unsaved_draft(access.body.pk, person, regulation)
    return _edit(request, access, person, draft, regulation)


@body_view()
def agreement_edit(request: HttpRequest, access: Access, agreement_id: int) -> HttpResponse:
    agreement = selectors.get_agreement(access, agreement_id)
    if not (services.is_own(access, agreement) or access.is_hr):
        raise PermissionDeniedForRole
    if agreement.status != S.DRAFT:
        messages.info(request, _("Only a draft can be changed."))
        return redirect(_detail_url(access, agreement))
    special.special_fields_for(access, agreement)  # the form shows them: HR's read is recorded
    return _edit(request, access, agreement.person, agreement, agreement.regulation)


def _edit(
    request: HttpRequest,
    access: Access,
    person: Person,
    agreement: Agreement,
    regulation: Regulation | None,
) -> HttpResponse:
    activities = selectors.remotable_activities(regulation, person)
    violations: list[rules.Violation] = []
    if request.method == "POST":
        form = AgreementForm(request.POST, instance=agreement, activities=activities)
        if form.is_valid():
            terms = form.terms()
            try:
                if agreement.pk is None:
                    agreement = services.new_draft(access, person, **terms)
                else:
                    agreement = services.update_draft(access, agreement, **terms)
                if "submit" in request.POST:
                    services.submit(access, agreement)
                    messages.success(request, _("The request was submitted to your manager."))
                else:
                    messages.success(request, _("The draft was saved."))
                return redirect(_detail_url(access, agreement))
            except services.TransitionRefused as refused:
                violations = refused.violations
                form.add_violations(violations)
                if not violations:
                    form.add_error(None, refused.message)
    else:
        form = AgreementForm(
            instance=agreement,
            activities=activities,
            initial={"weekdays": [str(d) for d in agreement.weekdays]},
        )
    context = {
        "access": access,
        "form": form,
        "person": person,
        "agreement": agreement,
        "regulation": regulation,
        "violations": violations,
        "nav": "agreements",
    }
    return render(request, "agreements/agreement_form.html", context)


@body_view()
@require_POST
def agreement_check(request: HttpRequest, access: Access) -> HttpResponse:
    """The live check of the wizard (htmx): every violation of the terms being typed, with its
    source, without saving anything."""
    if not (access.person_id or access.is_hr):
        raise PermissionDeniedForRole
    if access.person_id is None and not request.POST.get("person"):
        return render(request, "agreements/_violations.html", {"checked": True, "form_errors": 1})
    person = _request_person(access, request)
    existing = request.POST.get("agreement")
    if existing:
        agreement = selectors.get_agreement(access, int(existing))
        if agreement.person_id != person.pk:
            raise PermissionDeniedForRole
    else:
        agreement = Agreement(body=access.body, person=person)
    regulation = services.regulation_in_force(access.body.pk, timezone.localdate())
    form = AgreementForm(
        request.POST,
        instance=agreement,
        activities=selectors.remotable_activities(regulation, person),
    )
    form.is_valid()  # the field errors are shown by the form; the rest is the checker's
    violations: list[rules.Violation] = []
    if not form.errors.get("start_date"):
        for name, value in form.terms().items():
            if name in services.EDITABLE_FIELDS:
                setattr(agreement, name, value)
        violations = services.check(agreement)
    context = {"violations": violations, "form_errors": form.errors, "checked": True, "oob": True}
    return render(request, "agreements/_check.html", context)


# --- one agreement --------------------------------------------------------------------------


@body_view()
def agreement_detail(request: HttpRequest, access: Access, agreement_id: int) -> HttpResponse:
    agreement = selectors.get_agreement(access, agreement_id)
    today = timezone.localdate()
    show_prerequisites = agreement.status in {S.APPROVED, S.COUNTERSIGNED, S.ACTIVE, S.SUSPENDED}
    quote = None
    if agreement.status in {S.COUNTERSIGNED, S.ACTIVE, S.SUSPENDED}:
        quote = services.withdrawal_quote(agreement, today, justified=False)
    actions = available_actions(access, agreement)
    context = {
        "access": access,
        "agreement": agreement,
        "transitions": agreement.transitions.select_related("actor"),
        "actions": actions,
        "missing": services.missing_prerequisites(agreement) if show_prerequisites else [],
        # Who decides sees what the checker finds before approving or rejecting.
        "compliance": services.compliance_of([agreement])[agreement.pk]
        if {"approve", "reject"} & set(actions)
        else None,
        "quote": quote,
        "withdraw_form": WithdrawForm(),
        "derogation_days": agreement.granted_derogation_days(),
        "derogation_link": _derogation_link(access, agreement),
        # Art. 9 GDPR data: only for the person, HR and the deciding manager, each read recorded.
        "special": special.special_fields_for(access, agreement),
        "nav": "agreements",
    }
    return render(request, "agreements/agreement_detail.html", context)


def _derogation_link(access: Access, agreement: Agreement) -> bool:
    """Only those who may ask for it or read it see the way to the derogation's page."""
    from agilepa.agreements import derogations

    if services.is_own(access, agreement) or access.is_hr:
        return True
    existing = derogations.derogation_of(agreement)
    return existing is not None and derogations.may_read_reason(access, agreement, existing)


def available_actions(access: Access, agreement: Agreement) -> list[str]:
    """The actions the viewer may take now (the services check again when they are taken)."""
    own = services.is_own(access, agreement)
    decides = services.manages(access, agreement) or (access.is_hr and not own)
    status = agreement.status
    out = []
    if status == S.DRAFT and (own or access.is_hr):
        out += ["edit", "submit"]
    if status == S.SUBMITTED and decides:
        out += ["approve", "reject"]
    if status == S.APPROVED and access.is_hr:
        out.append("countersign")
    if status == S.COUNTERSIGNED and access.is_hr:
        out.append("activate")
    if status == S.ACTIVE and (access.is_hr or services.manages(access, agreement)):
        out.append("suspend")
    if status == S.SUSPENDED and (access.is_hr or services.manages(access, agreement)):
        out.append("resume")
    if status in {S.COUNTERSIGNED, S.ACTIVE, S.SUSPENDED} and (own or access.is_hr):
        out.append("withdraw")
    renewable = status in {S.ACTIVE, S.EXPIRED, S.WITHDRAWN, S.SUSPENDED}
    if renewable and (own or access.is_hr) and not hasattr(agreement, "renewal"):
        out.append("renew")
    return out


ACTIONS = {
    "submit",
    "approve",
    "reject",
    "countersign",
    "activate",
    "suspend",
    "resume",
    "withdraw",
    "renew",
}


@body_view()
@require_POST
def agreement_action(
    request: HttpRequest, access: Access, agreement_id: int, action: str
) -> HttpResponse:
    agreement = selectors.get_agreement(access, agreement_id)
    if action not in ACTIONS:
        raise PermissionDeniedForRole
    reason = request.POST.get("reason", "").strip()
    back = request.POST.get("next") or _detail_url(access, agreement)
    if not back.startswith("/") or back.startswith("//"):
        back = _detail_url(access, agreement)
    try:
        if action == "submit":
            services.submit(access, agreement)
        elif action == "approve":
            services.approve(access, agreement)
        elif action == "reject":
            services.reject(access, agreement, reason)
        elif action == "countersign":
            services.countersign(access, agreement)
        elif action == "activate":
            services.activate(access, agreement)
        elif action == "suspend":
            services.suspend(access, agreement, reason)
        elif action == "resume":
            services.resume(access, agreement)
        elif action == "withdraw":
            form = WithdrawForm(request.POST)
            last_day: date | None = None
            justified = False
            if form.is_valid():
                last_day = form.cleaned_data["last_day"]
                justified = form.cleaned_data["justified"]
            services.withdraw(access, agreement, reason, justified=justified, last_day=last_day)
        elif action == "renew":
            renewal = services.renew(access, agreement)
            messages.success(request, _("A renewal was drafted: check its terms and submit it."))
            return redirect(_detail_url(access, renewal))
    except services.TransitionRefused as refused:
        for violation in refused.violations or []:
            messages.error(request, f"{violation.message} ({violation.source})")
        if not refused.violations:
            messages.error(request, refused.message)
        return HttpResponseRedirect(back)
    messages.success(
        request,
        _("The agreement is now “%(status)s”.") % {"status": agreement.get_status_display()},
    )
    return HttpResponseRedirect(back)


# --- the manager's inbox and HR's dashboard ---------------------------------------------------


@body_view(manages_or_hr)
def inbox(request: HttpRequest, access: Access) -> HttpResponse:
    """The one list that shows priority categories: the reason of each rank, to those who
    decide these requests (every row a submitted request of their subtree), each read recorded.
    A page at a time: only the rows shown are read whole, checked and recorded as read."""
    page = Paginator(selectors.ranked_inbox(access), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = selectors.inbox_rows(access, list(page.object_list))
    special.record_reads(access, [agreement for agreement, _reason in shown], ["priorities"])
    compliance = services.compliance_of([agreement for agreement, _reason in shown])
    rows = [(agreement, reason, compliance[agreement.pk]) for agreement, reason in shown]
    context = {"access": access, "page": page, "rows": rows, "nav": "inbox"}
    return render(request, "agreements/inbox.html", context)


@body_view(is_hr)
def dashboard(request: HttpRequest, access: Access) -> HttpResponse:
    context = {"access": access, "board": selectors.dashboard(access), "nav": "agreements"}
    return render(request, "agreements/dashboard.html", context)


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
def agreement_list(request: HttpRequest, access: Access) -> HttpResponse:
    """Every agreement of the body, filtered by status and searched by name or matricola."""
    agreements = selectors.agreements_for(access).select_related("person__unit")
    status = request.GET.get("status", "")
    if status in S.values:
        agreements = agreements.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        agreements = agreements.filter(person__last_name__icontains=query) | agreements.filter(
            person__employee_number__iexact=query
        )
    context = {
        "access": access,
        "agreements": agreements.order_by("person__last_name", "-start_date")[:200],
        "total": agreements.count(),
        "status": status,
        "statuses": S.choices,
        "query": query,
        "nav": "agreements",
    }
    return render(request, "agreements/agreement_list.html", context)


# --- the Regolamento ----------------------------------------------------------------------------


@body_view()
def regulation_list(request: HttpRequest, access: Access) -> HttpResponse:
    context = {
        "access": access,
        "regulations": selectors.regulations_for(access),
        "in_force": services.regulation_in_force(access.body.pk, timezone.localdate()),
        "nav": "regulation",
    }
    return render(request, "agreements/regulation_list.html", context)


@body_view()
def regulation_detail(request: HttpRequest, access: Access, regulation_id: int) -> HttpResponse:
    regulation = selectors.get_regulation(access, regulation_id)
    context = {
        "access": access,
        "regulation": regulation,
        "activities": regulation.activities.select_related("unit"),
        "nav": "regulation",
    }
    return render(request, "agreements/regulation_detail.html", context)


@body_view(Role.HR_ADMIN, Role.PLATFORM_ADMIN)
def regulation_new(request: HttpRequest, access: Access) -> HttpResponse:
    """A new version, prefilled from the latest. Looser than the law: refused, with the rule."""
    latest = selectors.regulations_for(access).first()
    if request.method == "POST":
        form = RegulationForm(request.POST, instance=Regulation(body=access.body))
        if form.is_valid():
            try:
                regulation = services.save_regulation(
                    access,
                    form.save(commit=False),
                    remotable=form.cleaned_data["remotable"],
                    not_remotable=form.cleaned_data["not_remotable"],
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(
                    request, _("Version %(v)d was adopted.") % {"v": regulation.version}
                )
                return redirect(
                    "agreements:regulation", body=access.body.slug, regulation_id=regulation.pk
                )
    else:
        initial = {}
        if latest is not None:
            initial = {
                "priority_order": "\n".join(latest.priority_order),
                "remotable": services.catalogue_lines(latest, remotable=True),
                "not_remotable": services.catalogue_lines(latest, remotable=False),
            }
        form = RegulationForm(instance=_copy(latest, access), initial=initial)
    context = {"access": access, "form": form, "latest": latest, "nav": "regulation"}
    return render(request, "agreements/regulation_form.html", context)


def _copy(latest: Regulation | None, access: Access) -> Regulation:
    if latest is None:
        return Regulation(body=access.body, allowed_places=["home"])
    copy = Regulation.objects.get(pk=latest.pk)
    copy.pk = None
    copy.is_draft = False
    copy.adopted_on = timezone.localdate()
    copy.effective_from = timezone.localdate()
    return copy
