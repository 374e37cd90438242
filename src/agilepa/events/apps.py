from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "agilepa.events"
    label = "events"
    verbose_name = "Events and training"
