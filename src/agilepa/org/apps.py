from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "agilepa.org"
    label = "org"
    verbose_name = "Organisation"
