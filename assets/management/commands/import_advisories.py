"""``import_advisories PATH... [--format auto|osv|csaf] [--json]`` (shared/docs/cli-contract.md).

OSV records and CSAF 2.0 documents from files, folders and .zip archives; CISA's KEV catalogue
(recognised by its content) and FIRST EPSS CSV files (``.csv``/``.csv.gz``) in the same call.

Exit codes: 0 when every document was stored or skipped as not newer; 1 when any document was
refused — each refused document is named in ``errors`` (file and place) and stores nothing of
itself, while the good documents of the same call are stored. stderr carries one line per
refused document.
"""

from django.core.management.base import CommandError

from assets.advisories.services import FORMATS, advisories_import
from bollwerk.management.base import BollwerkCommand


class Command(BollwerkCommand):
    help = "Import OSV/CSAF advisories (files, folders, .zip), the KEV catalogue and EPSS CSV."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=FORMATS, default="auto")

    def handle(self, *args, **o):
        report = advisories_import(paths=o["paths"], format=o["format"])
        text = (
            f"{report.imported} imported, {report.updated} updated, {report.skipped} skipped, "
            f"{len(report.errors)} refused"
        )
        if report.kev:
            text += f"; KEV {report.kev['version']}: {report.kev['flagged']} advisories flagged"
        if report.epss:
            text += f"; EPSS: {report.epss['scores']} scores"
        self.emit(o, report.as_dict(), text)
        if report.errors:
            for error in report.errors:
                self.stderr.write(error["error"])
            raise CommandError(f"{len(report.errors)} document(s) refused", returncode=1)
