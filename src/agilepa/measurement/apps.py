from django.apps import AppConfig


class MeasurementConfig(AppConfig):
    name = "agilepa.measurement"
    label = "measurement"
    verbose_name = "Measurement"
