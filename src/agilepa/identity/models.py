"""Identity providers (OpenID Connect, and SPID/CIE through a proxy) and the audit of
second-factor acts.

A provider never holds a secret in clear: `client_secret_env` names the environment variable
that holds it, so a database dump or the admin console reveals nothing usable.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    BODY_SSO = "sso", _("Body's single sign-on")
    SPID = "spid", _("SPID (through an OIDC proxy)")
    CIE = "cie", _("CIE (through an OIDC proxy)")


class IdentityProvider(models.Model):
    """An OpenID Connect provider serving some bodies, or all the bodies of a network."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, help_text=_("Shown on the login button."))
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProviderKind.choices, default=ProviderKind.BODY_SSO
    )
    discovery_url = models.URLField(
        _("discovery URL"),
        max_length=500,
        help_text=_("The issuer's /.well-known/openid-configuration address."),
    )
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret_env = models.CharField(
        _("environment variable of the client secret"),
        max_length=100,
        blank=True,
        help_text=_("The secret itself is never stored: only the name of the variable holding it."),
    )
    scopes = models.CharField(_("scopes"), max_length=300, default="openid email profile")
    bodies = models.ManyToManyField(
        "org.Body", blank=True, related_name="identity_providers", verbose_name=_("bodies")
    )
    network = models.ForeignKey(
        "org.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="identity_providers",
        verbose_name=_("network"),
        help_text=_("A Region's provider serves every body of its network."),
    )
    match_by_email = models.BooleanField(_("match by verified e-mail"), default=True)
    match_by_tax_code = models.BooleanField(_("match by codice fiscale"), default=True)
    group_claim = models.CharField(_("groups claim"), max_length=60, blank=True)
    group_roles = models.JSONField(
        _("group to role mapping"),
        default=dict,
        blank=True,
        help_text=_('E.g. {"hr-smartworking": "hr_admin"}; empty: roles only from Agile PA.'),
    )
    second_factor_values = models.CharField(
        _("amr/acr values meaning a second factor"),
        max_length=300,
        default="mfa,otp,hwk,swk,https://www.spid.gov.it/SpidL2,https://www.spid.gov.it/SpidL3",
    )
    is_active = models.BooleanField(_("active"), default=True)
    from_file = models.BooleanField(_("loaded from the configuration file"), default=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.name

    @property
    def client_secret(self) -> str:
        return os.environ.get(self.client_secret_env, "") if self.client_secret_env else ""

    @property
    def second_factor_set(self) -> set[str]:
        return {v.strip() for v in self.second_factor_values.split(",") if v.strip()}


class BodyLoginPolicy(models.Model):
    """Whether a body keeps the password login beside its providers."""

    body = models.OneToOneField(
        "org.Body", on_delete=models.CASCADE, related_name="login_policy", verbose_name=_("body")
    )
    password_login = models.BooleanField(_("password login kept"), default=True)

    class Meta:
        verbose_name = _("login policy")
        verbose_name_plural = _("login policies")

    def __str__(self) -> str:
        return str(self.body)


class IdentityEventKind(models.TextChoices):
    LOGIN = "login", _("login through a provider")
    REFUSED = "refused", _("login refused")
    SECOND_FACTOR_ENROLLED = "2fa_enrolled", _("second factor enrolled")
    SECOND_FACTOR_RESET = "2fa_reset", _("second factor reset")
    RECOVERY_CODE_USED = "recovery_used", _("recovery code used")


class IdentityEvent(models.Model):
    """An audit line: who did what to whose login, and when. Never a secret or a token."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IdentityEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("identity event")
        verbose_name_plural = _("identity events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
