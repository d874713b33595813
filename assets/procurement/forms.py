"""Forms of the procurement pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assets.models import Supplier
from assets.procurement.models import Decision


class OfferForm(forms.Form):
    """A new offer: supplier, product name + version (created when new), dates, thresholds."""

    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), label=_("Supplier"))
    product_name = forms.CharField(max_length=200, label=_("Product"))
    product_version = forms.CharField(max_length=80, required=False, label=_("Version"))
    offered_on = forms.DateField(
        label=_("Offer date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(max_length=120, required=False, label=_("Offer reference"))
    support_end = forms.DateField(
        required=False,
        label=_("Declared security-support end"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    min_support_years = forms.IntegerField(
        min_value=0, max_value=50, initial=5, label=_("Minimum support (years)")
    )
    sbom_quality_threshold = forms.IntegerField(
        min_value=0, max_value=100, initial=70, label=_("Minimum SBOM quality score")
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.for_org(organization)


class SbomUploadForm(forms.Form):
    file = forms.FileField(label=_("Vendor SBOM (CycloneDX or SPDX)"))


class QuestionnaireImportForm(forms.Form):
    file = forms.FileField(label=_("Filled questionnaire (XLSX)"))


class ManualVerificationForm(forms.Form):
    document = forms.CharField(max_length=255, label=_("Document checked"))
    verified = forms.TypedChoiceField(
        choices=[("1", _("verified")), ("0", _("contradicted"))],
        coerce=lambda v: v == "1",
        label=_("Result"),
    )


class DecisionForm(forms.Form):
    """Outcome, rationale and up to three conditions (text + due date)."""

    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, label=_("Decision"))
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Rationale")
    )
    condition_1 = forms.CharField(required=False, label=_("Condition 1"))
    due_1 = forms.DateField(
        required=False, label=_("Due"), widget=forms.DateInput(attrs={"type": "date"})
    )
    condition_2 = forms.CharField(required=False, label=_("Condition 2"))
    due_2 = forms.DateField(
        required=False, label=_("Due"), widget=forms.DateInput(attrs={"type": "date"})
    )
    condition_3 = forms.CharField(required=False, label=_("Condition 3"))
    due_3 = forms.DateField(
        required=False, label=_("Due"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def conditions(self) -> list[dict]:
        out = []
        for i in (1, 2, 3):
            text = self.cleaned_data.get(f"condition_{i}", "").strip()
            due = self.cleaned_data.get(f"due_{i}")
            if text or due:
                out.append({"text": text, "due_date": due})
        return out
