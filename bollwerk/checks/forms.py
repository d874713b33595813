"""Forms of the check pages (parse input only; services validate and write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bollwerk.checks.models import CheckRun, Finding, NotificationSettings, Severity


def _blank(choices):
    return [("", _("all")), *choices]


class FindingFilterForm(forms.Form):
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=_blank(Severity.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(Finding.Status.choices)
    )
    source = forms.ChoiceField(label=_("Source"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, *args, sources: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = _blank([(s, s) for s in sources])


class RunFilterForm(forms.Form):
    check = forms.CharField(label=_("Check"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(CheckRun.Status.choices)
    )


class FindingActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("acknowledge", "acknowledge"),
            ("accept_risk", "accept_risk"),
            ("reopen", "reopen"),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    expires_on = forms.DateField(
        label=_("Accepted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ScheduleForm(forms.Form):
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    kind = forms.ChoiceField(
        label=_("Schedule"),
        choices=[("interval", _("every N minutes")), ("crontab", _("crontab"))],
    )
    interval_minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1)
    crontab = forms.CharField(
        label=_("Crontab"),
        required=False,
        max_length=120,
        help_text=_("minute hour day-of-month month weekday, e.g. 30 5 * * 1-5"),
    )


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["min_severity", "email_enabled", "email_recipients", "webhook_url"]
        widgets = {"email_recipients": forms.Textarea(attrs={"rows": 2})}

    def clean_email_recipients(self):
        value = self.cleaned_data["email_recipients"]
        validator = forms.EmailField()
        for address in [a.strip() for a in value.replace("\n", ",").split(",") if a.strip()]:
            try:
                validator.clean(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("%(a)s is not an e-mail address.") % {"a": address}
                ) from None
        return value
