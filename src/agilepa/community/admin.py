from django.contrib import admin

from agilepa.community.models import Material, MaterialVersion, Meeting, Table


class VersionInline(admin.TabularInline):
    model = MaterialVersion
    extra = 0
    fields = ("number", "original_name", "size", "note", "created_at")
    readonly_fields = fields


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ("title", "author_body", "theme", "kind", "visibility", "download_count")
    list_filter = ("kind", "visibility", "licence")
    search_fields = ("title", "summary")
    inlines = [VersionInline]


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ("name", "network", "is_active")
    list_filter = ("network",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "table", "starts_at", "is_cancelled")
    list_filter = ("table__network",)
