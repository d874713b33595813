"""Forms of the reports app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reports.models import Report


class ReportRequestForm(forms.Form):
    """Which report, for whom, in which language."""

    report_type = forms.ChoiceField(label=_("Report type"), choices=Report.Type.choices)
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=Report.Audience.choices,
        help_text=_("Below internal, topology is pseudonymised; public shows aggregates only."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ReportVerifyForm(forms.Form):
    """A PDF to check against the archive."""

    file = forms.FileField(label=_("Report PDF"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.BOLLWERK_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than the upload limit."))
        return upload
