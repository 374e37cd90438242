from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "agilepa.rights"
    label = "rights"
    verbose_name = "Data subject rights"
