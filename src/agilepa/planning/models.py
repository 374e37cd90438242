"""The body's calendar: the patron day of each comune where it has offices, and its closures."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.org.models import Body, OfficeSite


class PatronDay(models.Model):
    """The patron saint's day of one comune, a holiday of that comune only."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="patron_days")
    municipality = models.CharField(_("municipality"), max_length=120)
    saint = models.CharField(_("patron saint"), max_length=120)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

    class Meta:
        ordering = ["body", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "municipality"], name="one_patron_day_per_municipality"
            )
        ]
        verbose_name = _("patron saint's day")
        verbose_name_plural = _("patron saints' days")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.saint} ({self.day:02d}/{self.month:02d})"

    def clean(self) -> None:
        import datetime

        try:
            datetime.date(2028, self.month, self.day)  # a leap year admits 29 February
        except (TypeError, ValueError) as exc:
            raise ValidationError({"day": _("This day does not exist in that month.")}) from exc


class Closure(models.Model):
    """A day the body (or one of its offices) is closed: a bridge day, a move, a strike."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="closures")
    site = models.ForeignKey(
        OfficeSite,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        help_text=_("Empty: every office of the body."),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["body", "date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.reason}"
