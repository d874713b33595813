"""Celery tasks of procurement: thin wrappers that re-check offers after new data."""

from __future__ import annotations

from bollwerk.celery import app


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def offers_verify_for_product_task(product_id: int) -> int:
    """Re-check the offers of one product (an SBOM for it arrived)."""
    from assets.procurement.services import offers_verify_for_product

    return offers_verify_for_product(product_id=product_id)


@app.task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def offers_verify_all_task() -> int:
    """Re-check every open offer (new advisories or a new KEV catalogue arrived)."""
    from assets.procurement.services import offers_verify_all

    return offers_verify_all()
