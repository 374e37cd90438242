from django.contrib import admin

from agilepa.org.models import (
    Body,
    Membership,
    Municipality,
    Network,
    OfficeSite,
    OrgUnit,
    Person,
)


class OfficeSiteInline(admin.TabularInline):
    model = OfficeSite
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "ipa_code", "kind", "municipality", "istat_code"]
    list_filter = ["kind"]
    search_fields = ["name", "ipa_code", "slug", "municipality"]
    prepopulated_fields = {"slug": ["ipa_code"]}
    inlines = [OfficeSiteInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["body"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "coordinator", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coordinator"]
    inlines = [MembershipInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    """Read-mostly: units are created and moved through the HR pages, the API or the import,
    which keep the materialised paths true."""

    list_display = ["name", "code", "body", "level_name", "depth"]
    list_filter = ["body"]
    search_fields = ["name", "code"]
    readonly_fields = ["parent", "path", "depth"]
    autocomplete_fields = ["head"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "employee_number", "body", "unit", "is_active"]
    list_filter = ["body", "is_active", "contract"]
    search_fields = ["last_name", "first_name", "employee_number", "tax_code", "email"]
    # Searched as typed: a select of every comune (7,900) or unit made the add page take
    # seconds on a large network (bench/routes.py).
    autocomplete_fields = ["unit", "office_site", "user", "home_municipality"]

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # people are ended, never deleted


@admin.register(OfficeSite)
class OfficeSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "body", "municipality"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """The ISTAT list, read-only: loaded and refreshed by `load-municipalities`. Registered so
    that a person's home comune is searched as typed."""

    list_display = ["name", "province", "region", "istat_code"]
    search_fields = ["name", "istat_code"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
