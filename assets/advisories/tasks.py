"""Celery entry point of the advisory catalogue (thin: it calls the folder import service).

Idempotent by construction: the folder service remembers each file by path and SHA-256, so a
redelivered or repeated task imports nothing twice. Celery's autodiscovery looks for
``assets.tasks``; that module imports this one.
"""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from assets.advisories.services import advisories_import_folder


@shared_task(
    name="assets.import_advisories_folder",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def import_advisories_folder_task(folder: str) -> dict:
    """Import the new files of ``folder``; returns the import report."""
    return advisories_import_folder(folder=folder).as_dict()
