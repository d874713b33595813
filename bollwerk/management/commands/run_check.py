"""``run_check NAME --org SLUG [--json]`` runs one check now; ``run_check --list`` lists them."""

from __future__ import annotations

from django.core.management.base import CommandError

from bollwerk.checks import registry, services
from bollwerk.checks.models import CheckRun
from bollwerk.management.base import BollwerkCommand


class Command(BollwerkCommand):
    help = "Run one scheduled check now for an organization, or list the checks."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("name", nargs="?", help="the check's name (see --list)")
        parser.add_argument("--org", help="the organization's short name (slug)")
        parser.add_argument("--list", action="store_true", help="list the registered checks")

    def handle(self, *args, **options):
        if options["list"]:
            return self._list(options)
        if not options["name"]:
            raise CommandError("name a check to run (run_check --list shows them)")
        if not options["org"]:
            raise CommandError("--org: give the organization's short name")
        try:
            registry.check_get(options["name"])
        except registry.UnknownCheck as exc:
            raise CommandError(str(exc)) from None
        org = self.org(options["org"])
        run = services.check_run_now(
            organization=org, check_name=options["name"], trigger=CheckRun.Trigger.MANUAL
        )
        data = {
            "check": run.check_name,
            "status": run.status,
            "findings": run.counts.get("findings", 0),
            "duration_s": run.duration_s,
            "run_id": run.pk,
            "counts": run.counts,
            "error": run.error,
        }
        self.emit(
            options,
            data,
            f"{run.check_name}: {run.status}, {data['findings']} findings in {run.duration_s} s"
            + (f" — {run.error}" if run.error else ""),
        )
        if run.status != CheckRun.Status.SUCCEEDED:
            raise SystemExit(1)

    def _list(self, options):
        checks = registry.check_list(include_hidden=True)
        rows = [
            {
                "name": c.name,
                "title": str(c.title),
                "description": str(c.description),
                "schedule": str(c.schedule),
                "controls": list(c.controls),
                "hidden": c.hidden,
            }
            for c in checks
        ]
        text = "\n".join(
            f"{c.name:20} {c.title}{'  (hidden self-test)' if c.hidden else ''}" for c in checks
        )
        self.emit(options, {"checks": rows}, text)
