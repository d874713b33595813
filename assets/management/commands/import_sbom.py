"""``manage.py import_sbom FILE --org SLUG --supplier NAME [--product NAME] [--version V]
[--asset ID ...] [--lenient] [--zip] [--json]`` (see shared/docs/cli-contract.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from assets.sbom import SbomError
from assets.services.sbom import sbom_import
from bollwerk.management.base import BollwerkCommand


class Command(BollwerkCommand):
    help = (
        "Import a CycloneDX (JSON/XML, 1.2-1.7) or SPDX (2.2/2.3 JSON) SBOM for a supplier's "
        "product; the file is validated against the schema of its version first."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # The contract's --version (the product version) replaces Django's --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="the SBOM file")
        parser.add_argument("--org", required=True, help="organization short name")
        parser.add_argument("--supplier", required=True, help="supplier name (created if new)")
        parser.add_argument(
            "--product", default="", help="product name (default: the document's own component)"
        )
        parser.add_argument(
            "--version",
            dest="product_version",
            default=None,
            help="product version (default: the document's own component)",
        )
        parser.add_argument(
            "--asset",
            type=int,
            action="append",
            default=[],
            help="id of an asset that runs the product (repeatable)",
        )
        parser.add_argument(
            "--lenient",
            action="store_true",
            help="store a parseable but schema-invalid document with its errors recorded",
        )
        parser.add_argument("--zip", action="store_true", help="accept a zip with one SBOM")

    def handle(self, *args, **options):
        org = self.org(options["org"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            sbom = sbom_import(
                org=org,
                file=path,
                supplier=options["supplier"],
                product_name=options["product"],
                product_version=options["product_version"],
                asset_ids=options["asset"],
                lenient=options["lenient"],
                allow_zip=options["zip"],
            )
        except SbomError as exc:
            raise CommandError(f"{exc} (nothing stored)") from None
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})") from None
        result = {
            "sbom_id": sbom.pk,
            "format": sbom.format,
            "spec_version": sbom.spec_version,
            "components": sbom.component_count,
            "vulnerabilities": sbom.vulnerability_count,
            "validation_errors": sbom.validation_error_count,
            "kind": sbom.kind,
            "product": str(sbom.product),
            "quality_score": sbom.quality_score,
        }
        self.emit(
            options,
            result,
            f"{path}: imported SBOM {sbom.pk} for {sbom.product} ({sbom.kind} {sbom.spec_version} "
            f"{sbom.format}, {sbom.component_count} components, "
            f"{sbom.validation_error_count} validation errors)",
        )
