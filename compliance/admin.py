"""Admin views: the duty catalogue, read-only (it is loaded by load_catalogue).

Organization data (classification, assessments, evidence, risks, scores) has
no admin: the instance's administrators see no organization's data unless
they are members of it (tests/bollwerk/test_admin.py).
"""

from django.contrib import admin

from compliance.models import (
    CatalogueVersion,
    Control,
    Duty,
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
