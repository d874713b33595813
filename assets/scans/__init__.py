"""Network-scan engine: scope validation, safe nmap runs, safe XML parsing, reconciliation.

Pure Python: no Django models, no database. The storage layer (ScanScope,
ScanRun and Finding models, the ``import_scan`` command, Celery tasks) calls:

- :func:`scope_validate` to turn user input into a :class:`ScanScope`
  (``allowed=settings.BOLLWERK_SCAN_ALLOWED``);
- :func:`scan_run` to run nmap for a scope (re-validates it first);
- :func:`nmap_xml_parse` to read an uploaded or produced nmap XML file;
- :func:`scan_reconcile` to compare a scan with the inventory and the previous
  run, giving :class:`FindingCandidate` objects with stable fingerprints.

Every bad input raises a subclass of :class:`ScanError` with one message.
"""

from .errors import NmapXmlError, ScanError, ScanRunError, ScopeError
from .model import (
    Address,
    Host,
    Hostname,
    OsClass,
    OsMatch,
    Port,
    ScanInfo,
    ScanMeta,
    ScanResult,
    ScriptOutput,
    Service,
)
from .nmap_xml import nmap_xml_parse
from .ports import (
    INDUSTRIAL_PROTOCOLS,
    INSECURE_SERVICES,
    OT_SAFE_DEFAULT_PORTS,
    PortClassifier,
    ProtocolRule,
)
from .profiles import PROFILE_ARGUMENTS, nmap_arguments
from .reconcile import scan_reconcile, scan_services, scan_targets
from .records import (
    AssetRecord,
    FindingCandidate,
    FindingKind,
    HostMatch,
    ReconcileCounts,
    ReconcilePolicy,
    ReconcileResult,
    ServiceObservation,
    Severity,
    ZoneRecord,
)
from .runner import ScanRun, scan_run, scan_timeout
from .scope import (
    MaintenanceWindow,
    Profile,
    ScanScope,
    scope_check_allowed,
    scope_validate,
    window_parse,
)

__all__ = [
    "INDUSTRIAL_PROTOCOLS",
    "INSECURE_SERVICES",
    "OT_SAFE_DEFAULT_PORTS",
    "PROFILE_ARGUMENTS",
    "Address",
    "AssetRecord",
    "FindingCandidate",
    "FindingKind",
    "Host",
    "HostMatch",
    "Hostname",
    "MaintenanceWindow",
    "NmapXmlError",
    "OsClass",
    "OsMatch",
    "Port",
    "PortClassifier",
    "Profile",
    "ProtocolRule",
    "ReconcileCounts",
    "ReconcilePolicy",
    "ReconcileResult",
    "ScanError",
    "ScanInfo",
    "ScanMeta",
    "ScanResult",
    "ScanRun",
    "ScanRunError",
    "ScanScope",
    "ScopeError",
    "ScriptOutput",
    "Service",
    "ServiceObservation",
    "Severity",
    "ZoneRecord",
    "nmap_arguments",
    "nmap_xml_parse",
    "scan_reconcile",
    "scan_run",
    "scan_services",
    "scan_targets",
    "scan_timeout",
    "scope_check_allowed",
    "scope_validate",
    "window_parse",
]
