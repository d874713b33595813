"""The versioned claims catalogue: what vendors claim about security by design, and how to check it.

Data lives in ``claims-<version>.json`` next to this module (texts in German and English).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import translation

CURRENT_VERSION = "2026.1"
METHODS = (
    "sbom_quality",
    "sbom_signature",
    "kev",
    "critical_age",
    "disclosure",
    "csaf",
    "support_period",
    "person",
)


@dataclass(frozen=True)
class Claim:
    """One catalogue claim: id, check method, texts and verification hints by language."""

    id: str
    method: str
    text: dict
    verification: dict

    def text_in(self, language: str | None = None) -> str:
        """The claim text in ``language`` (default: the active one; falls back to English)."""
        lang = (language or translation.get_language() or "en")[:2]
        return self.text.get(lang) or self.text["en"]

    def verification_in(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return self.verification.get(lang) or self.verification["en"]

    @property
    def automatic(self) -> bool:
        """Whether data (not a person) decides this claim."""
        return self.method != "person"


@cache
def catalogue(version: str = CURRENT_VERSION) -> tuple[Claim, ...]:
    """The claims of catalogue ``version``; KeyError for an unknown version."""
    path = Path(__file__).with_name(f"claims-{version}.json")
    if not path.exists():
        raise KeyError(f"unknown claims catalogue {version!r}")
    data = json.loads(path.read_text(encoding="utf-8"))
    claims = tuple(Claim(**item) for item in data["claims"])
    for claim in claims:
        if claim.method not in METHODS:
            raise ValueError(f"{claim.id}: unknown method {claim.method!r}")
    return claims


def claims_by_id(version: str = CURRENT_VERSION) -> dict[str, Claim]:
    """The claims of ``version`` by id, in catalogue order."""
    return {c.id: c for c in catalogue(version)}


def checksum(version: str = CURRENT_VERSION) -> str:
    """SHA-256 over the claim ids and texts: detects a questionnaire built from other claims."""
    items = [[c.id, c.text["de"], c.text["en"]] for c in catalogue(version)]
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()
