"""Bollwerk: the project package and the platform app."""

from bollwerk.celery import app as celery_app

__all__ = ["celery_app"]
