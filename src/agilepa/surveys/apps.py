from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agilepa.surveys"
    verbose_name = "Surveys"
