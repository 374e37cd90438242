from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "agilepa.community"
    verbose_name = _("Community of the network")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from agilepa.community import services
        from agilepa.org.models import Network

        # A network is created in several places (the admin console, the seeds, the API):
        # the four thematic tables follow it wherever it is created.
        post_save.connect(
            services.seed_tables_of_new_network, sender=Network, dispatch_uid="community-tables"
        )
