"""Pages of the organisation: a network and its members, a body, its unit tree, its people.

Thin views: the reads go through the selectors (scoped by the user's `Access`), the writes
through the services; the adhesion workflow's rights are decided here because they depend on
the network as well as on the body."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agilepa.core.access import Access, Role, bodies_for_user, can_coordinate
from agilepa.core.decorators import body_view
from agilepa.core.forms import add_service_errors
from agilepa.core.models import User
from agilepa.core.policies import manages_or_hr
from agilepa.org import selectors, services
from agilepa.org.forms import ApplyForm, PeopleFilterForm, SignedProtocolForm, UnitMoveForm
from agilepa.org.models import Membership, MembershipStatus, Network

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)
LISTERS = (*HR, Role.MANAGER)
PEOPLE_PER_PAGE = 50


def posted(request: HttpRequest) -> QueryDict | None:
    """The data a form is bound to: an empty POST is bound too, so it shows what is missing."""
    return request.POST if request.method == "POST" else None


# Networks and the adhesion workflow ---------------------------------------------------------


@dataclass(frozen=True)
class NetworkRights:
    """What the user may do in one network: coordinate it, and administer which members."""

    coordinates: bool
    hr_body_ids: frozenset[int]

    @classmethod
    def of(cls, user: User, network: Network) -> NetworkRights:
        return cls(
            coordinates=can_coordinate(user, network),
            hr_body_ids=frozenset(
                selectors.bodies_administered_by(user).values_list("pk", flat=True)
            ),
        )

    def administers(self, membership: Membership) -> bool:
        return membership.body_id in self.hr_body_ids

    def may(self, action: str, membership: Membership) -> bool:
        """Sign: the HR office of the member body uploads its own protocol. Activate: the
        coordinator. Leave, and reading the signed protocol: either side."""
        if action == "sign":
            return self.administers(membership)
        if action == "activate":
            return self.coordinates
        if action in ("leave", "protocol"):
            return self.coordinates or self.administers(membership)
        return False


@dataclass(frozen=True)
class MemberRow:
    """A member of the network and the actions the user may take on it now."""

    membership: Membership
    body_link: bool
    sign: bool
    activate: bool
    leave: bool
    protocol: bool


def _member_rows(user: User, network: Network, rights: NetworkRights) -> list[MemberRow]:
    my_bodies = set(bodies_for_user(user).values_list("pk", flat=True))
    rows = []
    for m in selectors.memberships_of(network):
        rows.append(
            MemberRow(
                membership=m,
                body_link=m.body_id in my_bodies,
                sign=m.status == MembershipStatus.APPLIED and rights.may("sign", m),
                activate=m.status == MembershipStatus.SIGNED and rights.may("activate", m),
                leave=m.status != MembershipStatus.LEFT and rights.may("leave", m),
                protocol=bool(m.protocol) and rights.may("protocol", m),
            )
        )
    return rows


@login_required
def network_overview(request: HttpRequest, network: str) -> HttpResponse:
    """The members of a network and where each stands in the adhesion workflow. A POST is an
    application to join, made by the HR office of one of the user's bodies."""
    found = selectors.get_network(request.user, network)
    rights = NetworkRights.of(request.user, found)
    applicable = selectors.bodies_that_may_apply(request.user, found)
    apply_form = ApplyForm(posted(request), bodies=applicable)
    status = 200
    if request.method == "POST":
        if apply_form.is_valid():
            body = apply_form.cleaned_data["body"]
            try:
                services.apply_for_membership(found, body, timezone.localdate())
            except ValidationError as exc:
                add_service_errors(apply_form, exc)
            else:
                messages.success(
                    request,
                    _("%(body)s has applied to join %(network)s.")
                    % {"body": body.name, "network": found.name},
                )
                return redirect("org:network", network=found.slug)
        status = 422
    counts = selectors.membership_status_counts(found)
    context: dict[str, Any] = {
        "network": found,
        "rows": _member_rows(request.user, found, rights),
        "status_counts": [(s, counts[s.value]) for s in MembershipStatus],
        "rights": rights,
        "apply_form": apply_form if apply_form.errors or applicable.exists() else None,
        "nav": "network",
        "current_network": found,
    }
    return render(request, "org/network_overview.html", context, status=status)


MEMBERSHIP_ACTIONS = {
    "activate": services.activate_membership,
    "leave": services.leave_network,
}


