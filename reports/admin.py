from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only view of the archive for platform administrators."""

    list_display = ("public_id", "organization", "report_type", "audience", "status", "created_at")
    list_filter = ("report_type", "audience", "status")
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
