"""Admin views: the catalogue read-only (it is loaded by load_catalogue), the rest for support."""

from django.contrib import admin

from compliance.models import (
    CatalogueVersion,
    ClassificationRecord,
    Control,
    ControlAssessment,
    Duty,
    Evidence,
    LegalEntity,
    Risk,
    ScoreSnapshot,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The catalogue restates the law; it changes only through load_catalogue."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(ReadOnlyAdmin):
    list_display = ["name", "version", "published", "is_current", "loaded_at"]


@admin.register(Duty)
class DutyAdmin(ReadOnlyAdmin):
    list_display = ["duty_id", "version", "measure", "title_en"]
    list_filter = ["version"]


@admin.register(Control)
class ControlAdmin(ReadOnlyAdmin):
    list_display = ["control_id", "version", "legal_weight", "signal", "review_months"]
    list_filter = ["version", "legal_weight"]
    search_fields = ["control_id", "statement_en", "statement_de"]


@admin.register(ClassificationRecord, ScoreSnapshot)
class RecordAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organization"]
    list_filter = ["organization"]


@admin.register(LegalEntity, ControlAssessment, Evidence, Risk)
class OrgScopedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization"]
    list_filter = ["organization"]
