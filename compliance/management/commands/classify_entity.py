from bollwerk.management.base import BollwerkCommand
from compliance.services.classification import classification_compute_all, record_as_dict


class Command(BollwerkCommand):
    help = (
        "Classify the organization's legal entities under NIS2/BSIG, EnWG and the "
        "KRITIS-DachG from their stored facts, store the results and print the default one."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--org", required=True, help="organization short name (slug)")
        parser.add_argument("--language", default="en", choices=["de", "en"])

    def handle(self, *args, **options):
        org = self.org(options["org"])
        records = classification_compute_all(org=org, trigger="command")
        default, *others = records
        data = {
            "org": org.slug,
            **record_as_dict(default, options["language"]),
            "legal_entities": [
                {"name": r.legal_entity.name, "nis2": r.category, "cer_critical": r.cer_critical}
                for r in records
            ],
        }
        lines = [f"{org.name}: {data['nis2']} ({data['category']}), route {data['route']}"]
        lines += [f"  - {r['text']}" for r in data["reasons"]]
        lines += [f"  {r.legal_entity.name}: {r.category}" for r in others]
        self.emit(options, data, "\n".join(lines))
