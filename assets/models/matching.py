"""Vulnerability matches: an advisory that applies to one component or one asset of an
organization, with the VEX decision on it and its priority; and the history of VEX statements.

Matches are written by :func:`assets.services.matching.vulnerabilities_match` in bulk (one
audit summary per run); VEX statements by :mod:`assets.services.vex`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel

from .asset import Asset
from .sbom import SbomComponent


class VexStatus(models.TextChoices):
    """The CycloneDX/CSAF product status of a match."""

    AFFECTED = "affected", _("affected")
    NOT_AFFECTED = "not_affected", _("not affected")
    FIXED = "fixed", _("fixed")
    UNDER_INVESTIGATION = "under_investigation", _("under investigation")


#: Statuses that keep a match open (it needs action).
OPEN_STATUSES = (VexStatus.AFFECTED, VexStatus.UNDER_INVESTIGATION)


class Justification(models.TextChoices):
    """Why a product is not affected: CycloneDX 1.5/1.6 justifications, then CSAF 2.0 flags."""

    CODE_NOT_PRESENT = "code_not_present", _("code not present")
    CODE_NOT_REACHABLE = "code_not_reachable", _("code not reachable")
    REQUIRES_CONFIGURATION = "requires_configuration", _("requires configuration")
    REQUIRES_DEPENDENCY = "requires_dependency", _("requires dependency")
    REQUIRES_ENVIRONMENT = "requires_environment", _("requires environment")
    PROTECTED_BY_COMPILER = "protected_by_compiler", _("protected by compiler")
    PROTECTED_AT_RUNTIME = "protected_at_runtime", _("protected at runtime")
    PROTECTED_AT_PERIMETER = "protected_at_perimeter", _("protected at perimeter")
    PROTECTED_BY_MITIGATING_CONTROL = (
        "protected_by_mitigating_control",
        _("protected by mitigating control"),
    )
    COMPONENT_NOT_PRESENT = "component_not_present", _("component not present (CSAF)")
    VULNERABLE_CODE_NOT_PRESENT = (
        "vulnerable_code_not_present",
        _("vulnerable code not present (CSAF)"),
    )
    VULNERABLE_CODE_NOT_IN_EXECUTE_PATH = (
        "vulnerable_code_not_in_execute_path",
        _("vulnerable code not in execute path (CSAF)"),
    )
    VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY = (
        "vulnerable_code_cannot_be_controlled_by_adversary",
        _("vulnerable code cannot be controlled by adversary (CSAF)"),
    )
    INLINE_MITIGATIONS_ALREADY_EXIST = (
        "inline_mitigations_already_exist",
        _("inline mitigations already exist (CSAF)"),
    )


class VexSource(models.TextChoices):
    """Who said so: the engine (advisory status), a person, the SBOM, a CSAF VEX document."""

    ENGINE = "", _("advisory")
    MANUAL = "manual", _("manual")
    SBOM_VEX = "sbom-vex", _("SBOM VEX")
    CSAF_VEX = "csaf-vex", _("CSAF VEX")


class VulnerabilityMatch(OrgScopedModel):
    """One advisory applying to one SBOM component or one asset of the organization.

    ``engine_status`` is what the advisory says for the matched version; ``status`` is the
    effective status: the engine's unless a VEX statement (``vex_source``) says otherwise. A
    match the engine no longer produces is kept with ``stale`` set (its VEX decision survives
    a later re-match). ``priority`` (0–100) and ``priority_explanation`` (one entry per
    factor) come from :func:`assets.services.matching.priority_compute`.
    """

    permission_group = "vulnerability"

    class Identifier(models.TextChoices):
        PURL = "purl", "purl"
        CPE = "cpe", "CPE"
        CPE_PLATFORM = "cpe-platform", _("CPE (platform)")
        OT_NAME = "ot-name", _("OT product name")
        OT_MODEL = "ot-model", _("OT model number")
        OT_FAMILY = "ot-family", _("OT product family")

    advisory = models.ForeignKey(
        "assets.Advisory", on_delete=models.CASCADE, related_name="matches",
        verbose_name=_("advisory"),
    )  # fmt: skip
    component = models.ForeignKey(
        SbomComponent, on_delete=models.CASCADE, null=True, blank=True,
        related_name="vulnerability_matches", verbose_name=_("component"),
    )  # fmt: skip
    asset = models.ForeignKey(
        Asset, on_delete=models.CASCADE, null=True, blank=True,
        related_name="vulnerability_matches", verbose_name=_("asset"),
    )  # fmt: skip
    identifier = models.CharField(_("matched by"), max_length=16, choices=Identifier.choices)
    matched = models.TextField(_("matched value"))
    version = models.TextField(_("version"), blank=True)
    why = models.TextField(_("why"))
    decided = models.BooleanField(_("version decided"), default=True)
    engine_status = models.CharField(_("advisory status"), max_length=24, choices=VexStatus.choices)
    status = models.CharField(_("status"), max_length=24, choices=VexStatus.choices, db_index=True)
    justification = models.CharField(
        _("justification"), max_length=64, choices=Justification.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    vex_source = models.CharField(
        _("status source"), max_length=10, choices=VexSource.choices, blank=True
    )
    vex_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("status set by"),
    )  # fmt: skip
    vex_set_at = models.DateTimeField(_("status set at"), null=True, blank=True)
    stale = models.BooleanField(_("no longer matched"), default=False)
    first_matched_at = models.DateTimeField(_("first matched"))
    last_matched_at = models.DateTimeField(_("last matched"))
    priority = models.FloatField(_("priority"), default=0.0, db_index=True)
    priority_explanation = models.JSONField(_("priority explanation"), default=list, blank=True)

    class Meta:
        verbose_name = _("vulnerability match")
        verbose_name_plural = _("vulnerability matches")
        ordering = ["-priority", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "advisory", "component"],
                condition=Q(component__isnull=False),
                name="vulnmatch_unique_component",
            ),
            models.UniqueConstraint(
                fields=["organization", "advisory", "asset"],
                condition=Q(asset__isnull=False),
                name="vulnmatch_unique_asset",
            ),
            models.CheckConstraint(
                condition=Q(component__isnull=False, asset__isnull=True)
                | Q(component__isnull=True, asset__isnull=False),
                name="vulnmatch_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "-priority"], name="vulnmatch_open"),
        ]

    def __str__(self) -> str:
        return f"{self.advisory_id} → {self.target_label}"

    @property
    def target_label(self) -> str:
        """The component (name version) or the asset name."""
        if self.component_id:
            return str(self.component)
        return str(self.asset)

    @property
    def is_open(self) -> bool:
        """Affected or under investigation, and still matched."""
        return self.status in OPEN_STATUSES and not self.stale

    @property
    def fingerprint(self) -> str:
        """The finding fingerprint ``vuln:<advisory>:<component|asset>:<id>``."""
        kind, pk = (
            ("component", self.component_id) if self.component_id else ("asset", self.asset_id)
        )
        return f"vuln:{self.advisory_id}:{kind}:{pk}"

    def clean(self) -> None:
        manual = self.vex_source == VexSource.MANUAL
        if self.status == VexStatus.NOT_AFFECTED and manual and not self.justification:
            raise ValidationError({"justification": _("Not affected needs a justification.")})


class VexStatement(OrgScopedModel):
    """One VEX statement on a match, kept as history (the match holds the latest)."""

    permission_group = "vulnerability"

    match = models.ForeignKey(
        VulnerabilityMatch, on_delete=models.CASCADE, related_name="statements",
        verbose_name=_("match"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=24, choices=VexStatus.choices)
    justification = models.CharField(
        _("justification"), max_length=64, choices=Justification.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=VexSource.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("set by"),
    )  # fmt: skip
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("VEX statement")
        verbose_name_plural = _("VEX statements")
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.status}"
