"""Advisory parsing and version matching for issue 6 — pure Python, no Django models.

Public API (import from here):

* parse: :func:`parse_osv`, :func:`parse_csaf`, :func:`parse_document`, :func:`import_path`,
  :func:`parse_kev`, :func:`parse_epss`, :func:`reimport_decision`
* model: :class:`Advisory`, :class:`AffectedEntry`, :class:`Vulnerability`, :class:`Severity`,
  :class:`OtProduct`, :class:`Status`, :class:`PackageKey`
* match: :class:`AdvisoryIndex`, :func:`match_component`, :func:`match_asset`,
  :class:`Component`, :class:`OtAsset`, :class:`Match`
* primitives: :func:`parse_purl`, :func:`key_for_osv_package`, :func:`parse_cpe`,
  :func:`cpe_name_match`, :class:`FirmwareVersion`, :func:`parse_range_text`,
  :func:`normalize_vendor`
"""

from assets.vuln.cpe import cpe_name_match, parse_cpe
from assets.vuln.csaf import parse_csaf
from assets.vuln.errors import AdvisoryError, VersionSyntaxError
from assets.vuln.firmware import FirmwareVersion
from assets.vuln.importers import ImportOutcome, import_path, parse_document
from assets.vuln.kev import parse_epss, parse_kev
from assets.vuln.match import AdvisoryIndex, Component, Match, OtAsset, match_asset, match_component
from assets.vuln.model import (
    Advisory,
    AffectedEntry,
    OtProduct,
    ReimportDecision,
    Severity,
    Status,
    Vulnerability,
    reimport_decision,
)
from assets.vuln.osv import parse_osv
from assets.vuln.purl import PackageKey, key_for_osv_package, parse_purl
from assets.vuln.vendor_ranges import parse_range_text
from assets.vuln.vendors import normalize_vendor

__all__ = [
    "Advisory",
    "AdvisoryError",
    "AdvisoryIndex",
    "AffectedEntry",
    "Component",
    "FirmwareVersion",
    "ImportOutcome",
    "Match",
    "OtAsset",
    "OtProduct",
    "PackageKey",
    "ReimportDecision",
    "Severity",
    "Status",
    "VersionSyntaxError",
    "Vulnerability",
    "cpe_name_match",
    "import_path",
    "key_for_osv_package",
    "match_asset",
    "match_component",
    "normalize_vendor",
    "parse_cpe",
    "parse_csaf",
    "parse_document",
    "parse_epss",
    "parse_kev",
    "parse_osv",
    "parse_purl",
    "parse_range_text",
    "reimport_decision",
]
