"""Writes of the indicators: declared values, targets, the benchmark opt-in, a refresh."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from agilepa.audit import services as audit
from agilepa.core.access import Access, PermissionDeniedForRole
from agilepa.indicators import catalogue, summary
from agilepa.indicators.models import (
    BenchmarkOptIn,
    DeclaredValue,
    OpenDataOptIn,
    ReportSignature,
    Target,
)
from agilepa.org.models import MembershipStatus, Network


def _require_hr(access: Access) -> None:
    if not access.is_hr:
        raise PermissionDeniedForRole


def declare(access: Access, code: str, year: int, value: Decimal, note: str = "") -> DeclaredValue:
    """A new declared value; the previous ones stay as the history."""
    _require_hr(access)
    ind = catalogue.BY_CODE.get(code)
    if ind is None or ind.measured:
        raise ValidationError(
            {"code": _("“%(code)s” is not a declared indicator.") % {"code": code}}
        )
    with transaction.atomic():
        previous = (
            DeclaredValue.objects.filter(body=access.body, code=code, year=year)
            .order_by("-pk")
            .first()
        )
        declared = DeclaredValue.objects.create(
            body=access.body,
            code=code,
            year=year,
            value=value,
            note=note.strip(),
            entered_by_id=access.user_id,
        )
        fields = ("value", "note")
        before = audit.snapshot(previous, fields) if previous else {}
        audit.record(
            "indicator.declare",
            body=access.body,
            obj=declared,
            label=f"{code} {year}",
            changes=audit.diff(before, audit.snapshot(declared, fields)),
        )
    return declared


TARGET_FIELDS = ("baseline", "baseline_year", "target_1", "target_2", "target_3")


def set_target(access: Access, code: str, plan_year: int, **values) -> Target:
    _require_hr(access)
    if code not in catalogue.BY_CODE:
        raise ValidationError({"code": _("“%(code)s” is not an indicator.") % {"code": code}})
    with transaction.atomic():
        previous = (
            Target.objects.select_for_update()
            .filter(body=access.body, code=code, plan_year=plan_year)
            .first()
        )
        before = audit.snapshot(previous, TARGET_FIELDS) if previous else {}
        target, _created = Target.objects.update_or_create(
            body=access.body,
            code=code,
            plan_year=plan_year,
            defaults={**values, "set_by_id": access.user_id},
        )
        target.refresh_from_db(fields=TARGET_FIELDS)  # as stored: 15 is 15.00
        # The target is overwritten: its earlier values live on in the trail.
        audit.record(
            "indicator.target",
            body=access.body,
            obj=target,
            label=f"{code} {plan_year}",
            changes=audit.diff(before, audit.snapshot(target, TARGET_FIELDS)),
        )
    return target


def member_networks(access: Access):
    member = Q(
        memberships__body=access.body,
        memberships__status__in=[MembershipStatus.SIGNED, MembershipStatus.ACTIVE],
    )
    return Network.objects.filter(member | Q(coordinator=access.body)).distinct()


def set_opt_in(access: Access, network: Network, shown: bool) -> None:
    _require_hr(access)
    if not member_networks(access).filter(pk=network.pk).exists():
        raise PermissionDeniedForRole
    with transaction.atomic():
        if shown:
            BenchmarkOptIn.objects.get_or_create(
                network=network, body=access.body, defaults={"by_id": access.user_id}
            )
        else:
            BenchmarkOptIn.objects.filter(network=network, body=access.body).delete()
        audit.record(
            "indicator.benchmark_opt_in",
            body=access.body,
            obj=network,
            changes={"shown": shown},
        )


def set_open_data(access: Access, published: bool) -> None:
    """Publish (or stop publishing) the body's named figures as open data (HR)."""
    _require_hr(access)
    with transaction.atomic():
        if published:
            OpenDataOptIn.objects.get_or_create(
                body=access.body, defaults={"by_id": access.user_id}
            )
        else:
            OpenDataOptIn.objects.filter(body=access.body).delete()
        audit.record("indicator.open_data", body=access.body, changes={"published": published})


def set_report_signature(access: Access, year: int, signed: bool) -> None:
    """HR signs the year's PIAO report with their own name, or leaves it to the HR office (the
    default: a document meant for publication names no member of staff unless one chose to)."""
    _require_hr(access)
    with transaction.atomic():
        if signed:
            ReportSignature.objects.update_or_create(
                body=access.body, year=year, defaults={"signed_by_id": access.user_id}
            )
        else:
            ReportSignature.objects.filter(body=access.body, year=year).delete()
        audit.record(
            "indicator.report_signature",
            body=access.body,
            label=str(year),
            changes={"year": year, "signed": signed},
        )


def refresh_now(access: Access, year: int) -> None:
    """Mark the year stale and have the background worker rebuild it."""
    from agilepa.indicators.tasks import refresh_dirty

    _require_hr(access)
    summary.mark_dirty(access.body.pk, summary.months_between_year(year))
    body_id = access.body.pk
    transaction.on_commit(lambda: refresh_dirty.enqueue(body_id))


__all__ = ["declare", "refresh_now", "set_opt_in", "set_report_signature", "set_target"]
