"""Reads of the rights app, scoped by the caller's access."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from agilepa.core.access import Access, PermissionDeniedForRole, Role
from agilepa.org.models import Person
from agilepa.rights.models import RequestStatus, SubjectRequest

HR = (Role.HR_ADMIN, Role.PLATFORM_ADMIN)


def requests_for(access: Access, status: str = "") -> QuerySet[SubjectRequest]:
    """The body's requests, for HR; `status` one of RequestStatus or "" for all."""
    access.require(*HR)
    found = SubjectRequest.objects.filter(body=access.body).select_related("person", "handled_by")
    if status in RequestStatus.values:
        found = found.filter(status=status)
    return found


def own_requests(access: Access) -> QuerySet[SubjectRequest]:
    if access.person_id is None:
        return SubjectRequest.objects.none()
    return SubjectRequest.objects.filter(body=access.body, person_id=access.person_id)


def person_for_hr(access: Access, person_id: int) -> Person:
    """A person of the body, for HR: 404 for another body's (as if it did not exist)."""
    access.require(*HR)
    return get_object_or_404(
        Person.objects.select_related("unit", "body"), pk=person_id, body=access.body
    )


def request_for_hr(access: Access, request_id: int) -> SubjectRequest:
    access.require(*HR)
    return get_object_or_404(
        SubjectRequest.objects.select_related("person"), pk=request_id, body=access.body
    )


def open_export_requests(access: Access, person: Person) -> QuerySet[SubjectRequest]:
    """The person's open access and portability requests, which an export fulfils."""
    if not access.has_any(*HR):
        raise PermissionDeniedForRole
    return SubjectRequest.objects.filter(
        body=access.body,
        person=person,
        status=RequestStatus.OPEN,
        kind__in=["access", "portability"],
    )
