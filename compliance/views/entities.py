"""Legal entities of the organization: list with their classification, create, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bollwerk.views.decorators import requires
from compliance.forms import LegalEntityForm, RelatedFormSet, related_rows
from compliance.models import LegalEntity
from compliance.selectors import classification_records_latest, legal_entity_list
from compliance.services.classification import (
    legal_entity_default,
    legal_entity_delete,
    legal_entity_save,
)

RELATED_FIELDS = (
    "name",
    "share_percent",
    "relation",
    "employees",
    "turnover_eur",
    "balance_sheet_eur",
    "listed_investor",
)


def _lang() -> str:
    return "de" if (get_language() or "en").startswith("de") else "en"


@requires("compliance")
def legal_entities(request):
    """Every legal entity with its current classification (category and route)."""
    org = request.organization
    legal_entity_default(org=org)
    records = {r.legal_entity_id: r for r in classification_records_latest(org=org)}
    rows = [(e, records.get(e.pk)) for e in legal_entity_list(org=org)]
    return render(request, "compliance/legal_entities.html", {"rows": rows, "lang": _lang()})


def _edit(request, entity: LegalEntity | None):
    org = request.organization
    instance = entity or LegalEntity(organization=org)
    data = request.POST if request.method == "POST" else None
    form = LegalEntityForm(data, instance=instance)
    rows = entity.related.all() if entity is not None else []  # a new entity has none
    initial = [{f: getattr(r, f) for f in RELATED_FIELDS} for r in rows]
    related = RelatedFormSet(data, initial=None if data else initial, prefix="related")
    if request.method == "POST" and form.is_valid() and related.is_valid():
        try:
            saved, record = legal_entity_save(
                org=org,
                data=form.entity_data(),
                entity=entity,
                related=related_rows(related),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The legal entity was saved and classified: %(category)s.")
                % {"category": record.result["category"][_lang()]},
            )
            return redirect("compliance:legal-entity-edit", pk=saved.pk)
    return render(
        request,
        "compliance/legal_entity_form.html",
        {"form": form, "related": related, "entity": entity},
    )


@requires("compliance", "add")
def legal_entity_create(request):
    """A further legal entity of the group (a grid company, a water GmbH, ...)."""
    return _edit(request, None)


@requires("compliance", model=LegalEntity)
def legal_entity_edit(request, pk: int):
    """Change a legal entity and re-classify it (GET shows it to every reader)."""
    entity = get_object_or_404(LegalEntity.objects.for_org(request.organization), pk=pk)
    return _edit(request, entity)


@require_POST
@requires("compliance", "delete", model=LegalEntity)
def legal_entity_remove(request, pk: int):
    """Delete a further legal entity with its classification records."""
    entity = get_object_or_404(LegalEntity.objects.for_org(request.organization), pk=pk)
    try:
        legal_entity_delete(entity=entity)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("compliance:legal-entity-edit", pk=pk)
    messages.success(request, _("The legal entity was deleted."))
    return redirect("compliance:legal-entities")
