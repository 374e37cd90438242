from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """The throttles count in the database cache (settings.CACHES): every `migrate` makes its
    table, so no installation can start without it (a no-op when it exists)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "agilepa.core"
    label = "core"
    verbose_name = "Agile PA core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from agilepa.core.sessions import mark_login

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="core-cache-table")
        user_logged_in.connect(mark_login, dispatch_uid="core-session-start")
