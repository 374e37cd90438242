"""The community of a network: thematic tables and their meetings, and the library of
reusable materials (documents and links published by a member body, with version history)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agilepa.org.models import Body, Network, Person

# The four tables of the Emilia-Romagna community, seeded on every network.
DEFAULT_TABLES = (
    ("Innovazione tecnologica", "innovazione-tecnologica"),
    ("Performance e lavoro per obiettivi", "performance-obiettivi"),
    ("Disciplina e regolamenti", "disciplina-regolamenti"),
    ("Spazi", "spazi"),
)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class MaturityDimension(models.TextChoices):
    """The dimensions of a body's maturity in lavoro agile (DOMAIN.md §5): the
    self-assessment suggests library materials for its weakest ones."""

    ORGANISATION = "organisation", _("Organisation")
    SKILLS = "skills", _("Skills")
    DIGITAL = "digital", _("Digital")
    SPACES = "spaces", _("Spaces")
    PERFORMANCE = "performance", _("Performance by objectives")
    WELLBEING = "wellbeing", _("Wellbeing")


class Table(models.Model):
    """A thematic table (tavolo tematico) of a network: bodies and people join it, it meets."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The address of the table's iCalendar feed is its secret (meetings hold no personal data).
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["network", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "slug"],
                name="unique_table_slug",
                violation_error_message=_(
                    "A thematic table with this address already exists in the network."
                ),
            ),
            models.UniqueConstraint(
                fields=["network", "name"],
                name="unique_table_name",
                violation_error_message=_(
                    "A thematic table with this name already exists in the network."
                ),
            ),
        ]
        verbose_name = _("thematic table")
        verbose_name_plural = _("thematic tables")

    def __str__(self) -> str:
        return self.name


class TableBody(models.Model):
    """A body taking part in a table."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="bodies")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="tables")
    joined_on = models.DateField(_("joined on"))

    class Meta:
        ordering = ["table", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "body"],
                name="unique_table_body",
                violation_error_message=_("This body already takes part in the table."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} @ {self.table}"


class TableMember(models.Model):
    """A person taking part in a table, registered by their body's HR."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tables")
    joined_on = models.DateField(_("joined on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["table", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "person"],
                name="unique_table_member",
                violation_error_message=_("This person is already a member of the table."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.table}"


class Meeting(models.Model):
    """A meeting of a table: in a place, online, or both."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    outputs = models.ManyToManyField(
        "Material", blank=True, related_name="meetings", verbose_name=_("outputs")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"


class MeetingRegistration(models.Model):
    """A person registered for a meeting; `attended` is recorded by the coordinator after it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meetings")
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True)

    class Meta:
        ordering = ["meeting", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="unique_registration",
                violation_error_message=_("This person is already registered for the meeting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class MaterialKind(models.TextChoices):
    REGULATION = "regulation", _("Regolamento")
    MODEL_AGREEMENT = "model_agreement", _("Model agreement")
    UNION_AGREEMENT = "union_agreement", _("Union agreement")
    GUIDE = "guide", _("Guide")
    TRAINING = "training", _("Training material")
    TEMPLATE = "template", _("Template")
    REPORT = "report", _("Report")


# Kinds that "reuse" copies into the user's own body.
REUSABLE_KINDS = {MaterialKind.REGULATION, MaterialKind.MODEL_AGREEMENT}


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    IODL = "iodl-2.0", "IODL 2.0"
    RESERVED = "reserved", _("All rights reserved")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone, also without logging in")
    NETWORK = "network", _("Network: the active members of the network")
    BODY = "body", _("Body: only the author body")


class Material(models.Model):
    """A document or link published by a member body, under one of its network's tables."""

    author_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="materials")
    theme = models.ForeignKey(
        Table, on_delete=models.PROTECT, related_name="materials", verbose_name=_("theme")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    dimensions = models.JSONField(_("maturity dimensions"), default=list, blank=True)
    url = models.URLField(_("link"), blank=True, help_text=_("For a material published elsewhere."))
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    # Title, summary and the current version's text: what full-text search reads (an Italian
    # tsvector on PostgreSQL; an FTS5 table of stemmed words on SQLite, see search.py).
    search_document = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title

    @property
    def is_reusable(self) -> bool:
        return self.kind in REUSABLE_KINDS

    def dimension_labels(self) -> list[str]:
        labels = dict(MaturityDimension.choices)
        return [str(labels[d]) for d in self.dimensions if d in labels]


class MaterialVersion(models.Model):
    """One version of a material: a file (checked by core.uploads) and/or a text. Old versions
    stay downloadable."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), blank=True, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    mime = models.CharField(max_length=120, blank=True)
    file_kind = models.CharField(max_length=20, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    text = models.TextField(_("text"), blank=True)
    extracted_text = models.TextField(blank=True, editable=False)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["material", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "number"],
                name="unique_material_version",
                violation_error_message=_("The material already has a version with this number."),
            )
        ]
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"

    @property
    def content_text(self) -> str:
        """The version's own text, or the text extracted from its file."""
        return self.text or self.extracted_text


class Reuse(models.Model):
    """A material copied into a body: the draft Regolamento or the document template it made,
    with the source material and version it came from."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="reuses")
    version = models.ForeignKey(MaterialVersion, on_delete=models.CASCADE, related_name="reuses")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="reuses")
    regulation = models.ForeignKey(
        "agreements.Regulation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reused_from",
    )
    document_template = models.ForeignKey(
        "agreements.DocumentTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reused_from",
    )
    # The clauses a document template had before a reuse replaced them, to put them back.
    replaced_text = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.material} → {self.body}"
