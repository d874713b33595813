"""Network scans: what may be scanned (ScanScope), what a scan saw (ScanRun), TLS endpoints.

A scope is validated with :func:`assets.scans.scope_validate` against
``settings.BOLLWERK_SCAN_ALLOWED`` when it is saved and again by the engine
when it runs. A run keeps its hosts and ports as JSON (one row per run, fast to
write for thousands of hosts) and the services it saw, which the next run of
the same scope compares against. Written by :mod:`assets.services.scans`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel


class ScanScope(OrgScopedModel):
    """Networks an organization scans, with ports or a profile, windows and a rate limit."""

    permission_group = "check"

    class Profile(models.TextChoices):
        OT_SAFE = "ot_safe", _("OT-safe (default ports, gentle timing)")
        FULL = "full", _("full (explicit)")

    name = models.CharField(_("name"), max_length=120)
    networks = models.JSONField(_("networks"), default=list, help_text=_("CIDR networks."))
    ports = models.JSONField(_("ports"), default=list, blank=True)
    profile = models.CharField(
        _("profile"), max_length=10, choices=Profile.choices, default=Profile.OT_SAFE
    )
    maintenance_windows = models.JSONField(
        _("maintenance windows"),
        default=list,
        blank=True,
        help_text=_('E.g. "Mon-Fri 22:00-05:00" (Europe/Berlin); empty: any time.'),
    )
    max_rate = models.PositiveIntegerField(
        _("rate limit (packets/s)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("scan scope")
        verbose_name_plural = _("scan scopes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="scanscope_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def engine_scope(self):
        """This scope as the engine's validated :class:`assets.scans.ScanScope`."""
        from assets.scans import scope_validate

        return scope_validate(
            name=self.name,
            networks=self.networks,
            allowed=settings.BOLLWERK_SCAN_ALLOWED,
            ports=self.ports or None,
            profile=self.profile,
            windows=self.maintenance_windows,
            max_rate=self.max_rate,
        )

    def clean(self) -> None:
        from assets.scans import ScanError

        try:
            self.engine_scope()
        except ScanError as exc:
            raise ValidationError({"networks": str(exc)}) from None


class ScanRun(OrgScopedModel):
    """One scan (run by the ``network_scan`` check or imported from a file) and its outcome."""

    permission_group = "check"

    class Source(models.TextChoices):
        SCAN = "scan", _("scan")
        IMPORT = "import", _("import")

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    scope = models.ForeignKey(
        ScanScope,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("scope"),
    )
    check_run = models.ForeignKey(
        "bollwerk.CheckRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("check run"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUCCEEDED
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    nmap_args = models.TextField(_("nmap arguments"), blank=True)
    hosts_up = models.PositiveIntegerField(_("hosts up"), default=0)
    open_ports = models.PositiveIntegerField(_("open ports"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    hosts = models.JSONField(_("hosts"), default=list, blank=True)
    services = models.JSONField(_("services"), default=list, blank=True)
    finding_fingerprints = models.JSONField(_("finding fingerprints"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("scan run")
        verbose_name_plural = _("scan runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "scope", "-created_at"])]

    def __str__(self) -> str:
        label = self.scope.name if self.scope_id and self.scope else self.file_name
        return f"{label or self.get_source_display()} #{self.pk}"


class TlsEndpoint(OrgScopedModel):
    """A TLS service whose certificate the ``tls_certificates`` check reads (host, port, SNI)."""

    permission_group = "check"

    host = models.CharField(_("host"), max_length=255)
    port = models.PositiveIntegerField(
        _("port"), default=443, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    server_name = models.CharField(
        _("server name (SNI)"), max_length=255, blank=True, help_text=_("Default: the host.")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("TLS endpoint")
        verbose_name_plural = _("TLS endpoints")
        ordering = ["host", "port"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "host", "port"], name="tlsendpoint_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"
