"""Each body's privacy notice (informativa, art. 13 GDPR), its published versions, and who has
read which version. A published version never changes: an acknowledgement names the exact text
that was read, and a new text is a new version that everyone is asked to read again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.org.models import Body


class PrivacyNotice(models.Model):
    """The body's notice: the draft HR is working on, and its published versions."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="privacy_notice")
    draft_it = models.TextField(_("text in Italian"), blank=True)
    draft_en = models.TextField(_("text in English"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return str(self.body)


class NoticeVersion(models.Model):
    """One published text of a body's notice, numbered 1, 2, 3… within the body."""

    notice = models.ForeignKey(PrivacyNotice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text_it = models.TextField(_("text in Italian"))
    text_en = models.TextField(_("text in English"), blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["notice", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "number"],
                name="unique_notice_version",
                violation_error_message=_("The notice already has a version with this number."),
            )
        ]
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")

    def __str__(self) -> str:
        return f"{self.notice} v{self.number}"


class NoticeAcknowledgement(models.Model):
    """A user has read one version of a body's notice (shown to them before anything else)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_acknowledgements"
    )
    version = models.ForeignKey(
        NoticeVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"],
                name="unique_notice_reading",
                violation_error_message=_("This user has already read this version of the notice."),
            )
        ]
        verbose_name = _("privacy notice acknowledgement")
        verbose_name_plural = _("privacy notice acknowledgements")

    def __str__(self) -> str:
        return f"{self.user} — {self.version}"
