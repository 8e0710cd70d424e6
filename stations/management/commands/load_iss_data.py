from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from stations.importer import DATA_DIR
from stations.importer import DataFileError
from stations.importer import Loader


class Command(BaseCommand):
    help = (
        "Load the station's history (expeditions, crews, spacewalks, visiting vehicles, "
        "modules) from the CSV files in stations/data/. All or nothing; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=DATA_DIR, help="Folder holding the CSV files.")

    def handle(self, *args, data_dir, **options):
        try:
            counts = Loader(data_dir).run()
        except DataFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        labels = list(dict.fromkeys([*counts.created, *counts.updated, *counts.unchanged]))
        for label in labels:
            self.stdout.write(
                f"{label}: {counts.total(label)} "
                f"({counts.created[label]} new, {counts.updated[label]} updated, "
                f"{counts.unchanged[label]} unchanged)"
            )
        message = "Station data is up to date." if not counts.changed else "Station data loaded."
        self.stdout.write(self.style.SUCCESS(message))
