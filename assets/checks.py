"""Checks of the assets app (imported once at start by the check registry's autodiscover).

The lead merges this file with the ``vulnerability_rematch`` branch's version.
"""

from assets import checks_scans  # noqa: F401  (network_scan, sbom, end of support, TLS)
