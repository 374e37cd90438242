"""Reads of agreements and prerequisites, always scoped by an `Access` (see core/access.py).

HR sees the body's agreements; a manager those of their subtrees; an employee their own; an
observer (CUG/RSU) none by name, only the aggregates."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from agilepa.agreements.models import Agreement
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.org.selectors import subtree_q


def agreements_for(access: Access) -> QuerySet[Agreement]:
    agreements = Agreement.objects.filter(body=access.body)
    if access.is_hr:
        return agreements
    q = Q(pk__in=[])
    if access.is_manager:
        q |= subtree_q(access.managed_paths, prefix="person__unit__")
    if access.person_id is not None:
        q |= Q(person_id=access.person_id)
    return agreements.filter(q)


def get_agreement(access: Access, pk: int) -> Agreement:
    """404 for another body's agreement; 403 for one of this body beyond the user's roles."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("person__unit", "regulation", "body"),
        body=access.body,
        pk=pk,
    )
    if not agreements_for(access).filter(pk=pk).exists():
        raise PermissionDeniedForRole
    return agreement
