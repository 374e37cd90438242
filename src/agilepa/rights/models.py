"""Requests of the data subject (artt. 15-22 GDPR) and how HR handled them.

A request is a record of the body's duty, not of the platform's: art. 12(3) gives the body one
month from receipt to answer (two more for complex or many requests, telling the person within
the first month), and the body must be able to show that it did (art. 5(2), accountability)."""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.org.models import Body, Person


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "erasure", _("Erasure (art. 17)")
    RESTRICTION = "restriction", _("Restriction (art. 18)")
    PORTABILITY = "portability", _("Portability (art. 20)")
    OBJECTION = "objection", _("Objection (art. 21)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


def one_month_after(day: date) -> date:
    """The same day of the next month, or its last day (31 Jan → 28/29 Feb): art. 12(3)'s
    "one month", counted as Reg. (EEC, Euratom) 1182/71 art. 3(2)(c) counts months."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class SubjectRequest(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="subject_requests")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="subject_requests", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(_("received on"))
    # A rectification: which data is wrong and what it should be (art. 16).
    field = models.CharField(_("data concerned"), max_length=200, blank=True)
    correction = models.TextField(_("what it should be"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    # HR's answer: what was corrected, or why the request was refused (art. 12(4)).
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        indexes = [models.Index(fields=["body", "status"], name="rights_body_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def due_on(self) -> date:
        return one_month_after(self.received_on)

    def is_late(self, today: date) -> bool:
        return self.status == RequestStatus.OPEN and today > self.due_on
