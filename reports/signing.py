"""Optional PAdES signature of generated reports (pyHanko).

Configured by ``BOLLWERK_REPORT_SIGNING_KEY`` and ``BOLLWERK_REPORT_SIGNING_CERT``
(PEM file paths; ``BOLLWERK_REPORT_SIGNING_PASSPHRASE`` if the key is
encrypted). Without them reports are not signed; with only one of them, or
with unreadable files, signing fails with a message naming the setting.
The signature is an incremental update, so the PDF/A content stays intact,
and the archive's hash is taken over the signed bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class SigningConfig:
    key: Path
    cert: Path
    passphrase: bytes | None = None


def signing_config() -> SigningConfig | None:
    """The configured key and certificate, or ``None`` when signing is off."""
    key = getattr(settings, "BOLLWERK_REPORT_SIGNING_KEY", None)
    cert = getattr(settings, "BOLLWERK_REPORT_SIGNING_CERT", None)
    if not key and not cert:
        return None
    if not key or not cert:
        missing = "BOLLWERK_REPORT_SIGNING_KEY" if not key else "BOLLWERK_REPORT_SIGNING_CERT"
        raise ImproperlyConfigured(f"{missing} is not set (both key and certificate are needed)")
    for name, path in (
        ("BOLLWERK_REPORT_SIGNING_KEY", key),
        ("BOLLWERK_REPORT_SIGNING_CERT", cert),
    ):
        if not Path(path).is_file():
            raise ImproperlyConfigured(f"{name}: cannot read {path}")
    passphrase = getattr(settings, "BOLLWERK_REPORT_SIGNING_PASSPHRASE", None)
    return SigningConfig(Path(key), Path(cert), passphrase.encode() if passphrase else None)


def pdf_sign(*, pdf: bytes, config: SigningConfig, reason: str = "Bollwerk report") -> bytes:
    """``pdf`` with a PAdES baseline (B-B) signature appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load(
        str(config.key), str(config.cert), key_passphrase=config.passphrase
    )
    if signer is None:
        raise ImproperlyConfigured(
            "BOLLWERK_REPORT_SIGNING_KEY/CERT: the key or certificate could not be loaded"
        )
    meta = signers.PdfSignatureMetadata(
        field_name="BollwerkSignature",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()
