"""CVSS vectors parsed and scored with the ``cvss`` library (v2, v3.0/3.1, v4.0)."""

from __future__ import annotations

from functools import lru_cache

from cvss import CVSS2, CVSS3, CVSS4
from cvss.exceptions import CVSSError

from assets.vuln.model import Severity


@lru_cache(maxsize=65536)  # real feeds repeat a few thousand distinct vectors
def severity_from_vector(vector: str, declared_type: str | None = None) -> Severity:
    """Score a CVSS vector; an unreadable one keeps its text and says why in ``error``.

    The version comes from the vector prefix (``CVSS:3.1/``, ``CVSS:4.0/``; none means v2),
    so an OSV ``CVSS_V3`` label on a v4 vector cannot mis-score it.
    """
    text = vector.strip()
    try:
        if text.startswith("CVSS:4"):
            v4 = CVSS4(text)
            return Severity("CVSS_V4", text, float(v4.base_score), str(v4.severity).upper())
        if text.startswith("CVSS:3"):
            v3 = CVSS3(text)
            return Severity("CVSS_V3", text, float(v3.base_score), v3.severities()[0].upper())
        v2 = CVSS2(text)
        return Severity("CVSS_V2", text, float(v2.base_score), v2.severities()[0].upper())
    except (CVSSError, ValueError, KeyError) as exc:
        return Severity(
            declared_type or "CVSS", text, None, None, error=f"unreadable CVSS vector: {exc}"
        )


def label_for_score(score: float) -> str:
    """The CVSS v3/v4 qualitative rating of a base score."""
    if score == 0:
        return "NONE"
    if score < 4:
        return "LOW"
    if score < 7:
        return "MEDIUM"
    if score < 9:
        return "HIGH"
    return "CRITICAL"
