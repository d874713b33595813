"""Decision: a plain reference to the archived decision record instead of a FK to reports.Report.

The report's public id and SHA-256 are copied into the new fields before the foreign key is
dropped (and copied back on the way down), through the historical ``report`` field itself, so
this migration names no model of ``reports``. 0004 still lists ``reports`` among its
dependencies (it is deployed and may not change); no later assets migration does.
"""

from django.db import migrations, models


def report_reference_copy(apps, schema_editor):
    Decision = apps.get_model("assets", "Decision")
    rows = Decision.objects.filter(report__isnull=False).values_list(
        "pk", "report__public_id", "report__sha256"
    )
    for pk, public_id, sha256 in rows:
        Decision.objects.filter(pk=pk).update(report_public_id=public_id, report_sha256=sha256)


def report_reference_restore(apps, schema_editor):
    Decision = apps.get_model("assets", "Decision")
    Report = Decision._meta.get_field("report").related_model
    ids = dict(
        Report.objects.filter(
            public_id__in=Decision.objects.exclude(report_public_id=None).values(
                "report_public_id"
            )
        ).values_list("public_id", "pk")
    )
    for pk, public_id in Decision.objects.exclude(report_public_id=None).values_list(
        "pk", "report_public_id"
    ):
        Decision.objects.filter(pk=pk).update(report_id=ids.get(public_id))


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0006_matching"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="report_public_id",
            field=models.UUIDField(
                blank=True,
                editable=False,
                help_text="The decision record's id in the report archive.",
                null=True,
                verbose_name="decision record",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="report_sha256",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                verbose_name="decision record SHA-256",
            ),
        ),
        migrations.RunPython(report_reference_copy, report_reference_restore),
        migrations.RemoveField(
            model_name="decision",
            name="report",
        ),
    ]
