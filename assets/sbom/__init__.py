"""The SBOM parsing and validation engine: pure Python, no Django models, no database.

Public API::

    parse_sbom(data, *, file_name, lenient=False, max_bytes=..., allow_zip=False, zip_limits=None)
    parse_sbom_file(path, ...)            parse_sbom_archive(data, ...)
    sbom_quality(doc) -> QualityReport
    SbomError, ValidationIssue, SbomDocument, Component, ...
"""

from assets.sbom.archive import DEFAULT_MAX_BYTES, ZipLimits, read_limited
from assets.sbom.engine import parse_sbom, parse_sbom_archive, parse_sbom_file
from assets.sbom.errors import SbomError, ValidationIssue
from assets.sbom.model import (
    Affect,
    AffectedVersion,
    Component,
    Contact,
    Dependency,
    Hash,
    License,
    Property,
    Rating,
    SbomDocument,
    Tool,
    Vulnerability,
)
from assets.sbom.quality import QualityCriterion, QualityReport, sbom_quality

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Affect",
    "AffectedVersion",
    "Component",
    "Contact",
    "Dependency",
    "Hash",
    "License",
    "Property",
    "QualityCriterion",
    "QualityReport",
    "Rating",
    "SbomDocument",
    "SbomError",
    "Tool",
    "ValidationIssue",
    "Vulnerability",
    "ZipLimits",
    "parse_sbom",
    "parse_sbom_archive",
    "parse_sbom_file",
    "read_limited",
    "sbom_quality",
]
