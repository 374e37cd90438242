from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "agilepa.retention"
    verbose_name = _("Retention")

    def ready(self) -> None:
        from agilepa.org.signals import people_ended

        from . import rules

        people_ended.connect(rules.on_people_ended, dispatch_uid="retention_people_ended")
