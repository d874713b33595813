"""Form widgets shared by the apps.

:class:`LookupSelect` and :class:`LookupSelectMultiple` replace a select over a
large table (10,000 assets): the page holds only the chosen options and a
search box; typing asks the app's lookup view for matching options (htmx), so
neither the page nor the query grows with the table. The form field stays a
``ModelChoiceField`` and validates against the organization's queryset as
before.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse


class _LookupMixin:
    template_name = "bollwerk/widgets/lookup_select.html"

    def __init__(self, lookup_url: str, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.lookup_url = lookup_url  # a URL name; reversed when rendered

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = reverse(self.lookup_url)
        return context

    def optgroups(self, name, value, attrs=None):
        """Only the chosen options (and the blank one of an optional single select)."""
        field = getattr(self.choices, "field", None)
        chosen = [v for v in value if v not in ("", None)]
        options = []
        if not self.allow_multiple_selected and getattr(field, "empty_label", None) is not None:
            options.append(self.create_option(name, "", field.empty_label, not chosen, 0))
        if field is not None and chosen:
            try:
                rows = list(field.queryset.filter(pk__in=chosen))
            except (ValueError, TypeError):  # a posted value that is no id
                rows = []
            for row in rows:
                options.append(
                    self.create_option(
                        name, row.pk, field.label_from_instance(row), True, len(options)
                    )
                )
        return [(None, options, 0)]


class LookupSelect(_LookupMixin, forms.Select):
    pass


class LookupSelectMultiple(_LookupMixin, forms.SelectMultiple):
    pass
