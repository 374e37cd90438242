"""Forms of the account pages: login with lockout, passwords, personal access tokens.

Django's own authentication forms are kept (their validation and their Italian translations);
`ItaliaFormMixin` only dresses their widgets for Bootstrap Italia.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agilepa.core.auth import clear_failures, is_locked_out
from agilepa.core.models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TokenScope

LOGIN_ERROR_ID = "login-error"


class ItaliaFormMixin:
    """Bootstrap Italia classes on every widget, and `is-invalid` on the fields in error.

    Error and help-text ids follow Django's (`<id>_error`, `<id>_helptext`), which Django 5.2
    already puts in each input's `aria-describedby`; core/_field.html renders them."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            classes = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{classes} form-control".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        # Every error reaches the form through here: the form's own cleaning and a service's
        # refusal added after it (add_service_errors) alike.
        super().add_error(field, error)  # type: ignore[misc]
        for name in self._errors:  # type: ignore[attr-defined]
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                classes = attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    attrs["class"] = " ".join([*classes, "is-invalid"])


def lockout_message() -> str:
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    return ngettext(
        "Too many failed attempts: for your security this account is locked for %(minutes)d "
        "minute. Try again later, or set a new password with “Forgot your password?”.",
        "Too many failed attempts: for your security this account is locked for %(minutes)d "
        "minutes. Try again later, or set a new password with “Forgot your password?”.",
        minutes,
    ) % {"minutes": minutes}


class LoginForm(ItaliaFormMixin, AuthenticationForm):
    """E-mail and password; failures are counted per address and lock it (core/auth.py)."""

    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    locked_out = False

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        # The backend counts the attempt before checking the password and refuses a locked
        # address even with the right one (core/auth.py); here we only say which it was.
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is None:
            if is_locked_out(email):
                self._refuse_locked()
            self._point_inputs_at_error()
            max_failures = settings.LOGIN_MAX_FAILURES
            raise ValidationError(
                ngettext(
                    "Wrong e-mail address or password. Check them and try again: after "
                    "%(max)d failed attempt the account is locked for %(minutes)d minutes.",
                    "Wrong e-mail address or password. Check them and try again: after "
                    "%(max)d failed attempts the account is locked for %(minutes)d minutes.",
                    max_failures,
                )
                % {"max": max_failures, "minutes": settings.LOGIN_LOCKOUT_MINUTES},
                code="invalid_login",
            )
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def _refuse_locked(self) -> None:
        self.locked_out = True
        self._point_inputs_at_error()
        raise ValidationError(lockout_message(), code="locked_out")

    def _point_inputs_at_error(self) -> None:
        """The failure is about the pair, not one field: both inputs are described by it."""
        for name in ("username", "password"):
            attrs = self.fields[name].widget.attrs
            attrs["aria-describedby"] = LOGIN_ERROR_ID
            attrs["aria-invalid"] = "true"


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form: the same lockout as the site's (the backend counts every
    attempt), and the same message when the address is locked, instead of "wrong password"."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            email = self.cleaned_data.get("username")
            if email and self.user_cache is None and is_locked_out(email):
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise


class ItaliaPasswordChangeForm(ItaliaFormMixin, PasswordChangeForm):
    pass


class ItaliaPasswordResetForm(ItaliaFormMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")


class ItaliaSetPasswordForm(ItaliaFormMixin, SetPasswordForm):
    def save(self, commit: bool = True) -> Any:
        """Whoever can read the mailbox owns the account: a new password lifts the lockout."""
        user = super().save(commit=commit)
        clear_failures(user.email)
        return user


class TokenForm(ItaliaFormMixin, forms.Form):
    """A new token: what it is for, how long it lasts, what it may do and where; the password
    again (core/tokens.py says why)."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “HR export script”, so you know which to revoke."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        initial=TOKEN_DEFAULT_DAYS,
        help_text=_("At most a year; the token stops working after that."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=None,
        required=False,
        empty_label=_("All my bodies"),
        help_text=_("Limit the token to one body: elsewhere it opens nothing."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Asked again: a token outlives this session."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from agilepa.core.access import bodies_for_user

        self.fields["body"].queryset = bodies_for_user(user).order_by("name")  # type: ignore[attr-defined]


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message on its field when the form
    has one, else at the top. The errors go in whole, so their codes stay with them."""
    found = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    for name, errors in found.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def service_error_messages(exc: ValidationError, fields: Collection[str]) -> dict[str, list[str]]:
    """A service's ValidationError as messages by field, for a page that shows them without a
    Django form: as with `add_service_errors`, a message for no field in `fields` goes to the
    top, under NON_FIELD_ERRORS."""
    found = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    by_field: dict[str, list[str]] = {}
    for name, messages in found.items():
        by_field.setdefault(name if name in fields else NON_FIELD_ERRORS, []).extend(messages)
    return by_field
