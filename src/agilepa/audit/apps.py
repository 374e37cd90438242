from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "agilepa.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import logins

        user_logged_in.connect(logins.on_login, dispatch_uid="audit_login")
        user_logged_out.connect(logins.on_logout, dispatch_uid="audit_logout")
        user_login_failed.connect(logins.on_login_failed, dispatch_uid="audit_login_failed")
