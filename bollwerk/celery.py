"""The Celery app. Workers and beat start with ``celery -A bollwerk …``."""

from __future__ import annotations

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bollwerk.settings")

app = Celery("bollwerk")


def _configure() -> None:
    from django.core.exceptions import ImproperlyConfigured

    try:
        app.config_from_object("django.conf:settings", namespace="CELERY")
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - forces the settings to load now
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Bollwerk configuration error: {exc}\n")
        raise SystemExit(2) from None


_configure()
app.autodiscover_tasks()
