"""Pages of regulations and agreements: thin, over selectors and services."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agilepa.agreements import selectors
from agilepa.core.access import Access
from agilepa.core.decorators import body_view


@body_view()
def agreement_detail(request: HttpRequest, access: Access, agreement_id: int) -> HttpResponse:
    agreement = selectors.get_agreement(access, agreement_id)
    return render(request, "agreements/agreement_detail.html", {"agreement": agreement})
