"""Import an SBOM: validate and parse with the engine, then store everything or nothing.

The web upload, the REST API, ``manage.py import_sbom`` and the demo seeder
all call :func:`sbom_import`. The document is parsed before anything is
written; the original bytes, the Sbom row, its components, dependency edges
and declared vulnerabilities are then stored in one transaction, and the
stored file is removed again if that transaction fails.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _

from assets.models import Asset, Product, Sbom, Supplier
from assets.sbom import (
    SbomDocument,
    SbomError,
    parse_sbom,
    parse_sbom_file,
    read_limited,
    sbom_quality,
)
from assets.services.sbom_rows import document_fields, store_rows
from bollwerk.models import AuditEvent, Organization
from bollwerk.services.audit import audit_record, current_actor

#: Points a lenient document loses for carrying schema or reference errors.
VALIDATION_PENALTY = 20
#: How many bom-refs per quality criterion, and how many validation errors, are stored.
MISSING_KEPT = 50
ERRORS_KEPT = 500

SbomInput = str | Path | bytes | IO[bytes]

__all__ = ["SbomError", "sbom_assets_link", "sbom_import"]


def sbom_import(
    *,
    org: Organization,
    file: SbomInput,
    supplier: Supplier | str | None = None,
    product: Product | None = None,
    product_name: str = "",
    product_version: str | None = None,
    asset_ids: Iterable[int] | None = None,
    lenient: bool = False,
    allow_zip: bool = False,
    file_name: str = "",
) -> Sbom:
    """Validate, parse and store one SBOM for a product of ``org``; returns the new Sbom.

    ``file`` is a path, the raw bytes or an open binary file (an upload).
    The product is ``product``, or the one named ``product_name`` /
    ``product_version`` under ``supplier`` (an instance or a name; both are
    created when new). Without a name, the document's ``metadata.component``
    names the product. The assets in ``asset_ids`` are linked to the product.
    The previous current SBOM of the same product is marked superseded.

    Raises :class:`SbomError` (one line naming the file and the place) for a
    document that cannot be accepted and ``ValidationError`` for bad
    arguments; in both cases nothing is stored.
    """
    supplier, assets = _check_arguments(
        org=org, supplier=supplier, product=product, asset_ids=asset_ids
    )
    limits = {
        "lenient": lenient,
        "max_bytes": settings.BOLLWERK_UPLOAD_MAX_BYTES,
        "allow_zip": allow_zip,
    }
    on_disk = _path_of(file)
    if on_disk is not None:
        # A file on disk (a path, or an upload Django spooled to a temporary file) is parsed
        # by the engine, which drops its bytes once decoded, and copied to storage from disk:
        # the original bytes are never held during parsing.
        data: bytes | Path = on_disk
        name = file_name or Path(getattr(file, "name", "") or on_disk.name).name
        doc = parse_sbom_file(data, file_name=name, **limits)
    else:
        name, data = _read(file, file_name=file_name, max_bytes=limits["max_bytes"])
        doc = parse_sbom(data, file_name=name, **limits)
    if product is None:
        product_name, product_version = _product_identity(doc, product_name, product_version)
    stored: list[Sbom] = []
    try:
        with transaction.atomic():
            if product is None:
                product = _product_get_or_create(
                    org=org, supplier=supplier, name=product_name, version=product_version
                )
            sbom = _sbom_create(
                org=org, product=product, doc=doc, data=data, lenient=lenient, stored=stored
            )
            del data
            counts = store_rows(sbom=sbom, doc=doc)
            Sbom.objects.filter(pk=sbom.pk).update(**counts)
            for field, value in counts.items():
                setattr(sbom, field, value)
            _supersede_previous(org=org, sbom=sbom)
            sbom_assets_link(org=org, product=product, assets=assets)
            audit_record(
                action=AuditEvent.Action.IMPORT,
                organization=org,
                object_type="assets.sbom",
                object_id=sbom.pk,
                object_repr=str(sbom),
                changes={"product": str(product), "file_sha256": sbom.file_sha256, **counts},
            )
            transaction.on_commit(partial(_offers_recheck, product.pk))
            from assets.services.matching import sbom_match_enqueue

            sbom_match_enqueue(sbom_id=sbom.pk)
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise
    return sbom


def _offers_recheck(product_id: int) -> None:
    """Procurement: re-check the claims of offers for this product against the new SBOM."""
    from assets.procurement.tasks import offers_verify_for_product_task

    offers_verify_for_product_task.delay(product_id)


def _check_arguments(*, org, supplier, product, asset_ids) -> tuple[Supplier | str, list[Asset]]:
    """Everything that can be checked before reading the file; raises ValidationError."""
    if product is not None:
        if product.organization_id != org.pk:
            raise ValidationError({"product": _("This belongs to another organization.")})
        if isinstance(supplier, Supplier) and supplier.pk != product.supplier_id:
            raise ValidationError({"supplier": _("The product belongs to another supplier.")})
        supplier = product.supplier
    if isinstance(supplier, Supplier):
        if supplier.organization_id != org.pk:
            raise ValidationError({"supplier": _("This belongs to another organization.")})
    elif not (supplier or "").strip():
        raise ValidationError({"supplier": _("Name the supplier of this SBOM.")})
    else:
        supplier = supplier.strip()
    wanted = {int(pk) for pk in asset_ids or ()}
    assets = list(Asset.objects.for_org(org).filter(pk__in=wanted).order_by("pk"))
    unknown = sorted(wanted - {asset.pk for asset in assets})
    if unknown:
        raise ValidationError(
            {"assets": _("Unknown asset id(s): %(ids)s.") % {"ids": ", ".join(map(str, unknown))}}
        )
    return supplier, assets


def _path_of(file: SbomInput) -> Path | None:
    """The file on disk behind ``file``: a path, or a large upload's temporary file."""
    if isinstance(file, str | Path):
        return Path(file)
    temporary = getattr(file, "temporary_file_path", None)
    return Path(temporary()) if callable(temporary) else None


