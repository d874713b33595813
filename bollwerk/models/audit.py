from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bollwerk.models.tenancy import Organization


class AuditChain(models.Model):
    """Head of one hash chain: one per organization, one for the instance.

    Appending locks this row, so events of one chain get gap-free sequence
    numbers and each stores the hash of its predecessor.
    """

    key = models.CharField(max_length=40, unique=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.key}#{self.last_seq}"


class AuditEvent(models.Model):
    """One append-only entry of the audit trail.

    ``hash`` = SHA-256 over the canonical JSON of the event's content and
    ``prev_hash``; editing or deleting any event breaks the chain, which
    ``verify_audit_log`` detects.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOGOUT = "logout", _("logged out")
        LOCKED_OUT = "locked_out", _("locked out")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        MFA_ENROLLED = "mfa_enrolled", _("second factor enrolled")
        IMPORT = "import", _("imported")
        REPORT_GENERATED = "report_generated", _("report generated")
        REPORT_DOWNLOADED = "report_downloaded", _("report downloaded")
        CHECK_RUN = "check_run", _("check run")
        OTHER = "other", _("other")

    chain_key = models.CharField(max_length=40, db_index=True)
    seq = models.PositiveBigIntegerField()
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organization"),
        db_constraint=False,
    )
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
        db_constraint=False,
    )
    actor_label = models.CharField(_("who"), max_length=255)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain_key", "seq"], name="audit_chain_seq_unique")
        ]
        indexes = [models.Index(fields=["organization", "-created_at"], name="audit_org_time")]

    def __str__(self) -> str:
        return f"{self.chain_key}#{self.seq} {self.action} {self.object_type}"
