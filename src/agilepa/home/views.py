"""The home page of each role: the views only render what `selectors.home` gathers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from agilepa.core import formats
from agilepa.core.access import Access
from agilepa.core.decorators import body_view
from agilepa.core.policies import anyone
from agilepa.home import selectors


@body_view(anyone)
def body_home(request: HttpRequest, access: Access) -> HttpResponse:
    """Where the user lands in a body: the sections of each of their roles there."""
    today = timezone.localdate()
    context = {
        "access": access,
        "home": selectors.home(access, request.user, today),  # type: ignore[arg-type]
        "today_in_words": formats.long_day(today),
        "nav": "home",
    }
    return render(request, "home/body_home.html", context)


@login_required
def network_home(request: HttpRequest) -> HttpResponse:
    """The home of a network coordinator with no role in a body: their networks at a glance.
    Anyone else is sent to the site's home, which finds their body (or says they have none)."""
    networks = selectors.network_glance(request.user)  # type: ignore[arg-type]
    if not networks:
        return redirect("home")
    return render(request, "home/network_home.html", {"networks": networks, "nav": "home"})
