from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "agilepa.identity"
    verbose_name = _("Identity and login")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from agilepa.core import readiness

        from . import checks, policy, twofactor

        user_logged_in.connect(twofactor.on_login, dispatch_uid="identity_2fa")
        user_logged_in.connect(policy.on_password_login, dispatch_uid="identity_password")
        readiness.CHECKS["identity_providers"] = checks.check_identity_providers
