from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "agilepa.indicators"
    label = "indicators"
    verbose_name = "Indicators"
