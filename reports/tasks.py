"""Celery entry points of the reports app (thin: they call services)."""

from __future__ import annotations

from celery import shared_task

from reports.services.generation import report_render


@shared_task(
    name="reports.render_report",
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def render_report_task(self, report_id: int) -> str | None:
    """Render one queued report; safe to run twice (a finished report is left alone)."""
    result = report_render(report_id=report_id)
    return result.report.sha256 if result else None
