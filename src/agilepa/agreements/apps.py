from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agilepa.agreements"
    label = "agreements"
    verbose_name = "Agreements"
