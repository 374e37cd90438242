from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "agilepa.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from agilepa.indicators import signals

        signals.connect()
