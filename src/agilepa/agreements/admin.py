"""The platform administrators' view of agreements: read-only, because every change of an
agreement goes through the lifecycle (services.py), which checks it and records it."""

from django.contrib import admin

from agilepa.agreements.models import Agreement, AgreementTransition, Regulation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["title", "body", "version", "effective_from", "adopted_on"]
    list_filter = ["body"]


class TransitionInline(admin.TabularInline):
    model = AgreementTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["person", "body", "status", "start_date", "end_date"]
    list_filter = ["status", "body"]
    search_fields = ["person__last_name", "person__employee_number"]
    inlines = [TransitionInline]
