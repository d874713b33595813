"""``manage.py import_scan FILE --org SLUG [--scope NAME] [--json]`` (see shared/docs/cli-contract.md).

Imports an nmap XML result and reconciles it with the inventory. A malformed,
truncated or dangerous file exits 1 with one line naming the file and the
place; nothing is stored then.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from assets.models import ScanScope
from assets.services.scans import COUNT_KEYS, scan_import
from bollwerk.management.base import BollwerkCommand


class Command(BollwerkCommand):
    help = "Import an nmap XML result and reconcile it with the asset inventory."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="the nmap XML file (nmap -oX)")
        parser.add_argument("--org", required=True, help="organization short name")
        parser.add_argument(
            "--scope", default=None, help="name of the scan scope the file covers (optional)"
        )

    def handle(self, *args, **options):
        org = self.org(options["org"])
        scope = None
        if options["scope"]:
            scope = ScanScope.objects.for_org(org).filter(name=options["scope"]).first()
            if scope is None:
                raise CommandError(f"--scope: no scan scope {options['scope']!r} in {org.slug}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})") from None
        run = scan_import(org=org, data=data, file_name=str(path), scope=scope)
        counts = {key: run.counts.get(key, 0) for key in COUNT_KEYS}
        text = ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in counts.items())
        self.emit(options, counts, f"scan run {run.pk}: {text}")
