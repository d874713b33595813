from bollwerk.management.base import BollwerkCommand
from bollwerk.services.audit import audit_verify


class Command(BollwerkCommand):
    help = "Check the hash chain of the audit trail; exit 1 and name the first broken event."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--org", help="only this organization's chain")

    def handle(self, *args, **o):
        org = self.org(o["org"]) if o.get("org") else None
        report = audit_verify(organization=org)
        text = (
            f"OK: {report.events} events, chain intact."
            if report.ok
            else f"BROKEN at {report.first_broken['chain']} event #{report.first_broken['seq']}: "
            f"{report.first_broken['problem']}"
        )
        self.emit(
            o, {"events": report.events, "ok": report.ok, "first_broken": report.first_broken}, text
        )
        if not report.ok:
            if not o.get("json"):
                self.stderr.write(text)
            raise SystemExit(1)
