from django.contrib import admin

from agilepa.events.models import Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "organiser", "kind", "starts_at", "capacity", "audience")
    list_filter = ("kind", "audience")
    search_fields = ("title",)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("event", "person", "status", "place", "attended")
    # Searched as typed, not a select of every person of the network.
    autocomplete_fields = ("event", "person", "attendance_recorded_by")
    list_filter = ("status",)
