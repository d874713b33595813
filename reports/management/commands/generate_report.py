from pathlib import Path

from django.core.management.base import CommandError

from bollwerk.management.base import BollwerkCommand
from reports.models import Report
from reports.services.generation import report_generate_now


class Command(BollwerkCommand):
    help = "Generate a report synchronously (the same service as the web UI) and write the PDF."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("type", help=f"one of {', '.join(Report.Type.values)}")
        parser.add_argument("--org", required=True, help="organization short name")
        parser.add_argument(
            "--audience", required=True, help=f"one of {', '.join(Report.Audience.values)}"
        )
        parser.add_argument("--output", required=True, help="where to write the PDF")
        parser.add_argument("--language", default="de", help="de or en (default de)")

    def handle(self, *args, **o):
        org = self.org(o["org"])
        output = Path(o["output"])
        if not output.parent.is_dir():
            raise CommandError(f"--output: folder {output.parent} does not exist")
        report = report_generate_now(
            organization=org,
            report_type=o["type"],
            audience=o["audience"],
            language=o["language"],
        )
        if report.status != Report.Status.DONE:
            raise CommandError(f"report {report.public_id} failed: {report.error}")
        with report.file.open("rb") as handle:
            output.write_bytes(handle.read())
        if report.bundle:
            with report.bundle.open("rb") as handle:
                output.with_suffix(".zip").write_bytes(handle.read())
        self.emit(
            o,
            {
                "report_id": str(report.public_id),
                "sha256": report.sha256,
                "pages": report.pages,
                "audience": report.audience,
            },
            f"{output} ({report.pages} pages) sha256 {report.sha256} id {report.public_id}",
        )
