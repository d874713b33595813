from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The built-in section providers and record kinds register themselves on import.
        from bollwerk import documents
        from reports import providers  # noqa: F401
        from reports.documents import ReportsDocuments

        documents.backend_register(ReportsDocuments())
