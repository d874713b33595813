"""Celery tasks of the assets app (found by autodiscovery); each concern keeps its own module."""

from assets.advisories.tasks import import_advisories_folder_task
from assets.procurement.tasks import offers_verify_all_task, offers_verify_for_product_task
from assets.tasks_matching import match_advisories_task, match_sbom_task

__all__ = [
    "import_advisories_folder_task",
    "match_advisories_task",
    "match_sbom_task",
    "offers_verify_all_task",
    "offers_verify_for_product_task",
]
