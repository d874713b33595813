"""Checks: ``network_scan``, ``sbom_coverage_and_staleness``, ``end_of_support``, ``tls_certificates``.

Each is a registered :class:`bollwerk.checks.registry.Check`; findings go
through the check framework (source = the check's name).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets import tls
from assets.models import Asset, Product, Sbom, ScanRun, ScanScope, TlsEndpoint
from assets.scans import ScanError, scan_run
from assets.services.scans import SOURCE, findings_resolve_in_networks, scan_reconcile_store
from bollwerk.checks.registry import Candidate, Check, CheckOutcome, Crontab, ObjectRef, register

logger = logging.getLogger(__name__)
EOS_WARN_DAYS = 180


# --- network_scan -------------------------------------------------------------


def network_scan(org, run) -> CheckOutcome:
    """Scan every enabled scope (inside its maintenance windows unless run by hand) and reconcile."""
    manual = run.trigger == run.Trigger.MANUAL
    candidates: list = []
    counts = {"scopes": 0, "scopes_skipped": 0, "hosts_up": 0, "open_ports": 0}
    errors: list[str] = []
    scanned: list = []
    for scope in ScanScope.objects.for_org(org).filter(enabled=True):
        try:
            engine_scope = scope.engine_scope()
            if not manual and not engine_scope.window_open(timezone.now()):
                counts["scopes_skipped"] += 1
                continue
            done = scan_run(
                engine_scope, allowed=settings.BOLLWERK_SCAN_ALLOWED, enforce_window=not manual
            )
        except ScanError as exc:
            errors.append(f"{scope.name}: {exc}")
            ScanRun.objects.create(
                organization=org,
                scope=scope,
                check_run=run,
                source=ScanRun.Source.SCAN,
                status=ScanRun.Status.FAILED,
                error=str(exc),
                finished_at=timezone.now(),
            )
            continue
        stored = scan_reconcile_store(
            org=org,
            result=done.result,
            scope=scope,
            source=ScanRun.Source.SCAN,
            check_run=run,
            started=done.started,
            finished=done.finished,
            nmap_args=" ".join(done.argv),
            record_findings=False,
            resolve=False,
        )
        candidates.extend(stored.candidates)
        scanned.extend(engine_scope.networks)
        counts["scopes"] += 1
        counts["hosts_up"] += stored.hosts_up
        counts["open_ports"] += stored.open_ports
    # a finding seen in one scope must not be resolved by another overlapping one
    counts["scan_findings_resolved"] = findings_resolve_in_networks(
        organization=org, networks=scanned, seen={c.fingerprint for c in candidates}, run=run
    )
    if errors and not counts["scopes"]:
        raise RuntimeError("; ".join(errors))
    counts["scope_errors"] = len(errors)
    summary = _(
        "%(s)d scopes scanned, %(h)d hosts up, %(p)d open ports compared with the inventory"
    )
    return CheckOutcome(
        findings=candidates,
        counts=counts,
        evidence_summary=str(summary)
        % {"s": counts["scopes"], "h": counts["hosts_up"], "p": counts["open_ports"]},
        resolve_missing=False,
    )


# --- sbom_coverage_and_staleness ---------------------------------------------


def sbom_coverage_and_staleness(org, run) -> CheckOutcome:
    """Products of in-operation assets without a current SBOM, or with a stale or mismatched one."""
    months = getattr(settings, "BOLLWERK_SBOM_MAX_AGE_MONTHS", 12)
    cutoff = timezone.now() - dt.timedelta(days=round(months * 30.44))
    products = (
        Product.objects.for_org(org)
        .filter(assets__lifecycle=Asset.Lifecycle.IN_OPERATION)
        .distinct()
    )
    current = {
        s.product_id: s
        for s in Sbom.objects.for_org(org)
        .filter(superseded_by=None, product__in=products)
        .only("id", "product_id", "imported_at", "timestamp", "metadata_component")
    }
    found = []
    for product in products:
        ref = (ObjectRef("assets.product", str(product.pk), str(product)),)
        sbom = current.get(product.pk)
        label = f"{product.name} {product.version}".strip()
        if sbom is None:
            found.append(
                Candidate(
                    kind="sbom_missing",
                    severity="medium",
                    title=str(_("Product in operation without an SBOM")),
                    description=str(_("%(p)s runs on assets in operation and has no SBOM."))
                    % {"p": label},
                    fingerprint=f"sbom_coverage_and_staleness:missing:{product.pk}",
                    objects=ref,
                )
            )
            continue
        dated = sbom.timestamp or sbom.imported_at
        if dated < cutoff:
            found.append(
                Candidate(
                    kind="sbom_stale",
                    severity="low",
                    title=str(_("SBOM older than %(m)d months")) % {"m": months},
                    description=str(_("The current SBOM of %(p)s dates from %(d)s."))
                    % {"p": label, "d": timezone.localdate(dated).isoformat()},
                    fingerprint=f"sbom_coverage_and_staleness:stale:{sbom.pk}",
                    objects=ref,
                )
            )
        sbom_version = str((sbom.metadata_component or {}).get("version") or "")
        if product.version and sbom_version and sbom_version != product.version:
            found.append(
                Candidate(
                    kind="sbom_version_mismatch",
                    severity="medium",
                    title=str(_("SBOM describes another version than the product")),
                    description=str(_("%(p)s: the current SBOM describes version %(v)s."))
                    % {"p": label, "v": sbom_version},
                    fingerprint=f"sbom_coverage_and_staleness:version:{sbom.pk}",
                    objects=ref,
                )
            )
    return CheckOutcome(
        findings=found,
        counts={"products_in_operation": len(products), "with_sbom": len(current)},
        evidence_summary=str(_("%(n)d products in operation checked for current SBOMs"))
        % {"n": len(products)},
    )


# --- end_of_support -----------------------------------------------------------


def end_of_support(org, run) -> CheckOutcome:
    """Assets (not decommissioned) past or within 180 days of their end of vendor support."""
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=EOS_WARN_DAYS)
    assets = (
        Asset.objects.for_org(org)
        .exclude(lifecycle=Asset.Lifecycle.DECOMMISSIONED)
        .filter(end_of_support__lte=horizon)
        .only("id", "name", "end_of_support")
    )
    found = []
    for asset in assets:
        past = asset.end_of_support < today
        found.append(
            Candidate(
                kind="end_of_support_passed" if past else "end_of_support_near",
                severity="high" if past else "medium",
                title=str(_("Vendor support has ended") if past else _("Vendor support ends soon")),
                description=str(_("%(a)s: end of vendor support %(d)s."))
                % {"a": asset.name, "d": asset.end_of_support.isoformat()},
                fingerprint=f"end_of_support:{'passed' if past else 'near'}:{asset.pk}",
                objects=(ObjectRef("assets.asset", str(asset.pk), asset.name),),
                asset_id=str(asset.pk),
            )
        )
    return CheckOutcome(
        findings=found,
        counts={"assets_affected": len(found)},
        evidence_summary=str(_("end of vendor support checked for the inventory")),
    )


# --- tls_certificates ---------------------------------------------------------


def tls_certificates(org, run) -> CheckOutcome:
    """Read each enabled TLS endpoint's certificate; expiry, weak keys and protocols."""
    found = []
    failed = 0
    endpoints = TlsEndpoint.objects.for_org(org).filter(enabled=True)
    for endpoint in endpoints:
        ref = (ObjectRef("assets.tlsendpoint", str(endpoint.pk), str(endpoint)),)
        try:
            info = tls.tls_probe(
                host=endpoint.host,
                port=endpoint.port,
                server_name=endpoint.server_name or endpoint.host,
                allowed=settings.BOLLWERK_SCAN_ALLOWED,
            )
        except tls.TlsProbeError as exc:
            failed += 1
            found.append(
                Candidate(
                    kind="tls_unreachable",
                    severity="low",
                    title=str(_("TLS endpoint could not be checked")),
                    description=str(exc),
                    fingerprint=f"tls_certificates:unreachable:{endpoint.pk}",
                    objects=ref,
                )
            )
            continue
        for problem in tls.tls_problems(info, now=timezone.now()):
            found.append(
                Candidate(
                    kind=f"tls_{problem.kind}",
                    severity=problem.severity,
                    title=str(problem.title),
                    description=f"{endpoint}: {problem.detail}",
                    fingerprint=f"tls_certificates:{problem.kind}:{endpoint.pk}",
                    objects=ref,
                    details={"not_after": info.not_after.isoformat(), "protocol": info.protocol},
                )
            )
    return CheckOutcome(
        findings=found,
        counts={"endpoints": len(endpoints), "unreachable": failed},
        evidence_summary=str(_("%(n)d TLS endpoints checked")) % {"n": len(endpoints)},
    )


