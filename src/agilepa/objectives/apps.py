from django.apps import AppConfig


class ObjectivesConfig(AppConfig):
    name = "agilepa.objectives"
    label = "objectives"
    verbose_name = "Objectives"
