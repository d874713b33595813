"""Forms of the network-scan pages: a scan scope, and the upload of an nmap XML file."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assets.models import ScanScope
from assets.scans import ScanError, scope_validate

MAX_UPLOAD = 200 * 1024 * 1024


def _lines(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


def _field_for(message: str) -> str:
    lowered = message.lower()
    if "window" in lowered:
        return "maintenance_windows"
    if "rate" in lowered:
        return "max_rate"
    if "port" in lowered:
        return "ports"
    if "name" in lowered and "network" not in lowered:
        return "name"
    if "profile" in lowered:
        return "profile"
    return "networks"


class ScanScopeForm(forms.ModelForm):
    """Networks, ports and windows as text; validated by the engine against BOLLWERK_SCAN_ALLOWED."""

    networks = forms.CharField(
        label=_("networks"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("CIDR networks, one per line (e.g. 127.0.0.1/32)."),
    )
    ports = forms.CharField(
        label=_("ports"),
        required=False,
        help_text=_("E.g. 22, 102, 502, 8000-8010; empty: the profile's default ports."),
    )
    maintenance_windows = forms.CharField(
        label=_("maintenance windows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('One per line, e.g. "Mon-Fri 22:00-05:00" (Europe/Berlin); empty: any time.'),
    )

    class Meta:
        model = ScanScope
        fields = [
            "name",
            "networks",
            "ports",
            "profile",
            "maintenance_windows",
            "max_rate",
            "enabled",
        ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if not self.is_bound:
            self.initial["networks"] = "\n".join(self.instance.networks)
            self.initial["ports"] = ", ".join(map(str, self.instance.ports))
            self.initial["maintenance_windows"] = "\n".join(self.instance.maintenance_windows)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            scope = scope_validate(
                name=data.get("name", ""),
                networks=_lines(data.get("networks", "")),
                allowed=settings.BOLLWERK_SCAN_ALLOWED,
                ports=data.get("ports") or None,
                profile=data.get("profile") or ScanScope.Profile.OT_SAFE,
                windows=[
                    w.strip()
                    for w in (data.get("maintenance_windows") or "").splitlines()
                    if w.strip()
                ],
                max_rate=data.get("max_rate") or 50,
            )
        except ScanError as exc:
            self.add_error(_field_for(str(exc)), str(exc))
            return data
        data["networks"] = [str(n) for n in scope.networks]
        data["ports"] = list(scope.ports)
        data["maintenance_windows"] = [
            w.strip() for w in (data.get("maintenance_windows") or "").splitlines() if w.strip()
        ]
        duplicate = ScanScope.objects.for_org(self.organization).filter(name=scope.name)
        if duplicate.exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("A scope with this name exists already."))
        return data

    def _post_clean(self):
        self.instance.organization = self.organization
        super()._post_clean()


class ScanUploadForm(forms.Form):
    """An nmap XML file (``nmap -oX``) and optionally the scope it covers."""

    file = forms.FileField(label=_("nmap XML file"))
    scope = forms.ModelChoiceField(
        label=_("scope"),
        queryset=ScanScope.objects.none(),
        required=False,
        help_text=_(
            "With a scope, findings in its networks that were not seen again are resolved."
        ),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = ScanScope.objects.for_org(organization).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload
