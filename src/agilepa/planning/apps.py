from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "agilepa.planning"
    label = "planning"
    verbose_name = "Planning"
