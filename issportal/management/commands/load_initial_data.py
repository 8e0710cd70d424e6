from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from stations.models import Expedition


class Command(BaseCommand):
    help = (
        "Load the site's initial content once: the real station history, the first FAQ, "
        "the NASA photographs and their gallery, the drawn illustrations where the demo app "
        "is installed (in development), the first news articles, and their pictures. Skipped "
        "when content exists, so local edits survive a restart; --force loads it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if content exists.")

    def handle(self, *args, force, **options):
        if Expedition.objects.exists() and not force:
            self.stdout.write("Initial data already loaded (use --force to load it again).")
            return
        call_command("load_iss_data", stdout=self.stdout, stderr=self.stderr)
        call_command("load_faq", stdout=self.stdout, stderr=self.stderr)
        # Images before news, so that articles can show them.
        if apps.is_installed("demo"):  # development content, never in production
            call_command("load_gallery_images", stdout=self.stdout, stderr=self.stderr)
        # The photographs after the drawings: their gallery is the newest, the home page's.
        call_command("load_initial_photos", stdout=self.stdout, stderr=self.stderr)
        call_command("load_news", stdout=self.stdout, stderr=self.stderr)
        call_command("link_initial_images", stdout=self.stdout, stderr=self.stderr)
