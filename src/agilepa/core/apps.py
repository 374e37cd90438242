from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "agilepa.core"
    label = "core"
    verbose_name = "Agile PA core"
