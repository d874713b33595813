from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from bollwerk import demo
        from compliance import signals_registry
        from compliance.services.catalogue import catalogue_ensure_installed
        from compliance.services.demo import seed_compliance, seed_compliance_finish
        from compliance.tasks import schedules_ensure

        signals_registry.register_builtin()
        post_migrate.connect(
            catalogue_ensure_installed, sender=self, dispatch_uid="compliance_catalogue"
        )
        post_migrate.connect(schedules_ensure, sender=self, dispatch_uid="compliance_schedules")
        demo.register(50, "compliance", seed_compliance)
        demo.register(900, "compliance-finish", seed_compliance_finish)

        from compliance.incidents import demo as incidents_demo

        incidents_demo.register()

        from compliance import integration

        integration.connect()

        from compliance import data_signals

        data_signals.register()
