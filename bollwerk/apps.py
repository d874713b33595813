from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BollwerkConfig(AppConfig):
    name = "bollwerk"
    verbose_name = _("Bollwerk platform")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from bollwerk import sensitivity, signals  # noqa: F401 - connects the audit-trail hooks
        from bollwerk.api import schema  # noqa: F401 - registers the OpenAPI auth schemes
        from bollwerk.checks import registry, tasks  # noqa: F401 - registers the check tasks
        from bollwerk.checks.schedules import maintenance_schedule_ensure
        from bollwerk.schedules import schedules_ensure

        post_migrate.connect(schedules_ensure, sender=self, dispatch_uid="bollwerk_schedules")
        post_migrate.connect(
            maintenance_schedule_ensure, sender=self, dispatch_uid="bollwerk_check_maintenance"
        )
        # Findings of scans carry addresses and ports in ``details``.
        sensitivity.register("bollwerk.finding", "details", "network")
        registry.autodiscover()  # imports <app>.checks of every installed app
