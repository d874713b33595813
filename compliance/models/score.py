"""Daily score snapshots, for the trend."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel


class ScoreSnapshot(OrgScopedModel):
    """The scores of one organization on one day (one row per day; recomputing overwrites).

    ``overall`` is 0-100 or null (nothing to score); ``duties`` and
    ``measures`` map duty ids and Art. 21(2) letters to 0-100 or null.
    """

    date = models.DateField(_("date"))
    overall = models.FloatField(_("overall score"), null=True)
    duties = models.JSONField(_("per duty"), default=dict)
    measures = models.JSONField(_("per Art. 21(2) measure"), default=dict)
    catalogue_version = models.CharField(_("catalogue version"), max_length=20, blank=True)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    permission_group = "compliance"

    class Meta:
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "date"], name="compliance_snapshot_day")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.overall}"
