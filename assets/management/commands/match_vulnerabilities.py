"""``manage.py match_vulnerabilities --org SLUG [--json]`` (see shared/docs/cli-contract.md)."""

from __future__ import annotations

from assets.selectors_matching import match_rows
from assets.services.matching import vulnerabilities_match
from bollwerk.management.base import BollwerkCommand


class Command(BollwerkCommand):
    help = "Match every current SBOM component and in-operation asset against the advisories."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--org", required=True, help="organization short name")

    def handle(self, *args, **options):
        org = self.org(options["org"])
        report = vulnerabilities_match(org=org)
        rows = match_rows(org=org)
        text = "\n".join(
            f"{r.get('purl') or r.get('asset')}  {r['advisory']}  {r['status']}" for r in rows
        )
        summary = f"{report.components} components, {report.assets} assets, {len(rows)} matches"
        self.emit(
            options,
            {"components": report.components, "matches": rows},
            text=f"{text}\n{summary}" if text else summary,
        )
