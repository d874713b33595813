"""The advisory catalogue: one per instance, shared by every organization.

Why these models are not :class:`~bollwerk.models.tenancy.OrgScopedModel`: an advisory is public
information published by a vendor or a database (OSV, CSAF, CISA KEV, FIRST EPSS). It is
imported once for the whole instance and matched against each organization's components and
assets; the *matches* are organization data (scoped, stored elsewhere), the catalogue is not.
Nothing here names an organization, so showing any row to any member reveals nothing about
another organization. Writes are recorded as one summary event per import in the audit trail's
instance chain (``audit_record(organization=None, ...)``), not by the per-row signals.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Advisory", "AdvisoryAlias", "AffectedEntry", "EpssScore", "ImportedFile", "KevEntry"]

#: Severity labels in rising order; ``Advisory.severity_rank`` is the index (0 = unknown).
SEVERITY_RANKS = {
    "": 0, "NONE": 0, "LOW": 1, "MEDIUM": 2, "MODERATE": 2, "HIGH": 3, "IMPORTANT": 3, "CRITICAL": 4,
}  # fmt: skip


class Advisory(models.Model):
    """One OSV record or CSAF document, instance-wide (see the module docstring for why).

    ``source_id`` is the id its source gives it (``GO-2020-0001``, ``ICSA-23-348-10``); a
    re-import replaces the row in place when its ``modified`` is strictly newer. ``raw`` keeps
    the document as imported, byte for byte (decoded as UTF-8), for download. The severity
    columns hold the highest scored severity; ``severities`` all of them. The KEV and EPSS
    columns are derived from :class:`KevEntry` and :class:`EpssScore` by the import services.
    """

    permission_group = "vulnerability"

    class Source(models.TextChoices):
        OSV = "osv", _("OSV")
        CSAF = "csaf", _("CSAF")

    source_id = models.CharField(
        _("advisory id"), max_length=255, unique=True, help_text=_("The id its source gives it.")
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    title = models.TextField(_("title"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    published = models.DateTimeField(_("published"), null=True, blank=True)
    modified = models.DateTimeField(_("modified"), null=True, blank=True, db_index=True)
    withdrawn = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    severities = models.JSONField(_("severities"), default=list, blank=True)
    severity_score = models.FloatField(_("CVSS base score"), null=True, blank=True)
    severity_label = models.CharField(_("severity"), max_length=16, blank=True)
    severity_vector = models.CharField(_("CVSS vector"), max_length=255, blank=True)
    severity_rank = models.PositiveSmallIntegerField(default=0, db_index=True)
    references = models.JSONField(_("references"), default=list, blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    kev = models.BooleanField(
        _("known exploited"),
        default=False,
        db_index=True,
        help_text=_("A CVE of this advisory is in CISA's Known Exploited Vulnerabilities list."),
    )
    kev_date_added = models.DateField(_("KEV date added"), null=True, blank=True)
    kev_due_date = models.DateField(_("KEV due date"), null=True, blank=True)
    kev_ransomware = models.BooleanField(_("known ransomware use"), default=False)
    epss = models.FloatField(_("EPSS score"), null=True, blank=True)
    epss_percentile = models.FloatField(_("EPSS percentile"), null=True, blank=True)
    raw = models.TextField(_("document"), help_text=_("The document as imported."))
    file = models.TextField(_("imported from"), blank=True)
    imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("advisory")
        verbose_name_plural = _("advisories")
        ordering = ["-modified", "source_id"]
        indexes = [models.Index(fields=["-severity_rank", "-severity_score"], name="adv_severity")]

    def __str__(self) -> str:
        return self.source_id


class AdvisoryAlias(models.Model):
    """One alias of an advisory (CVE, GHSA, vendor id), upper-cased for lookup.

    The advisory's own id is stored too, so "which advisories carry CVE-X" is one indexed query
    whether CVE-X is the id or an alias.
    """

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="alias_rows")
    alias = models.CharField(_("alias"), max_length=255, db_index=True)

    class Meta:
        verbose_name = _("advisory alias")
        verbose_name_plural = _("advisory aliases")
        constraints = [
            models.UniqueConstraint(fields=["advisory", "alias"], name="adv_alias_unique")
        ]

    def __str__(self) -> str:
        return self.alias


class AffectedEntry(models.Model):
    """What an advisory concerns, which versions, with which status — one engine entry.

    The index columns are the keys the engine looks candidates up by: the normalised purl key
    (type, namespace, name), the CPE (part, vendor, product when literal; ``cpe_wild`` when a
    wildcard makes it a candidate for every CPE) and the normalised OT vendor. ``predicate`` is
    the version predicate as JSON (:mod:`assets.advisories.codec`); ``why`` its explanation;
    ``justification`` and ``impact`` the CSAF VEX statement of a not-affected product.
    """

    class Status(models.TextChoices):
        AFFECTED = "affected", _("affected")
        FIXED = "fixed", _("fixed")
        NOT_AFFECTED = "not_affected", _("not affected")
        UNDER_INVESTIGATION = "under_investigation", _("under investigation")

    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="affected")
    position = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    package_type = models.CharField(_("package type"), max_length=64, blank=True)
    package_namespace = models.CharField(_("package namespace"), max_length=1000, blank=True)
    package_name = models.CharField(_("package name"), max_length=1000, blank=True)
    ecosystem = models.CharField(_("ecosystem"), max_length=100, blank=True)
    purl = models.TextField(_("purl"), blank=True)
    cpe = models.TextField(_("CPE"), blank=True)
    cpe_part = models.CharField(max_length=1, blank=True)
    cpe_vendor = models.CharField(_("CPE vendor"), max_length=255, blank=True)
    cpe_product = models.CharField(_("CPE product"), max_length=255, blank=True)
    cpe_wild = models.BooleanField(default=False, db_index=True)
    cpe_is_platform = models.BooleanField(default=False)
    ot_vendor = models.CharField(_("vendor"), max_length=255, blank=True)
    ot_vendor_key = models.CharField(max_length=255, blank=True, db_index=True)
    ot_product = models.TextField(_("product"), blank=True)
    ot_family = models.TextField(_("product family"), blank=True)
    ot_model_numbers = models.JSONField(_("model numbers"), default=list, blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    product_id = models.TextField(_("CSAF product id"), blank=True)
    product_name = models.TextField(_("product name"), blank=True)
    remediations = models.JSONField(_("remediations"), default=list, blank=True)
    pointer = models.TextField(_("place in the document"), blank=True)
    predicate = models.JSONField(_("version predicate"))
    why = models.TextField(_("versions"))
    justification = models.CharField(
        _("VEX justification"),
        max_length=64,
        blank=True,
        help_text=_(
            "The CSAF flag of a product that is not affected (e.g. component_not_present)."
        ),
    )
    impact = models.TextField(
        _("impact statement"),
        blank=True,
        help_text=_("Why the product is not affected, as the advisory's impact threat says it."),
    )

    class Meta:
        verbose_name = _("affected entry")
        verbose_name_plural = _("affected entries")
        ordering = ["advisory", "position"]
        indexes = [
            models.Index(
                fields=["package_name", "package_type", "package_namespace"], name="adv_entry_pkg"
            ),
            models.Index(fields=["cpe_product", "cpe_vendor"], name="adv_entry_cpe"),
        ]

    def __str__(self) -> str:
        return f"{self.advisory_id}#{self.position}"


class KevEntry(models.Model):
    """One CVE of CISA's Known Exploited Vulnerabilities catalogue (the latest one imported).

    Kept so that advisories imported after the catalogue are flagged too.
    """

    cve = models.CharField(_("CVE"), max_length=32, unique=True)
    vendor_project = models.CharField(_("vendor"), max_length=255, blank=True)
    product = models.CharField(_("product"), max_length=255, blank=True)
    name = models.TextField(_("name"), blank=True)
    date_added = models.DateField(_("date added"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    known_ransomware_use = models.BooleanField(_("known ransomware use"), default=False)
    catalogue_version = models.CharField(_("catalogue version"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("known exploited vulnerability")
        verbose_name_plural = _("known exploited vulnerabilities")

    def __str__(self) -> str:
        return self.cve


class EpssScore(models.Model):
    """FIRST EPSS for one CVE: probability of exploitation within 30 days and its percentile."""

    cve = models.CharField(_("CVE"), max_length=32, unique=True)
    epss = models.FloatField(_("EPSS score"))
    percentile = models.FloatField(_("percentile"))
    date = models.DateField(_("score date"), null=True, blank=True)

    class Meta:
        verbose_name = _("EPSS score")
        verbose_name_plural = _("EPSS scores")

    def __str__(self) -> str:
        return self.cve


class ImportedFile(models.Model):
    """A file of the watched import folder already imported, by path and content hash.

    A file whose content changes gets a new hash and is imported again.
    """

    path = models.TextField(_("path"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("imported advisory file")
        verbose_name_plural = _("imported advisory files")
        constraints = [
            models.UniqueConstraint(fields=["path", "sha256"], name="adv_imported_file_unique")
        ]

    def __str__(self) -> str:
        return self.path
