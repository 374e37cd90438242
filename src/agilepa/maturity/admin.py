from django.contrib import admin

from agilepa.maturity.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("body", "year", "status", "submitted_at")
    list_filter = ("status", "year")
