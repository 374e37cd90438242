"""A body's yearly maturity self-assessment: the answers, who submitted it and when.

Scores are not stored: they are computed from the answers by questionnaire.score, the one
formula, so a page, the API and the network's median can never disagree."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.org.models import Body


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="maturity_assessments")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2017), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    answers = models.JSONField(_("answers"), default=dict)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        ordering = ["body", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="one_assessment_per_body_year",
                violation_error_message=_("The body already has a self-assessment for this year."),
            )
        ]
        verbose_name = _("maturity self-assessment")
        verbose_name_plural = _("maturity self-assessments")

    def __str__(self) -> str:
        return f"{self.body} {self.year}"

    def result(self):
        from agilepa.maturity.questionnaire import score

        return score(self.answers)
