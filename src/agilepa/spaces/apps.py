from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "agilepa.spaces"
    label = "spaces"
    verbose_name = "Spaces"
