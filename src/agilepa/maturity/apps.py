from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "agilepa.maturity"
    label = "maturity"
    verbose_name = "Maturity self-assessment"
