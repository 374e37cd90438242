"""The whole trail for platform administrators, read-only: the console can neither add, change
nor delete an entry or a chain's head (the trail is append-only, docs/audit.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .actions import action_label
from .models import AuditEntry, AuditSeal


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "body", "actor_label", "via", "action_name", "object_label", "seq"]
    list_filter = ["action", "via", "body", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "object_label", "object_id", "request_id", "=action"]
    date_hierarchy = "at"
    list_select_related = ["body"]
    show_full_result_count = False

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, entry: AuditEntry) -> str:
        label = action_label(entry.action)
        return label if label == entry.action else f"{label} ({entry.action})"


@admin.register(AuditSeal)
class AuditSealAdmin(ReadOnlyAdmin):
    list_display = ["chain", "seq", "hash", "sealed_at"]
