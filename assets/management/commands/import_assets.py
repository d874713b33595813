"""``manage.py import_assets FILE --org SLUG [--dry-run] [--json]``: all rows or none."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from assets.services.importing import asset_import
from bollwerk.management.base import BollwerkCommand


class Command(BollwerkCommand):
    help = "Import assets from a CSV or XLSX file (see docs/inventory-import.md)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--org", required=True, help="organization short name")
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")

    def handle(self, *args, **options):
        org = self.org(options["org"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})") from None
        result = asset_import(org=org, file_name=str(path), data=data, dry_run=options["dry_run"])
        if options["json"]:
            self.emit(options, result.as_dict())
        if not result.ok:
            lines = "\n".join(f"  {error}" for error in result.errors)
            raise CommandError(
                f"{path}: refused, nothing stored ({len(result.error_lines)} bad line(s)):\n{lines}"
            )
        if not options["json"]:
            verb = "would import" if options["dry_run"] else "imported"
            self.stdout.write(
                f"{path}: {verb} {result.rows if options['dry_run'] else result.created} assets"
            )
