import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError


class Command(BaseCommand):
    help = (
        "Create a local superuser with a random password, printed once. Development only: "
        "refuses to run with DEBUG off, and does nothing when a superuser exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("create_local_staff is for local development only (DEBUG is off).")
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "A staff account already exists; its password was printed when it was made."
            )
            return
        password = secrets.token_urlsafe(12)
        port = os.environ.get("PORT", "8000")
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the local staff account.\n  user: {username}\n  password: {password}\n"
                f"  (shown only this once; log in at http://127.0.0.1:{port}/admin/)"
            )
        )
