from bollwerk.management.base import BollwerkCommand
from compliance.services.scores import score_snapshot_record


class Command(BollwerkCommand):
    help = "Recompute every signal and score of an organization and store today's snapshot."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--org", required=True, help="organization short name (slug)")

    def handle(self, *args, **options):
        org = self.org(options["org"])
        snapshot = score_snapshot_record(org=org)
        data = {
            "org": org.slug,
            "date": snapshot.date.isoformat(),
            "overall": snapshot.overall,
            "duties": snapshot.duties,
            "measures": snapshot.measures,
            "catalogue_version": snapshot.catalogue_version,
        }
        overall = "–" if snapshot.overall is None else f"{snapshot.overall:.1f}"
        self.emit(options, data, f"{org.name}: overall score {overall} on {snapshot.date}")
