"""Stored SBOMs: the original file, its metadata and quality, and its components,
dependency edges and declared vulnerabilities (VDR/VEX) as rows.

Everything here is written by :func:`assets.services.sbom.sbom_import` in one
transaction; components, edges and vulnerabilities are bulk-inserted, so the
audit trail holds one summary event per import instead of one per row.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel

from .supply import Product


def sbom_upload_to(instance: Sbom, filename: str) -> str:
    """``sboms/<organization id>/<sha-256 of the bytes>/<file name>`` under MEDIA_ROOT."""
    name = get_valid_filename(PurePath(filename).name) or "sbom"
    return f"sboms/{instance.organization_id}/{instance.file_sha256}/{name[-120:]}"


class Sbom(OrgScopedModel):
    """One SBOM document as delivered for a product (a product is one name + version).

    ``file`` keeps the original bytes unchanged (``file_sha256``/``file_size``
    describe them). A newer import for the same product sets
    ``superseded_by`` on the older one; the current SBOM of a product is the
    one without it. ``validation_errors`` is non-empty only for documents
    accepted in lenient mode; ``quality_score`` then includes the penalty
    that ``quality_report["validation"]`` explains.
    """

    permission_group = "supply_chain"

    class Kind(models.TextChoices):
        CYCLONEDX = "cyclonedx", "CycloneDX"
        SPDX = "spdx", "SPDX"

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        XML = "xml", "XML"

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="sboms", verbose_name=_("product")
    )
    file = models.FileField(_("original file"), upload_to=sbom_upload_to, max_length=400)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"))
    document_sha256 = models.CharField(
        _("SHA-256 of the document"),
        max_length=64,
        help_text=_("Differs from the file's when the document came in a zip archive."),
    )
    kind = models.CharField(_("standard"), max_length=10, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    spec_version = models.CharField(_("specification version"), max_length=10)
    serial_number = models.TextField(_("serial number"), blank=True)
    bom_version = models.PositiveIntegerField(_("document version"), null=True, blank=True)
    timestamp = models.DateTimeField(_("created (per document)"), null=True, blank=True)
    authors = models.JSONField(_("authors"), default=list, blank=True)
    tools = models.JSONField(_("tools"), default=list, blank=True)
    manufacturer = models.TextField(_("manufacturer"), blank=True)
    document_supplier = models.TextField(_("supplier (per document)"), blank=True)
    metadata_component = models.JSONField(_("described component"), null=True, blank=True)
    signature = models.JSONField(_("signature (raw)"), null=True, blank=True)
    declarations = models.JSONField(_("declarations (raw)"), null=True, blank=True)
    properties = models.JSONField(_("properties"), default=list, blank=True)
    validation_errors = models.JSONField(_("validation errors"), default=list, blank=True)
    validation_error_count = models.PositiveIntegerField(_("validation errors"), default=0)
    lenient = models.BooleanField(_("imported leniently"), default=False)
    quality_score = models.PositiveSmallIntegerField(_("quality score"))
    quality_report = models.JSONField(_("quality report"), default=dict)
    component_count = models.PositiveIntegerField(_("components"), default=0)
    dependency_count = models.PositiveIntegerField(_("dependency edges"), default=0)
    vulnerability_count = models.PositiveIntegerField(_("declared vulnerabilities"), default=0)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_via = models.CharField(_("imported via"), max_length=120, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )

    class Meta:
        verbose_name = _("SBOM")
        verbose_name_plural = _("SBOMs")
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["product", "superseded_by"], name="sbom_product_current")]

    def __str__(self) -> str:
        return f"SBOM {self.file_name}"

    @property
    def is_current(self) -> bool:
        """Whether no newer SBOM of the same product replaced this one."""
        return self.superseded_by_id is None


class SbomComponent(OrgScopedModel):
    """One entry of a ``components`` array (or an SPDX package), in document order.

    ``parent`` is the component it is nested in. ``purl_type``,
    ``purl_namespace`` and ``purl_name`` hold the purl's normalised package
    key (:func:`assets.vuln.purl.parse_purl`), the key advisory matching looks
    components up by; they are empty when the component has no valid purl.
    """

    permission_group = "supply_chain"

    sbom = models.ForeignKey(
        Sbom, on_delete=models.CASCADE, related_name="components", verbose_name=_("SBOM")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("nested in"),
    )
    position = models.PositiveIntegerField(_("position"))
    depth = models.PositiveSmallIntegerField(_("nesting depth"), default=0)
    bom_ref = models.TextField(_("bom-ref"), blank=True)
    type = models.TextField(_("type"), blank=True)
    group = models.TextField(_("group"), blank=True)
    name = models.TextField(_("name"))
    version = models.TextField(_("version"), blank=True)
    purl = models.TextField(_("purl"), blank=True)
    cpe = models.TextField(_("CPE"), blank=True)
    hashes = models.JSONField(_("hashes"), default=list, blank=True)
    licenses = models.JSONField(_("licences"), default=list, blank=True)
    supplier_name = models.TextField(_("supplier"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    purl_type = models.CharField(_("purl type"), max_length=64, blank=True)
    purl_namespace = models.TextField(_("purl namespace"), blank=True)
    purl_name = models.TextField(_("purl name"), blank=True)

    class Meta:
        verbose_name = _("SBOM component")
        verbose_name_plural = _("SBOM components")
        ordering = ["sbom", "position"]
        indexes = [
            models.Index(
                fields=["organization", "purl_type", "purl_namespace", "purl_name"],
                name="sbomcomponent_package_key",
            ),
            models.Index(fields=["sbom", "position"], name="sbomcomponent_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()

    @property
    def display_name(self) -> str:
        """``group/name`` when there is a group."""
        return f"{self.group}/{self.name}" if self.group else self.name


class SbomDependency(OrgScopedModel):
    """One edge of the document's dependency graph: ``ref`` depends on ``depends_on``.

    The refs are kept as written; ``source``/``target`` point at the
    component rows they resolve to (empty for the described product itself,
    ``metadata.component``, which is no row). A ``dependencies`` entry without
    targets is stored as one row with an empty ``depends_on``.
    """

    permission_group = "supply_chain"

    sbom = models.ForeignKey(
        Sbom, on_delete=models.CASCADE, related_name="dependencies", verbose_name=_("SBOM")
    )
    ref = models.TextField(_("ref"))
    depends_on = models.TextField(_("depends on"), blank=True)
    source = models.ForeignKey(
        SbomComponent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target = models.ForeignKey(
        SbomComponent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("SBOM dependency")
        verbose_name_plural = _("SBOM dependencies")
        ordering = ["sbom", "id"]
        indexes = [
            models.Index(fields=["sbom", "source"], name="sbomdependency_source"),
            models.Index(fields=["sbom", "target"], name="sbomdependency_target"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} → {self.depends_on or '∅'}"


class SbomVulnerability(OrgScopedModel):
    """A vulnerability the SBOM itself declares (CycloneDX VDR/VEX), with its analysis.

    ``affects`` keeps the refs and version statements as written;
    ``components`` are the rows those refs resolve to.
    """

    permission_group = "supply_chain"

    sbom = models.ForeignKey(
        Sbom, on_delete=models.CASCADE, related_name="vulnerabilities", verbose_name=_("SBOM")
    )
    vuln_id = models.TextField(_("identifier"))
    bom_ref = models.TextField(_("bom-ref"), blank=True)
    source_name = models.TextField(_("source"), blank=True)
    source_url = models.TextField(_("source URL"), blank=True)
    ratings = models.JSONField(_("ratings"), default=list, blank=True)
    cwes = models.JSONField(_("CWEs"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    detail = models.TextField(_("detail"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    analysis_state = models.TextField(_("analysis state"), blank=True)
    analysis_justification = models.TextField(_("justification"), blank=True)
    analysis_response = models.JSONField(_("response"), default=list, blank=True)
    analysis_detail = models.TextField(_("analysis detail"), blank=True)
    affects = models.JSONField(_("affects"), default=list, blank=True)
    components = models.ManyToManyField(
        SbomComponent, blank=True, related_name="declared_vulnerabilities"
    )

    class Meta:
        verbose_name = _("declared vulnerability")
        verbose_name_plural = _("declared vulnerabilities")
        ordering = ["sbom", "id"]

    def __str__(self) -> str:
        return self.vuln_id

    @property
    def severity(self) -> str:
        """The first rating's severity (``unknown`` when there is none)."""
        for rating in self.ratings:
            if rating.get("severity"):
                return rating["severity"]
        return "unknown"
