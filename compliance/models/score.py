"""Daily score snapshots, for the trend."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bollwerk.models import OrgScopedModel


class ScoreSnapshot(OrgScopedModel):
    """The scores of one organization on one day (one row per day; recomputing overwrites).

    ``overall`` is 0-100 or null (nothing to score); ``duties`` and
    ``measures`` map duty ids and Art. 21(2) letters to 0-100 or null.

    Today's row doubles as the dashboard's stored score: ``computed_at`` is
    when its inputs were read, and ``invalidated_at`` is set when an input
    changed afterwards (an assessment, an evidence item, the classification,
    the catalogue). The row is stale while ``invalidated_at >= computed_at``;
    see ``compliance.services.scores.score_snapshot_fresh``.
    """

    date = models.DateField(_("date"))
    overall = models.FloatField(_("overall score"), null=True)
    duties = models.JSONField(_("per duty"), default=dict)
    measures = models.JSONField(_("per Art. 21(2) measure"), default=dict)
    catalogue_version = models.CharField(_("catalogue version"), max_length=20, blank=True)
    computed_at = models.DateTimeField(
        _("computed"), default=timezone.now, help_text=_("When the inputs were read.")
    )
    invalidated_at = models.DateTimeField(
        _("invalidated"),
        null=True,
        blank=True,
        help_text=_("When an input of the score last changed after it was computed."),
    )

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
