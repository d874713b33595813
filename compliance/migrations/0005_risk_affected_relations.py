"""Risks link their affected essential services and assets as relations instead of JSON.

The old JSON lists held ``{"type", "id", "label"}`` items. Each item is
linked when it names an object of the risk's own organization: by primary
key, else by service name / asset tag, else by a unique asset name. Items
that cannot be linked (unknown, ambiguous, another organization's) are not
dropped silently: they are appended to the risk's scenario as a line the
officer can act on. Reversing writes the links back as JSON items.
The JSON columns are dropped in the next migration (PostgreSQL refuses to
alter a table with pending trigger events in the same transaction).
"""

from django.db import migrations, models

UNLINKED = "[Migration] Betroffen, nicht verknüpft / affected, not linked: "


def _as_pk(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _find(model, org_id, item, *, key_fields):
    rows = model.objects.filter(organization_id=org_id)
    if not isinstance(item, dict):
        item = {"id": item, "label": ""}
    # Natural keys first: the old ids were free text, and a utility's numeric asset tag
    # "4711" must not be read as the primary key of another asset.
    for field, source in key_fields:
        value = str(item.get(source) or "").strip()
        if not value:
            continue
        matches = list(rows.filter(**{field: value})[:2])
        if len(matches) == 1:
            return matches[0]
    pk = _as_pk(item.get("id"))
    label = str(item.get("label") or "").strip()
    if pk is not None:
        match = rows.filter(pk=pk).first()
        # a bare id is trusted only when the label (if any) names the same object
        if match is not None and (not label or label == getattr(match, "name", None)):
            return match
    return None


def _describe(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    label, ident = str(item.get("label") or ""), str(item.get("id") or "")
    return f"{label} ({ident})" if label and ident else label or ident


def link_json_items(apps, schema_editor):
    Risk = apps.get_model("compliance", "Risk")
    Asset = apps.get_model("assets", "Asset")
    Service = apps.get_model("assets", "EssentialService")
    for risk in Risk.objects.all().iterator():
        unlinked = []
        for item in risk.affected_services_json or []:
            found = _find(Service, risk.organization_id, item,
                          key_fields=(("name", "label"), ("name", "id")))  # fmt: skip
            if found is None:
                unlinked.append(_describe(item))
            else:
                risk.affected_services.add(found)
        for item in risk.affected_assets_json or []:
            found = _find(Asset, risk.organization_id, item,
                          key_fields=(("asset_tag", "id"), ("name", "label"), ("name", "id")))  # fmt: skip
            if found is None:
                unlinked.append(_describe(item))
            else:
                risk.affected_assets.add(found)
        if unlinked:
            note = UNLINKED + "; ".join(x for x in unlinked if x)
            risk.scenario = f"{risk.scenario}\n\n{note}" if risk.scenario else note
            risk.save(update_fields=["scenario"])


def write_json_items(apps, schema_editor):
    Risk = apps.get_model("compliance", "Risk")
    for risk in Risk.objects.all().iterator():
        risk.affected_services_json = [
            {"type": "service", "id": str(s.pk), "label": s.name}
            for s in risk.affected_services.all()
        ]
        risk.affected_assets_json = [
            {"type": "asset", "id": str(a.pk), "label": a.name} for a in risk.affected_assets.all()
        ]
        risk.save(update_fields=["affected_services_json", "affected_assets_json"])


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0006_matching"),
        ("compliance", "0004_score_snapshot_invalidation"),
    ]

    operations = [
        migrations.RenameField("risk", "affected_services", "affected_services_json"),
        migrations.RenameField("risk", "affected_assets", "affected_assets_json"),
        migrations.AddField(
            model_name="risk",
            name="affected_services",
            field=models.ManyToManyField(
                blank=True,
                related_name="risks",
                to="assets.essentialservice",
                verbose_name="affected essential services",
            ),
        ),
        migrations.AddField(
            model_name="risk",
            name="affected_assets",
            field=models.ManyToManyField(
                blank=True, related_name="risks", to="assets.asset", verbose_name="affected assets"
            ),
        ),
        migrations.RunPython(link_json_items, write_json_items),
    ]
