from pathlib import Path

from django.core.management.base import CommandError

from bollwerk.management.base import BollwerkCommand
from reports.services.archive import report_verify


class Command(BollwerkCommand):
    help = "Is this file a report this instance generated, unchanged? Exit 1 when not."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="the PDF to check")

    def handle(self, *args, **o):
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        result = report_verify(data=path.read_bytes())
        data = result.as_dict()
        text = (
            f"valid: report {data['report_id']} of {data['organization']} "
            f"({data['audience']}, generated {data['generated_at']})"
            if result.valid
            else f"NOT VALID: {path}: {result.reason}"
        )
        self.emit(o, data, text)
        if not result.valid:
            if not o.get("json"):
                self.stderr.write(text)
            raise SystemExit(1)