def _read(file: bytes | IO[bytes], *, file_name: str, max_bytes: int) -> tuple[str, bytes]:
    """An in-memory upload's display name and bytes; refuses more than ``max_bytes`` without
    reading on. (Paths and spooled uploads are parsed from disk; see :func:`_path_of`.)"""
    if isinstance(file, bytes):
        name = file_name or "upload"
        return name, read_limited(_BytesReader(file), file_name=name, max_bytes=max_bytes)
    name = file_name or Path(getattr(file, "name", "") or "upload").name
    if hasattr(file, "seek"):
        file.seek(0)
    return name, read_limited(file, file_name=name, max_bytes=max_bytes)


class _BytesReader:
    """A ``read(n)`` over bytes already in memory (no copy for the common case)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        return self.data if size < 0 or size >= len(self.data) else self.data[:size]


def _product_identity(doc: SbomDocument, name: str, version: str | None) -> tuple[str, str]:
    """The product name and version: as given, else the document's described component."""
    described = doc.metadata_component
    name = (name or "").strip() or (described.name.strip() if described else "")
    if not name:
        raise ValidationError(
            {
                "product": _("Name the product: %(file)s does not describe one in its metadata.")
                % {"file": doc.file_name}
            }
        )
    if version is None:
        version = described.version if described and described.name.strip() == name else ""
    return name, version.strip()


_KIND_BY_TYPE = {"firmware": Product.Kind.FIRMWARE, "device": Product.Kind.APPLIANCE}


def _product_get_or_create(*, org, supplier: Supplier | str, name: str, version: str) -> Product:
    """The supplier's product of that name and version, created (and audited) when new."""
    if isinstance(supplier, str):
        found = Supplier.objects.for_org(org).filter(name__iexact=supplier).first()
        if found is None:
            found = Supplier(organization=org, name=supplier)
            found.full_clean()
            found.save()
        supplier = found
    product = (
        Product.objects.for_org(org).filter(supplier=supplier, name=name, version=version).first()
    )
    if product is None:
        product = Product(organization=org, supplier=supplier, name=name, version=version)
        product.full_clean()
        product.save()
    return product


def _sbom_create(
    *, org, product, doc: SbomDocument, data: bytes | Path, lenient: bool, stored
) -> Sbom:
    """The Sbom row with its original file (saved to storage first, recorded in ``stored``).

    The stored bytes are hashed as they are stored; a file on disk that changed
    since it was parsed is refused.
    """
    actor = current_actor()
    score, report = quality_summary(doc)
    if isinstance(data, Path):
        stream = data.open("rb")
        content = File(stream, name=data.name)
    else:
        stream, content = None, ContentFile(data)
    try:
        digest, size = _digest(content)
        if isinstance(data, Path) and digest != doc.sha256 and not zipfile.is_zipfile(data):
            raise SbomError(doc.file_name, "the file changed while it was imported; refused")
        sbom = Sbom(
            organization=org,
            product=product,
            file_name=doc.file_name[:255] or "sbom",
            file_sha256=digest,
            file_size=size,
            lenient=lenient,
            quality_score=score,
            quality_report=report,
            imported_by_id=actor.user_id,
            imported_via=actor.label[:120],
            **document_fields(doc, errors_kept=ERRORS_KEPT),
        )
        sbom.file.save(sbom.file_name, content, save=False)
    finally:
        if stream is not None:
            stream.close()
    stored.append(sbom)
    sbom.save()
    return sbom


def _digest(content: File) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return digest.hexdigest(), size


def quality_summary(doc: SbomDocument) -> tuple[int, dict]:
    """The stored quality score and report: the engine's, less the lenient-mode penalty."""
    report = sbom_quality(doc)
    errors = len(doc.validation_errors)
    penalty = VALIDATION_PENALTY if errors else 0
    score = max(0, report.score - penalty)
    criteria = {
        key: {
            "present": c.present,
            "total": c.total,
            "weight": c.weight,
            "points": round(c.points, 1),
            "missing_count": c.total - c.present,
            "missing": c.missing[:MISSING_KEPT],
        }
        for key, c in report.criteria.items()
    }
    return score, {
        "score": score,
        "engine_score": report.score,
        "criteria": criteria,
        "validation": {"errors": errors, "penalty": penalty},
        "dependency_graph_complete": report.dependency_graph_complete,
    }


def _supersede_previous(*, org: Organization, sbom: Sbom) -> None:
    """Mark the product's earlier current SBOM(s) as superseded by ``sbom`` (audited)."""
    previous = Sbom.objects.for_org(org).filter(product=sbom.product, superseded_by__isnull=True)
    for older in previous.exclude(pk=sbom.pk):
        older.superseded_by = sbom
        older.save(update_fields=["superseded_by"])


def sbom_assets_link(*, org: Organization, product: Product, assets: Iterable[Asset]) -> int:
    """Record that ``assets`` run ``product`` (and its supplier where none is set).

    Saves each changed asset (the audit trail records it); returns how many changed.
    Assets of another organization are refused with ValidationError.
    """
    changed = 0
    for asset in assets:
        if asset.organization_id != org.pk:
            raise ValidationError({"assets": _("This belongs to another organization.")})
        fields = []
        if asset.product_id != product.pk:
            asset.product = product
            fields.append("product")
        if asset.supplier_id is None:
            asset.supplier_id = product.supplier_id
            fields.append("supplier")
        if fields:
            asset.save(update_fields=fields)
            changed += 1
    return changed
