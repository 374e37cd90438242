from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agilepa.core.forms import AdminLoginForm
from agilepa.core.models import ApiToken, LoginFailure, RoleAssignment, User
from agilepa.core.tokens import revoke_tokens_relying_on

admin.site.site_header = _("Agile PA — platform administration")
admin.site.site_title = "Agile PA"
# The same lockout and message as the site's login (core/auth.py counts every attempt).
admin.site.login_form = AdminLoginForm


# The console is for platform administrators: staff status alone is not enough.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "body", "unit", "network", "created_at"]
    list_filter = ["kind", "body", "network"]
    search_fields = ["user__email", "body__name", "network__name"]
    autocomplete_fields = ["user", "body", "unit", "network"]

    # A role taken away here revokes the tokens that could use it, as the HR pages do.
    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        super().delete_model(request, obj)
        revoke_tokens_relying_on(obj.user_id, obj.body_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        removed = list(queryset.values_list("user_id", "body_id"))
        super().delete_queryset(request, queryset)
        for user_id, body_id in set(removed):
            revoke_tokens_relying_on(user_id, body_id)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "hint",
        "scope",
        "body",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    search_fields = ["user__email", "name"]
    readonly_fields = ["hint", "created_at", "last_used_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are created by their owners, who alone see the raw value


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    list_display = ["email", "ip", "at"]
    search_fields = ["email"]
