from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "agilepa.home"
    label = "home"
    verbose_name = "Home page per role"
