"""Each body's retention policy, and the record of the people already pseudonymised.

The defaults, their sources and the platform-wide periods are in retention/policy.py and
docs/retention.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.retention.policy import DEFAULT_IMPORT_DAYS, DEFAULT_PERSON_YEARS


class RetentionPolicy(models.Model):
    """How long a body keeps what it no longer needs. One row per body, created with the
    defaults the first time it is read."""

    body = models.OneToOneField(
        "org.Body", on_delete=models.CASCADE, related_name="retention_policy"
    )
    person_years = models.PositiveSmallIntegerField(
        _("years after the end of employment before a person is pseudonymised"),
        default=DEFAULT_PERSON_YEARS,
    )
    import_days = models.PositiveSmallIntegerField(
        _("days an HR import file is kept"), default=DEFAULT_IMPORT_DAYS
    )
    # HR confirmed a period shorter than the default, knowing what it may cost the body.
    short_period_confirmed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"{self.body_id}: {self.person_years} y, {self.import_days} d"


class Pseudonymisation(models.Model):
    """A person the retention job pseudonymised: it is never done twice. Holds nothing of
    who they were."""

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="pseudonymisation"
    )
    body = models.ForeignKey("org.Body", on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=40)
    done_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pseudonymisation")
        verbose_name_plural = _("pseudonymisations")

    def __str__(self) -> str:
        return self.pseudonym
