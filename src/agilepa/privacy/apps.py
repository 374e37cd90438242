from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "agilepa.privacy"
    label = "privacy"
    verbose_name = "Privacy notice and record of processing"
