from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BollwerkConfig(AppConfig):
    name = "bollwerk"
    verbose_name = _("Bollwerk platform")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from bollwerk import signals  # noqa: F401 - connects the audit-trail hooks
        from bollwerk.api import schema  # noqa: F401 - registers the OpenAPI auth schemes
        from bollwerk.schedules import schedules_ensure

        post_migrate.connect(schedules_ensure, sender=self, dispatch_uid="bollwerk_schedules")
