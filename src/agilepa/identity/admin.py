from django.contrib import admin

from .models import BodyLoginPolicy, IdentityEvent, IdentityProvider


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "network", "is_active", "from_file"]
    list_filter = ["kind", "is_active"]
    filter_horizontal = ["bodies"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BodyLoginPolicy)
class BodyLoginPolicyAdmin(admin.ModelAdmin):
    list_display = ["body", "password_login"]


@admin.register(IdentityEvent)
class IdentityEventAdmin(admin.ModelAdmin):
    """The audit: read only."""

    list_display = ["at", "kind", "actor", "subject", "provider", "detail"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
