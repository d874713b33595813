"""Forms of the compliance pages (thin: the services validate and store)."""

from __future__ import annotations

import copy

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, EssentialService
from assets.selectors import asset_choice_label
from bollwerk.models.tenancy import LegalForm, Sector
from compliance.classification import ENTITY_TYPES, EntityType, entity_type_info
from compliance.models import ControlAssessment, LegalEntity, RelatedEnterprise, Risk
from compliance.services.classification import MIRRORED_FACTS
from compliance.widgets import ChosenOnlyCheckboxes

DATE = forms.DateInput(attrs={"type": "date"})


def member_users(org):
    return get_user_model().objects.filter(memberships__organization=org).order_by("email")


class AssessmentForm(forms.ModelForm):
    """Status, justification (required for not applicable), owner, due date, notes."""

    class Meta:
        model = ControlAssessment
        fields = ["status", "justification", "owner", "due_date", "notes"]
        widgets = {"due_date": DATE, "justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_users(organization)


class EvidenceForm(forms.Form):
    """A file upload or a link, with validity and review cycle."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(
        label=_("or a link"), required=False, max_length=500, assume_scheme="https"
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    review_months = forms.IntegerField(
        label=_("Review cycle (months)"), min_value=1, max_value=120, required=False
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Give either a file or a link."))
        if data.get("url") and not data.get("title"):
            self.add_error("title", _("A link needs a title."))
        return data


class RiskForm(forms.ModelForm):
    """A risk with its scenario, affected services and assets, ratings, treatment and dates.

    Assets are chosen with ``ChosenOnlyCheckboxes`` (only the chosen ones are
    rendered, more are found by search), so the page never lists the whole
    inventory; posted ids outside the organization are refused by the field.
    """

    class Meta:
        model = Risk
        fields = [
            "title",
            "threat",
            "scenario",
            "affected_services",
            "affected_assets",
            "consequence",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "treatment",
            "controls",
            "owner",
            "due_date",
            "review_date",
            "status",
        ]
        widgets = {
            "due_date": DATE,
            "review_date": DATE,
            "threat": forms.Textarea(attrs={"rows": 2}),
            "scenario": forms.Textarea(attrs={"rows": 3}),
            "consequence": forms.Textarea(attrs={"rows": 2}),
            "affected_services": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, controls, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["owner"].queryset = member_users(organization)
        self.fields["controls"].queryset = controls
        self.fields["controls"].required = False
        self.fields["affected_services"].queryset = EssentialService.objects.for_org(organization)
        assets = self.fields["affected_assets"]
        assets.queryset = Asset.objects.for_org(organization).only(
            "id", "name", "asset_tag", "organization_id"
        )
        assets.widget = ChosenOnlyCheckboxes(
            search_url=reverse("compliance:risk-asset-search"), search_field=ASSET_SEARCH
        )
        assets.widget.choices = assets.choices
        assets.label_from_instance = asset_choice_label
        assets.help_text = _("Tick the assets found by the search; untick one to remove it.")
        assets.error_messages["invalid_choice"] = _(
            "Asset %(value)s is not in this organization's inventory."
        )
        for name in (
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
        ):
            self.fields[name].widget = forms.Select(choices=[(i, i) for i in range(1, 6)])

    def show_asset_search(self, query: str) -> None:
        """Put the assets matching ``query`` under the picker (the page without JavaScript)."""
        from compliance.selectors import asset_search

        widget = self.fields["affected_assets"].widget
        widget.search_query = query
        widget.search_results, widget.search_more = asset_search(org=self.organization, query=query)


ASSET_SEARCH = "asset_q"


class RiskMatrixForm(forms.Form):
    """Five labels per axis and the acceptance threshold."""

    likelihood_labels = forms.CharField(
        label=_("Likelihood levels (1-5, one per line)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    impact_labels = forms.CharField(
        label=_("Impact levels (1-5, one per line)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    acceptance_threshold = forms.IntegerField(
        label=_("Acceptance threshold (likelihood × impact)"), min_value=1, max_value=25
    )

    def clean_likelihood_labels(self):
        return [x.strip() for x in self.cleaned_data["likelihood_labels"].splitlines() if x.strip()]

    def clean_impact_labels(self):
        return [x.strip() for x in self.cleaned_data["impact_labels"].splitlines() if x.strip()]


# --- the classification wizard -------------------------------------------------

ACTIVITY_CHOICES = [(t.value, entity_type_info(t).name_en) for t in EntityType]
EXCLUSION_CHOICES = [
    (i.type.value, f"{i.name_en}: {i.exclusion_en}")
    for i in ENTITY_TYPES.values()
    if i.has_exclusion
]


class LegalFormStep(forms.Form):
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    municipal_unit = forms.ChoiceField(
        label=_("Is the utility an Eigenbetrieb or Regiebetrieb of the municipality?"),
        help_text=_(
            "A legally dependent unit is classified together with its municipality; "
            "choose the legal form accordingly."
        ),
        choices=[("no", _("No, its own legal person")), ("yes", _("Yes"))],
        widget=forms.RadioSelect,
    )
    public_ownership_share = forms.DecimalField(
        label=_("Public ownership share (%)"), min_value=0, max_value=100, required=False
    )
    federal_state = forms.CharField(label=_("Federal state"), max_length=60, required=False)

    def clean(self):
        data = super().clean()
        dependent = data.get("legal_form") in (LegalForm.EIGENBETRIEB, LegalForm.REGIEBETRIEB)
        if data.get("municipal_unit") == "yes" and not dependent:
            self.add_error(
                "legal_form", _("An Eigenbetrieb or Regiebetrieb needs that legal form.")
            )
        if data.get("municipal_unit") == "no" and dependent:
            self.add_error("municipal_unit", _("This legal form is a unit of the municipality."))
        return data


class ActivitiesStep(forms.Form):
    activities = forms.MultipleChoiceField(
        label=_("Activities (entity types)"),
        choices=ACTIVITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty to derive them from the organization's sectors."),
    )
    exclusions = forms.MultipleChoiceField(
        label=_("Annex exclusions that apply"),
        choices=EXCLUSION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    side_activities = forms.MultipleChoiceField(
        label=_("Energy installations run only as a side activity"),
        choices=ACTIVITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        data = super().clean()
        check_activity_subsets(self, data)
        return data


def check_activity_subsets(form: forms.Form, data: dict) -> None:
    """Exclusions and side activities may name only chosen activities."""
    chosen = set(data.get("activities") or [])
    for name in ("exclusions", "side_activities"):
        stray = set(data.get(name) or []) - chosen
        if stray:
            form.add_error(name, _("Only for chosen activities: %s") % ", ".join(sorted(stray)))


class SizeStep(forms.Form):
    employees = forms.IntegerField(label=_("Employees (full-time equivalent)"), min_value=0)
    turnover_eur = forms.DecimalField(label=_("Annual turnover (EUR)"), min_value=0)
    balance_sheet_eur = forms.DecimalField(label=_("Balance-sheet total (EUR)"), min_value=0)


class RelatedForm(forms.ModelForm):
    class Meta:
        model = RelatedEnterprise
        fields = [
            "name",
            "share_percent",
            "relation",
            "employees",
            "turnover_eur",
            "balance_sheet_eur",
            "listed_investor",
        ]


RelatedFormSet = forms.formset_factory(RelatedForm, extra=2, can_delete=True)


def related_rows(formset) -> list[dict]:
    """The filled, not deleted rows of a RelatedFormSet as dicts of RelatedEnterprise fields."""
    rows = []
    for form in formset.forms:
        data = dict(form.cleaned_data or {})
        if not data or data.pop("DELETE", False) or not data.get("name"):
            continue
        rows.append(data)
    return rows


class ItStep(forms.Form):
    it_independent = forms.BooleanField(
        label=_("The IT is run independently of linked and partner enterprises"), required=False
    )
    it_independence_justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("it_independent") and not data.get("it_independence_justification"):
            self.add_error("it_independence_justification", _("Please justify the independence."))
        return data


class KritisStep(forms.Form):
    kritis = forms.BooleanField(
        label=_("Designated as critical entity (KRITIS-DachG / CER)"), required=False
    )
    critical_installation = forms.BooleanField(
        label=_("Operates a critical installation (a BSI-KritisV threshold is met)"),
        required=False,
    )


# --- legal entities --------------------------------------------------------------


class LegalEntityForm(forms.ModelForm):
    """A legal entity's facts and classification inputs on one page.

    For the default entity the facts it mirrors from the organization are
    left out (they are changed in the wizard); ``activities`` is built from
    the three choice lists as in the wizard.
    """

    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    activities = copy.deepcopy(ActivitiesStep.base_fields["activities"])
    exclusions = copy.deepcopy(ActivitiesStep.base_fields["exclusions"])
    side_activities = copy.deepcopy(ActivitiesStep.base_fields["side_activities"])

    class Meta:
        model = LegalEntity
        fields = [
            "name",
            "legal_form",
            "sectors",
            "employees",
            "turnover_eur",
            "balance_sheet_eur",
            "public_ownership_share",
            "federal_state",
            "kritis",
            "critical_installation",
            "it_independent",
            "it_independence_justification",
        ]
        widgets = {"it_independence_justification": forms.Textarea(attrs={"rows": 2})}

    field_order = [
        "name", "legal_form", "sectors", "activities", "exclusions", "side_activities",
        "employees", "turnover_eur", "balance_sheet_eur", "public_ownership_share",
        "federal_state", "kritis", "critical_installation", "it_independent",
        "it_independence_justification",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_default:
            for name in MIRRORED_FACTS:
                self.fields.pop(name, None)
        else:
            self.fields["legal_form"].required = True
        items = self.instance.activities or []
        self.initial.setdefault("activities", [a["entity_type"] for a in items])
        self.initial.setdefault(
            "exclusions", [a["entity_type"] for a in items if a.get("annex_exclusion")]
        )
        self.initial.setdefault(
            "side_activities", [a["entity_type"] for a in items if a.get("side_activity")]
        )

    def clean(self):
        data = super().clean()
        check_activity_subsets(self, data)
        if data.get("it_independent") and not data.get("it_independence_justification"):
            self.add_error("it_independence_justification", _("Please justify the independence."))
        return data

    def entity_data(self) -> dict:
        """The cleaned values as LegalEntity fields (what ``legal_entity_save`` takes)."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}
        excluded = set(self.cleaned_data.get("exclusions") or [])
        side = set(self.cleaned_data.get("side_activities") or [])
        data["activities"] = [
            {"entity_type": t, "annex_exclusion": t in excluded, "side_activity": t in side}
            for t in self.cleaned_data.get("activities") or []
        ]
        return data
