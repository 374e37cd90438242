"""Pages of what changed in the law since 2022: agreements across a change of contract, the
communications to the Ministry of Labour, and the derogation from the prevalence of presence."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from agilepa.agreements import communications, derogations, rules, selectors
from agilepa.agreements.services import TransitionRefused
from agilepa.core.access import Access, Role
from agilepa.core.decorators import body_view
from agilepa.core.exports import record_export

HR_ROLES = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


@body_view(*HR_ROLES)
def contract_changes(request: HttpRequest, access: Access) -> HttpResponse:
    """The agreements in force across a change of national contract, and which of them the
    new contract's rules refuse (they need a new signature)."""
    rows = selectors.agreements_across_contract_change(access)
    context = {
        "access": access,
        "page": Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page")),
        "needing_signature": sum(row.needs_new_signature for row in rows),
        "baselines": rules.BASELINES,
        "nav": "agreements",
    }
    return render(request, "agreements/contract_changes.html", context)


@body_view(*HR_ROLES)
def communication_list(request: HttpRequest, access: Access) -> HttpResponse:
    context = {
        "access": access,
        "board": communications.board(access),
        "columns": communications.COLUMNS,
        "sources": rules.COMMUNICATION_SOURCES,
        "days": rules.COMMUNICATION_DAYS,
        "nav": "agreements",
    }
    return render(request, "agreements/communications.html", context)


@body_view(*HR_ROLES)
@require_POST
def communication_sent(request: HttpRequest, access: Access, communication_id: int) -> HttpResponse:
    communication = communications.get_communication(access, communication_id)
    try:
        raw = request.POST.get("sent_on") or timezone.localdate().isoformat()
        receipt = request.POST.get("receipt_number", "")
        communications.mark_sent(access, communication, receipt, date.fromisoformat(raw))
        messages.success(request, _("Receipt recorded."))
    except ValueError:
        messages.error(request, _("Give the date of sending as dd/mm/yyyy."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return HttpResponseRedirect(
        reverse("agreements:communications", kwargs={"body": access.body.slug})
    )


@body_view(*HR_ROLES)
def communication_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    """The due communications in the portal's bulk format (columns to verify, see the page)."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    stamp = timezone.localdate().strftime("%Y%m%d")
    record_export(request, access.body, gettext_noop("communications due (ministry's bulk format)"))
    if fmt == "xlsx":
        response = HttpResponse(
            communications.export_xlsx(access),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            communications.export_csv(access).encode("utf-8-sig"), content_type="text/csv"
        )
    response["Content-Disposition"] = f'attachment; filename="lavoro-agile-{stamp}.{fmt}"'
    return response


@body_view()
def derogation(request: HttpRequest, access: Access, agreement_id: int) -> HttpResponse:
    """The derogation of one agreement: its reason for those who may read it, the request form
    for the person (or HR), the decision for the manager. 404 for everyone else."""
    agreement = selectors.get_agreement_or_404(access, agreement_id)
    existing = derogations.derogation_of(agreement)
    may_request = derogations.is_own(access, agreement) or access.is_hr
    readable = existing is not None and derogations.may_read_reason(access, agreement, existing)
    if not (readable or may_request):
        raise Http404
    if request.method == "POST" and may_request:
        try:
            derogations.request(
                access,
                agreement,
                int(request.POST.get("days_per_month") or 0),
                request.POST.get("reason", ""),
                date.fromisoformat(request.POST.get("review_on", "")),
            )
            messages.success(request, _("Derogation requested: the manager decides."))
            return HttpResponseRedirect(request.path)
        except ValueError:
            messages.error(request, _("Give the review date and the number of days."))
        except (ValidationError, TransitionRefused) as exc:
            for message in exc.messages:
                messages.error(request, message)
    context = {
        "access": access,
        "agreement": agreement,
        "derogation": derogations.reason_for(access, agreement) if readable else None,
        "may_request": may_request,
        "may_decide": existing is not None
        and existing.status == derogations.D.REQUESTED
        and derogations.may_decide(access, agreement),
        "source": rules.DIRECTIVE_2023,
        "nav": "agreements",
    }
    return render(request, "agreements/derogation.html", context)


@body_view()
@require_POST
def derogation_decide(request: HttpRequest, access: Access, agreement_id: int) -> HttpResponse:
    agreement = selectors.get_agreement_or_404(access, agreement_id)
    existing = derogations.derogation_of(agreement)
    if existing is None or not derogations.may_read_reason(access, agreement, existing):
        raise Http404
    try:
        derogations.decide(access, agreement, grant=request.POST.get("grant") == "1")
        messages.success(request, _("Decision recorded."))
    except TransitionRefused as exc:
        for message in exc.messages:
            messages.error(request, message)
    return HttpResponseRedirect(
        reverse(
            "agreements:derogation",
            kwargs={"body": access.body.slug, "agreement_id": agreement.pk},
        )
    )