@login_required
def membership_action(
    request: HttpRequest, network: str, membership_id: int, action: str
) -> HttpResponse:
    """Move a membership along the workflow. Activate and leave are POST buttons of the
    network page; sign is a form of its own (the date and the signed PDF)."""
    found = selectors.get_network(request.user, network)
    if action != "sign" and action not in MEMBERSHIP_ACTIONS:
        raise Http404("No such action")
    membership = selectors.get_membership(found, membership_id)
    if not NetworkRights.of(request.user, found).may(action, membership):
        raise PermissionDenied
    if action == "sign":
        return _sign(request, found, membership)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        MEMBERSHIP_ACTIONS[action](membership, timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        status = MembershipStatus(membership.status).label
        messages.success(
            request,
            _("The membership of %(body)s is now: %(status)s.")
            % {"body": membership.body.name, "status": status},
        )
    return redirect("org:network", network=found.slug)


def _sign(request: HttpRequest, network: Network, membership: Membership) -> HttpResponse:
    form = SignedProtocolForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_signed_protocol(
                membership, form.cleaned_data["protocol_signed_on"], form.cleaned_data["protocol"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The signed protocol of %(body)s is recorded: the coordinator can now "
                    "activate the membership."
                )
                % {"body": membership.body.name},
            )
            return redirect("org:network", network=network.slug)
    context = {
        "network": network,
        "membership": membership,
        "form": form,
        "nav": "network",
        "current_network": network,
    }
    return render(request, "org/membership_sign.html", context, status=422 if form.errors else 200)


@login_required
def membership_protocol(request: HttpRequest, network: str, membership_id: int) -> HttpResponse:
    """The signed protocol, for the coordinator and the member body's HR office only."""
    found = selectors.get_network(request.user, network)
    membership = selectors.get_membership(found, membership_id)
    if not NetworkRights.of(request.user, found).may("protocol", membership):
        raise PermissionDenied
    if not membership.protocol:
        messages.info(
            request,
            _("%(body)s has not uploaded its signed protocol yet.")
            % {"body": membership.body.name},
        )
        return redirect("org:network", network=found.slug)
    try:
        handle = membership.protocol.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The protocol file is missing") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"protocol-{found.slug}-{membership.body.slug}.pdf",
        content_type="application/pdf",
    )


# A body and its organisation ----------------------------------------------------------------


@body_view()
def body_overview(request: HttpRequest, access: Access) -> HttpResponse:
    context = {
        "access": access,
        "body": access.body,
        "summary": selectors.body_summary(access),
        "sites": selectors.sites_for(access),
        "memberships": selectors.memberships_of_body(access),
        "can_list_people": selectors.can_list_people(access),
        "nav": "body",
    }
    return render(request, "org/body_overview.html", context)


def _count_units(nodes: Iterable[selectors.UnitNode]) -> int:
    return sum(1 + _count_units(node.children) for node in nodes)


@body_view()
def unit_tree(request: HttpRequest, access: Access) -> HttpResponse:
    tree = selectors.unit_tree(access)
    context = {
        "access": access,
        "tree": tree,
        "unit_count": _count_units(tree),
        "people_count": sum(node.total for node in tree),
        "nav": "units",
    }
    return render(request, "org/unit_tree.html", context)


@body_view()
def unit_detail(request: HttpRequest, access: Access, unit_id: int) -> HttpResponse:
    unit = selectors.get_unit(access, unit_id)
    (node,) = selectors.unit_tree(access, root=unit)
    context = {
        "access": access,
        "unit": unit,
        "node": node,
        "ancestors": selectors.unit_ancestors(access, unit),
        "can_list_people": selectors.can_list_people_in(access, unit),
        "nav": "units",
    }
    return render(request, "org/unit_detail.html", context)


@body_view(*HR)
def unit_move(request: HttpRequest, access: Access, unit_id: int) -> HttpResponse:
    unit = selectors.get_unit(access, unit_id)
    form = UnitMoveForm(
        posted(request),
        initial={"parent": unit.parent_id},
        units=selectors.units_for(access).order_by("path"),
    )
    if request.method == "POST" and form.is_valid():
        new_parent = form.cleaned_data["parent"]
        try:
            services.move_unit(unit, new_parent)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(unit)s moved under %(parent)s.")
                % {
                    "unit": unit.name,
                    "parent": new_parent.name if new_parent else _("the top level"),
                },
            )
            return redirect("org:unit", body=access.body.slug, unit_id=unit.pk)
    context = {
        "access": access,
        "unit": unit,
        "ancestors": selectors.unit_ancestors(access, unit),
        "form": form,
        "nav": "units",
    }
    return render(request, "org/unit_move.html", context, status=422 if form.errors else 200)


# People -------------------------------------------------------------------------------------


def is_htmx_partial(request: HttpRequest) -> bool:
    """An htmx request swaps the results only; restoring history after a cache miss asks for
    the whole page again."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@body_view(manages_or_hr)
def people_list(request: HttpRequest, access: Access) -> HttpResponse:
    form = PeopleFilterForm(
        request.GET,
        units=selectors.units_listable_by(access),
        sites=selectors.sites_for(access),
        job_categories=selectors.job_categories_for(access),
    )
    query = form.query()
    people = selectors.search_people(access, query)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "access": access,
        "form": form,
        "query": query,
        "page": page,
        "nav": "people",
    }
    if is_htmx_partial(request):
        return render(request, "org/_people_results.html", {**context, "partial": True})
    return render(request, "org/people_list.html", context)


@body_view()
def person_detail(request: HttpRequest, access: Access, person_id: int) -> HttpResponse:
    person = selectors.get_person(access, person_id)
    context = {
        "access": access,
        "person": person,
        "ancestors": selectors.unit_ancestors(access, person.unit),
        "can_list_people": selectors.can_list_people(access),
        "nav": "people" if selectors.can_list_people(access) else "body",
    }
    return render(request, "org/person_detail.html", context)
