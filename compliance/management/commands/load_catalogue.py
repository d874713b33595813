from django.core.management.base import CommandError

from bollwerk.management.base import BollwerkCommand
from compliance.services.catalogue import catalogue_install, catalogue_read


class Command(BollwerkCommand):
    help = (
        "Load or upgrade the NIS2/CER duty catalogue (default: the newest version shipped in "
        "the repository). Assessments move to the new version; removed controls are archived."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", nargs="?", help="a catalogue JSON file")

    def handle(self, *args, **options):
        catalogue = catalogue_read(path=options["path"])
        result = catalogue_install(catalogue=catalogue)
        if result.created and result.previous:
            text = (
                f"Catalogue {result.version} loaded ({result.duties} duties, {result.controls} "
                f"controls); assessments migrated from {result.previous}: {result.migrated}"
            )
        elif result.created:
            text = f"Catalogue {result.version} loaded ({result.duties} duties, {result.controls} controls)."
        else:
            text = f"Catalogue {result.version} is already loaded; nothing changed."
        if not result.version:
            raise CommandError("no catalogue version")
        self.emit(options, result.as_dict(), text)
