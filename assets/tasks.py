"""Celery tasks of the assets app (found by autodiscovery); each concern keeps its own module."""

from assets.advisories.tasks import import_advisories_folder_task
from assets.procurement.tasks import offers_verify_all_task, offers_verify_for_product_task

__all__ = [
    "import_advisories_folder_task",
    "offers_verify_all_task",
    "offers_verify_for_product_task",
]
