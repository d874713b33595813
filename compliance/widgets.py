"""A picker for many objects out of thousands: the chosen ones as checkboxes plus a search.

A plain ``<select multiple>`` would load every asset of the organization
(10,000 at a utility) into each page. ``ChosenOnlyCheckboxes`` renders only
the chosen objects, checked (untick to remove); below them a search field
asks ``search_url`` (with htmx) for matching objects, rendered as unchecked
checkboxes of the same name, so ticking one adds it when the form is sent.

The search field and its button belong (HTML ``form`` attribute) to a
separate GET form ``<id>-search`` that the page places after the main form
(forms cannot nest), so Enter in the search field never saves the main form.
With htmx that form loads the matches into the picker; without JavaScript
it reloads the page with ``?<search_field>=`` and the view fills
``search_results``. The field's ``ModelMultipleChoiceField`` validates the
posted ids against its organization-scoped queryset in one query.
"""

from __future__ import annotations

from django import forms


class ChosenOnlyCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for the chosen objects only, with an htmx search for more."""

    template_name = "compliance/widgets/chosen_only.html"

    def __init__(self, *, search_url: str, search_field: str, attrs=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.search_field = search_field
        self.search_results: list = []
        self.search_more = False
        self.search_query = ""

    def optgroups(self, name, value, attrs=None):
        ids = [int(v) for v in value if str(v).isdecimal()]
        if not ids:
            return []
        field = self.choices.field
        chosen = self.choices.queryset.filter(pk__in=ids).order_by("name")
        return [
            (None, [self.create_option(name, obj.pk, field.label_from_instance(obj), True, i)], i)
            for i, obj in enumerate(chosen)
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        context["widget"].update(
            search_url=self.search_url,
            search_field=self.search_field,
            search_query=self.search_query,
            results=[r for r in self.search_results if str(r.pk) not in chosen],
            more=self.search_more,
        )
        return context
