"""Drop the JSON lists that 0005_risk_affected_relations converted into relations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("compliance", "0005_risk_affected_relations")]

    operations = [
        migrations.RemoveField("risk", "affected_services_json"),
        migrations.RemoveField("risk", "affected_assets_json"),
    ]
