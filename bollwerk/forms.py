from django import forms
from django.utils.translation import gettext_lazy as _

from bollwerk.models import AuditEvent, Role
from bollwerk.models.tenancy import LegalForm, Sector


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenIssueForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("What the token is for, e.g. 'SBOM upload from CI'."),
    )
    expires_days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=730, initial=90
    )


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens; used by commands and URLs."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=[("", "—"), *LegalForm.choices], required=False
    )
    officer_email = forms.EmailField(
        label=_("First security officer (e-mail)"),
        help_text=_("Receives an invitation to set a password."),
    )


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("all")), *AuditEvent.Action.choices], required=False
    )
    object_type = forms.CharField(label=_("Object type"), required=False)
    actor = forms.CharField(label=_("Who"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