register(
    Check(
        name="network_scan",
        title=_("Network scan"),
        description=_(
            "Scans every enabled scan scope with nmap and compares the result with the asset "
            "inventory: unknown hosts, missing assets, unexpected and changed services."
        ),
        run=network_scan,
        schedule=Crontab("30 2 * * *"),
        controls=("NIS2-21-2-i.1", "NIS2-21-2-i.2", "NIS2-21-2-e.4"),
        soft_time_limit=3 * 3600,
        time_limit=3 * 3600 + 300,
    )
)
register(
    Check(
        name="sbom_coverage_and_staleness",
        title=_("SBOM coverage and age"),
        description=_(
            "Products in operation without an SBOM, with an outdated one, or with one for "
            "another version."
        ),
        run=sbom_coverage_and_staleness,
        schedule=Crontab("15 4 * * 1"),
        controls=("NIS2-21-2-d.4",),
    )
)
register(
    Check(
        name="end_of_support",
        title=_("End of vendor support"),
        description=_("Assets past or within 180 days of the end of vendor support."),
        run=end_of_support,
        schedule=Crontab("20 4 * * *"),
        controls=("NIS2-21-2-e.2", "NIS2-21-2-i.1"),
    )
)
register(
    Check(
        name="tls_certificates",
        title=_("TLS certificates"),
        description=_(
            "Reads the certificates of the TLS endpoints: expired or expiring within 30 days, "
            "RSA keys under 2048 bits, SHA-1 signatures, TLS below 1.2."
        ),
        run=tls_certificates,
        schedule=Crontab("40 4 * * *"),
        controls=("NIS2-21-2-h.1", "NIS2-21-2-h.3"),
    )
)

__all__ = ["SOURCE", "end_of_support", "network_scan", "sbom_coverage_and_staleness"]
