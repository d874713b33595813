"""Forms of the incident pages; related choices are narrowed to the organization.

Times are typed as local (Europe/Berlin) wall-clock times in ``datetime-local``
inputs; a time that does not exist or exists twice (DST change) is rejected
by Django with a message naming the field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, EssentialService, Site
from assets.selectors import asset_choice_label
from bollwerk.models import Finding
from bollwerk.widgets import LookupSelectMultiple
from compliance.models import Control, Risk

from .models import IOC_TYPES, FollowUpAction, Incident, ReportSubmission, SignificanceDecision

LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input (minutes), read in the current time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)


class IndicatorsField(forms.CharField):
    """Indicators of compromise, one per line: ``type | value | note``."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                " | ".join(filter(None, (i.get("type"), i.get("value"), i.get("note"))))
                for i in value
            )
        return value

    def to_python(self, value):
        items = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or parts[0] not in IOC_TYPES or not parts[1]:
                raise ValidationError(
                    _("Line %(n)s: write 'type | value | note' with type one of %(types)s.")
                    % {"n": number, "types": ", ".join(IOC_TYPES)}
                )
            items.append({"type": parts[0], "value": parts[1], "note": " | ".join(parts[2:])})
        return items


class IncidentForm(forms.ModelForm):
    """Create or edit an incident; awareness stays empty until the officer sets it."""

    detected_at = LocalDateTimeField(label=_("detected at"))
    aware_at = LocalDateTimeField(
        label=_("aware at"),
        required=False,
        help_text=Incident._meta.get_field("aware_at").help_text,
    )
    contained_at = LocalDateTimeField(label=_("contained at"), required=False)
    resolved_at = LocalDateTimeField(label=_("resolved at"), required=False)
    closed_at = LocalDateTimeField(label=_("closed at"), required=False)
    handling_ended_at = LocalDateTimeField(label=_("incident handling ended at"), required=False)
    personal_data_aware_at = LocalDateTimeField(
        label=_("aware of the personal-data breach at"), required=False
    )
    indicators = IndicatorsField(
        label=_("indicators of compromise"),
        required=False,
        help_text=_("One per line: type | value | note (types: ip, domain, hash, url, other)."),
    )

    class Meta:
        model = Incident
        fields = [
            "title", "category", "severity", "status", "description", "detected_at", "aware_at",
            "services", "sites", "assets", "affected_people", "affected_share", "duration_hours",
            "geographic_area", "financial_loss_eur", "personal_data_involved",
            "personal_data_aware_at", "suspected_malicious", "cross_border", "indicators",
            "threat_type", "initial_assessment", "mitigation", "cross_border_impact",
            "contained_at", "resolved_at", "closed_at", "handling_ended_at",
            "findings", "risks", "controls",
        ]  # fmt: skip
        widgets = {
            "services": forms.CheckboxSelectMultiple,
            "sites": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "initial_assessment": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "cross_border_impact": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["services"].queryset = EssentialService.objects.for_org(organization)
        self.fields["sites"].queryset = Site.objects.for_org(organization)
        # Pickers that search as you type: a utility has 10,000 assets and, after a scan,
        # thousands of findings; the page holds only the chosen ones.
        self.fields["assets"].queryset = Asset.objects.for_org(organization).only(
            "id", "name", "asset_tag"
        )
        self.fields["assets"].label_from_instance = asset_choice_label
        self.fields["assets"].widget = LookupSelectMultiple(
            "assets:asset-lookup", attrs={"size": 6}, choices=self.fields["assets"].widget.choices
        )
        self.fields["findings"].queryset = Finding.objects.for_org(organization).only("id", "title")
        self.fields["findings"].widget = LookupSelectMultiple(
            "checks:finding-lookup",
            attrs={"size": 6},
            choices=self.fields["findings"].widget.choices,
        )
        self.fields["risks"].queryset = Risk.objects.for_org(organization)
        self.fields["controls"].queryset = Control.objects.filter(version__is_current=True)
        self.fields["controls"].widget.attrs["size"] = 8


class EventForm(forms.Form):
    """A timeline entry."""

    occurred_at = LocalDateTimeField(label=_("time"))
    text = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 2}))


YES_NO = [("yes", _("yes, reportable")), ("no", _("no, not reportable"))]


class SignificanceForm(forms.Form):
    """One significance decision for one regime, with the answers it rests on."""

    regime = forms.ChoiceField(label=_("regime"), choices=SignificanceDecision.Regime.choices)
    severe_disruption = forms.BooleanField(
        label=_("NIS2: severe operational disruption of the services"), required=False
    )
    financial_loss = forms.BooleanField(
        label=_("NIS2: severe financial loss for the organization"), required=False
    )
    damage_to_others = forms.BooleanField(
        label=_("NIS2: considerable material or non-material damage to others"), required=False
    )
    users_affected = forms.IntegerField(
        label=_("CER: number of users affected"), required=False, min_value=0
    )
    duration_hours = forms.DecimalField(
        label=_("CER: duration (hours)"), required=False, min_value=0, decimal_places=1
    )
    geographic_area = forms.CharField(label=_("CER: geographic area"), required=False)
    risk_to_persons = forms.BooleanField(
        label=_("GDPR: personal-data breach likely to result in a risk to persons"),
        required=False,
    )
    significant = forms.ChoiceField(label=_("decision"), choices=YES_NO, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    CRITERIA = {
        "nis2": ("severe_disruption", "financial_loss", "damage_to_others"),
        "cer": ("users_affected", "duration_hours", "geographic_area"),
        "gdpr": ("risk_to_persons",),
    }

    def criteria(self) -> dict:
        """The answers relevant to the chosen regime (JSON-ready)."""
        data = self.cleaned_data
        return {
            name: (str(data[name]) if name == "duration_hours" and data[name] is not None
                   else data[name])
            for name in self.CRITERIA[data["regime"]]
        }  # fmt: skip


class SubmissionForm(forms.ModelForm):
    """Record that a report was sent; the choices are the incident's reports."""

    submitted_at = LocalDateTimeField(label=_("submitted at"))

    class Meta:
        model = ReportSubmission
        fields = ["stage", "submitted_at", "reference", "channel", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, stages: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if stages is not None:
            self.fields["stage"].choices = stages


class ReviewForm(forms.ModelForm):
    """The post-incident review: root cause and lessons learned."""

    class Meta:
        model = Incident
        fields = ["root_cause", "lessons_learned", "mitigation"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class FollowUpForm(forms.ModelForm):
    """A follow-up action with an owner from the organization's members."""

    class Meta:
        model = FollowUpAction
        fields = ["title", "owner", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].label_from_instance = lambda m: m.user.full_name or m.user.email
