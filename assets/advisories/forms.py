"""Forms of the advisory pages: list filters and the multi-file upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assets.advisories.models import Advisory
from assets.advisories.selectors import SEVERITIES

YES_NO = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class AdvisoryFilterForm(forms.Form):
    """Search and filters of the advisory list (GET)."""

    q = forms.CharField(label=_("Search"), required=False, help_text=_("id, alias or title"))
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("any")), *Advisory.Source.choices]
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("any")), *((s, s.capitalize()) for s in SEVERITIES)],
    )
    kev = forms.ChoiceField(label=_("Known exploited"), required=False, choices=YES_NO)
    withdrawn = forms.ChoiceField(label=_("Withdrawn"), required=False, choices=YES_NO)
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("modified", _("last modified")), ("severity", _("severity")), ("id", _("id"))],
    )

    def filters(self) -> dict:
        """The selector's filters (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["kev"] = _yes_no(data.get("kev") or "")
        data["withdrawn"] = _yes_no(data.get("withdrawn") or "")
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class AdvisoryUploadForm(forms.Form):
    """Advisory files to import: JSON, .zip, KEV JSON or EPSS CSV, within the upload limit."""

    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "OSV or CSAF JSON, .zip archives of them, the CISA KEV catalogue (JSON) "
            "or FIRST EPSS scores (.csv, .csv.gz)."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("auto", _("detect")), ("osv", "OSV"), ("csaf", "CSAF 2.0")],
        initial="auto",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.BOLLWERK_UPLOAD_MAX_BYTES
        total = sum(f.size for f in files)
        if total > limit:
            raise forms.ValidationError(
                _("The files have %(size)s together; the limit is %(limit)s.")
                % {"size": filesizeformat(total), "limit": filesizeformat(limit)}
            )
        return files
