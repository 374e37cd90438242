"""Surveys, their campaigns and waves, invitations and anonymous responses.

Anonymity by design (docs/surveys.md, "Threat model"): answering never writes to the
`Invitation` (not even a lock), only a `SpentToken` (a keyed mark of the token that nobody
without the secret key can tie to an invitation) and a `PendingAnswer` (a sealed envelope,
unreadable without the secret key). When the wave is counted, after it closes, one
transaction opens every envelope and writes the `Response`s in the order of fresh random ids,
then deletes the envelopes: every response of a wave shares one transaction id, one day and no
order, so nothing in the database, its system columns or its backups ties a response to a
person.
"""

from __future__ import annotations

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.org.models import Body, OrgUnit, Person
from agilepa.surveys.anonymity import DEFAULT_THRESHOLD, MINIMUM_THRESHOLD
from agilepa.surveys.instruments import LIBRARY


class Survey(models.Model):
    """A questionnaire: the instruments of the library it is made of, in order (each one a
    section), plus an introduction shown to the respondent."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    instruments = models.JSONField(_("instruments"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def sections(self):
        return [LIBRARY[code] for code in self.instruments if code in LIBRARY]

    @property
    def items(self):
        return [item for section in self.sections for item in section.items]


class Population(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in the body")
    UNITS = "units", _("The people of some units")
    SMART_WORKERS = "smart_workers", _("Smart workers only")
    OTHERS = "others", _("People without an active agreement only")


class SurveyCampaign(models.Model):
    """A survey sent to a population in waves: a baseline before and follow-ups after."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="survey_campaigns")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    population = models.CharField(
        _("population"), max_length=20, choices=Population.choices, default=Population.EVERYONE
    )
    units = models.ManyToManyField(OrgUnit, blank=True, verbose_name=_("units"))
    min_group = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(MINIMUM_THRESHOLD)],
        help_text=_("No figure is shown for fewer respondents than this (at least 3)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class WaveKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline (before)")
    FOLLOW_UP = "follow_up", _("Follow-up (after)")


class Wave(models.Model):
    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="waves")
    kind = models.CharField(_("kind"), max_length=20, choices=WaveKind.choices)
    label = models.CharField(_("label"), max_length=100)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    invited_at = models.DateTimeField(null=True, blank=True)
    invited = models.PositiveIntegerField(default=0)
    # The wave's one reminder, recorded on the wave: on each invitation it would split those
    # who had answered by then from the others.
    reminded_on = models.DateField(null=True, blank=True)
    # When the answers were taken out of the pool (after the wave closed): results exist from then.
    counted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["opens_on", "pk"]

    def __str__(self) -> str:
        return self.label


class Invitation(models.Model):
    """The right of one person to answer one wave once. Knows nothing of the answer, and is
    never written after the wave is sent: neither whether it was used (see `SpentToken`) nor
    when it was reminded (see `Wave.reminded_on`)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The token is an HMAC of the invitation with the site's secret key and this salt, so that
    # a reminder can carry the same link; only its hash identifies the invitation (sealing.py).
    salt = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    # The coarse attributes the response will carry, fixed when the wave is sent.
    unit_group = models.CharField(max_length=200, blank=True)
    smart_worker = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "person"],
                name="one_invitation_per_wave",
                violation_error_message=_("This person is already invited to the wave."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"


class SpentToken(models.Model):
    """A used invitation token, known only by its keyed mark (sealing.spent_mark): it refuses a
    second answer and counts the answers of an open wave, and tells nobody without the secret
    key whose token it was."""

    mark = models.CharField(max_length=64, primary_key=True)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="spent")

    def __str__(self) -> str:
        return f"{self.wave} {self.mark[:8]}"


class PendingAnswer(models.Model):
    """An answer waiting for its wave to be counted: a sealed envelope (sealing.seal) with a
    random id and no time. Deleted when the wave is counted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="pending")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.wave} {self.id}"


class Response(models.Model):
    """An anonymous response: its wave, the coarse attributes for breakdowns, the answers.
    Written only when its wave is counted, with all the others of the wave."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    unit_group = models.CharField(max_length=200, blank=True)
    smart_worker = models.BooleanField()
    # The day the wave closed, the same for every response of the wave: the wave is the finest
    # time a response has (the monthly indicators read it).
    submitted_on = models.DateField()
    answers = models.JSONField(default=dict)

    class Meta:
        # Never by insertion: the order of the rows must not follow the invitations used.
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.wave} {self.id}"


class ResultsSnapshot(models.Model):
    """A campaign's results as last computed, in one language (the labels are translated): the
    figures every page, export and API response shows, suppression applied, never a response.
    `fingerprint` is a digest of everything they were computed from (the waves, their counts and
    states, the threshold, the instruments, the unit groups): a count, a new wave or a band
    crossed changes it, and the results are computed again (selectors.py, `_results`)."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    fingerprint = models.CharField(max_length=64)
    results = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "language"],
                name="one_results_snapshot_per_language",
                violation_error_message=_(
                    "The campaign's results are already kept in this language."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} ({self.language})"
