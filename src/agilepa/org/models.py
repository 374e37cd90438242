"""The world a network of bodies lives in: networks, memberships, bodies, sites, units, people."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agilepa.core.constraints import ConstraintErrorsOnFields

from .validators import (
    normalize_ipa_code,
    normalize_tax_code,
    validate_ipa_code,
    validate_istat_code,
    validate_tax_code,
)


class Municipality(models.Model):
    """An Italian comune from the ISTAT list, with the coordinates of its seat: where people
    live, for distances to offices and coworking hubs. Loaded from org/data/comuni.csv (built
    by scripts/build_municipalities.py); `python -m agilepa load-municipalities` refreshes it."""

    istat_code = models.CharField(
        _("ISTAT code"), max_length=6, primary_key=True, validators=[validate_istat_code]
    )
    name = models.CharField(_("name"), max_length=120, db_index=True)
    province = models.CharField(_("province"), max_length=2)
    region = models.CharField(_("region"), max_length=60)
    # Empty for the few comuni the source has no place for: their distances are unknown.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True)

    class Meta:
        ordering = ["name", "province"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.province})"


class BodyKind(models.TextChoices):
    REGIONE = "regione", _("Regione")
    PROVINCIA = "provincia", _("Provincia")
    COMUNE = "comune", _("Comune")
    UNIONE = "unione", _("Unione di Comuni")
    HEALTH = "health", _("ASL/ASST")
    UNIVERSITY = "university", _("Università")
    OTHER_PUBLIC = "other_public", _("Other public body")
    PRIVATE = "private", _("Private company")


class Body(models.Model):
    """An ente, or a private member of a network (which has no IPA code)."""

    name = models.CharField(_("name"), max_length=200)
    ipa_code = models.CharField(
        _("IPA code"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ipa_code],
        help_text=_("Code in the Indice delle PA; private companies have none."),
    )
    slug = models.SlugField(
        _("short name"),
        max_length=40,
        unique=True,
        help_text=_("Used in addresses: the IPA code for public bodies."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    municipality = models.CharField(_("municipality"), max_length=120)
    istat_code = models.CharField(
        _("ISTAT code"), max_length=6, blank=True, validators=[validate_istat_code]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ipa_code:
            self.ipa_code = normalize_ipa_code(self.ipa_code)
        if self.kind != BodyKind.PRIVATE and not self.ipa_code:
            raise ValidationError(
                {
                    "ipa_code": _(
                        "A public body needs its IPA code; only private companies have none."
                    )
                }
            )


class OfficeSite(models.Model):
    """A building of a body where people usually work."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=40)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                name="unique_site_code_per_body",
                violation_error_message=_("The body already has a site with this code."),
            )
        ]
        verbose_name = _("office site")
        verbose_name_plural = _("office sites")

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    """A community of bodies with a coordinating body (e.g. the Emilia-Romagna network)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    coordinator = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="coordinated_networks",
        verbose_name=_("coordinating body"),
    )
    # Quartiles of fewer bodies would let a member work out the others' figures (with two, the
    # other's value is the one that is not its own): the statistics need at least five bodies
    # with a figure, or more if the network decides so.
    benchmark_min_bodies = models.PositiveSmallIntegerField(
        _("bodies needed for a benchmark"),
        default=5,
        validators=[MinValueValidator(5)],
        help_text=_(
            "The network's median and quartiles of an indicator are shown only when at least "
            "this many bodies have a figure (never fewer than 5)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SIGNED = "signed", _("Protocol signed")
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


def protocol_upload_path(instance: "Membership", filename: str) -> str:
    return f"protocols/{instance.network_id}/{instance.body_id}/{filename}"


class Membership(models.Model):
    """A body in a network, through the adhesion workflow: applied → signed → active → left."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
    )
    applied_on = models.DateField(_("applied on"))
    protocol_signed_on = models.DateField(_("protocol signed on"), null=True, blank=True)
    protocol = models.FileField(
        _("signed protocol (PDF)"), upload_to=protocol_upload_path, blank=True
    )
    activated_on = models.DateField(_("active since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["network", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "body"],
                name="unique_membership",
                violation_error_message=_("The body is already a member of the network."),
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.body} @ {self.network}"


class OrgUnit(models.Model):
    """A node of a body's organisation (Area → Settore → Servizio …), of any depth.

    `path` is the materialised list of ancestor ids ("/3/17/42/"): a subtree is one
    `path__startswith` query, and a move that would make a cycle is a prefix test.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    level_name = models.CharField(
        _("level"), max_length=40, blank=True, help_text=_("Area, Settore, Servizio, Ufficio …")
    )
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("head"),
    )
    path = models.CharField(max_length=1000, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                name="unique_unit_code_per_body",
                violation_error_message=_("The body already has a unit with this code."),
            )
        ]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")

    def __str__(self) -> str:
        return self.name


class ContractType(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")


class Person(ConstraintErrorsOnFields, models.Model):
    """Someone who works for a body. People are ended, never deleted."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="people")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    employee_number = models.CharField(_("matricola"), max_length=30)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    tax_code = models.CharField(_("codice fiscale"), max_length=16, validators=[validate_tax_code])
    contract = models.CharField(
        _("contract"), max_length=10, choices=ContractType.choices, default=ContractType.FULL_TIME
    )
    part_time_percent = models.PositiveSmallIntegerField(
        _("part-time %"), default=100, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    job_category = models.CharField(_("job category"), max_length=60, blank=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home municipality"),
        help_text=_("Declared by the person; seen only by them and HR."),
    )
    office_site = models.ForeignKey(
        OfficeSite,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("usual office site"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("login"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    constraint_fields = {"part_time_percent_range": "part_time_percent"}

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "employee_number"],
                name="unique_employee_number_per_body",
                violation_error_message=_(
                    "The body already has a person with this employee number."
                ),
            ),
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=Q(user__isnull=False),
                name="one_person_per_user_per_body",
                violation_error_message=_("This user is already linked to a person of the body."),
            ),
            models.CheckConstraint(
                condition=Q(part_time_percent__gte=1) & Q(part_time_percent__lte=100),
                name="part_time_percent_range",
                violation_error_message=_("The part-time percentage must be between 1 and 100."),
            ),
        ]
        indexes = [models.Index(fields=["body", "last_name", "first_name"])]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean_fields(self, exclude: object = None) -> None:
        # Normalise before the field validators see it: HR exports carry spaces and lowercase.
        self.tax_code = normalize_tax_code(self.tax_code or "")
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors = {}
        if self.unit_id and self.body_id and self.unit.body_id != self.body_id:
            errors["unit"] = _("The unit belongs to another body.")
        if self.office_site_id and self.body_id and self.office_site.body_id != self.body_id:
            errors["office_site"] = _("The office site belongs to another body.")
        if self.contract == ContractType.FULL_TIME and self.part_time_percent != 100:
            errors["part_time_percent"] = _("A full-time contract is 100%.")
        if self.contract == ContractType.PART_TIME and self.part_time_percent >= 100:
            errors["part_time_percent"] = _("A part-time contract is below 100%.")
        if errors:
            raise ValidationError(errors)


class ImportKind(models.TextChoices):
    PEOPLE = "people", _("People")
    UNITS = "units", _("Organisational units")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed, waiting for confirmation")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Refused")


class ImportBatch(models.Model):
    """An HR file between its preview and its confirmation (see org/imports/).

    The file itself is kept only while it waits for confirmation: once applied or refused,
    `content` is emptied and only the counts and the errors remain (personal data minimised)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="import_batches")
    kind = models.CharField(_("kind of file"), max_length=10, choices=ImportKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), default=b"", editable=False)
    full_export = models.BooleanField(_("full export"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict)
    errors = models.JSONField(_("errors"), default=list)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    warnings = models.JSONField(_("warnings"), default=list)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("HR import")
        verbose_name_plural = _("HR imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()}, {self.get_status_display()})"
