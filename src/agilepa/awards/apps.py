from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "agilepa.awards"
    label = "awards"
    verbose_name = "Awards"
