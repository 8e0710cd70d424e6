import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import timezone

from stations import sync


class Command(BaseCommand):
    help = (
        "Compare corquaid's public documents (people in space, docked spacecraft) with the "
        "station records and propose the changes: arrivals, departures, new stays, port "
        "moves. Nothing is written without --apply; with it, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Make the proposed changes.")
        parser.add_argument("--people-url", default=None, help="Default: ISS_PEOPLE_URL.")
        parser.add_argument("--docked-url", default=None, help="Default: ISS_DOCKED_URL.")
        parser.add_argument("--people-file", default=None, help="Read a local copy instead.")
        parser.add_argument("--docked-file", default=None, help="Read a local copy instead.")
        parser.add_argument(
            "--as-of",
            default=None,
            type=datetime.date.fromisoformat,
            help="With local files (required): the day (YYYY-MM-DD, UTC) they describe. "
            "Documents fetched over the network are of the day they are fetched.",
        )
        parser.add_argument(
            "--timeout", type=float, default=None, help="Seconds; default ISS_SYNC_TIMEOUT."
        )
        parser.add_argument(
            "--user",
            default=None,
            help=f"The user the admin's history names; default the system user "
            f"{sync.SYSTEM_USERNAME!r}.",
        )

    def handle(self, *args, **options):
        try:
            self._handle(**options)
        except sync.DocumentError as error:
            raise CommandError(f"Nothing was changed: {error}.") from None

    def _handle(self, *, apply, as_of, timeout, user, **options):
        now = timezone.now()
        timeout = timeout or settings.ISS_SYNC_TIMEOUT
        documents, moments = [], []
        for label, name in (("people in space", "people"), ("docked spacecraft", "docked")):
            path = options[f"{name}_file"]
            if path:
                if as_of is None:
                    # A copy does not say when it was published; its file date is no guide.
                    raise sync.DocumentError(
                        "a local copy does not say which day it describes: give it with "
                        "--as-of YYYY-MM-DD"
                    )
                raw = sync.read_file(path)
                location = path
                moments.append(now)
            else:
                location = options[f"{name}_url"] or getattr(settings, f"ISS_{name.upper()}_URL")
                raw = sync.fetch(location, timeout)
                moments.append(timezone.now())
            documents.append(sync.parse(label, location, raw))
        fetched_at = max(moments)
        if as_of is None:
            as_of = sync.as_of_of(fetched_at)
        elif as_of > sync.as_of_of(now):
            raise sync.DocumentError(f"--as-of {as_of} is in the future")
        # Times in the documents may not be later than a day after what they describe.
        latest = min(
            now,
            datetime.datetime.combine(as_of, datetime.time.max, tzinfo=datetime.UTC),
        )
        plan = sync.build_plan(*documents, as_of=as_of, fetched_at=fetched_at, latest=latest)
        self._report(plan)
        if not plan.changes:
            self.stdout.write(self.style.SUCCESS("The records agree with the documents."))
            return
        if not apply:
            self.stdout.write("Dry run: nothing was changed. Run again with --apply to apply.")
            return
        written = sync.apply(plan, user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied {len(plan.changes)} change{'s' if len(plan.changes) != 1 else ''} "
                f"({written} records written, each in the admin's history)."
            )
        )

    def _report(self, plan):
        write = self.stdout.write
        write(
            f"The documents are of {sync._human(plan.as_of)}: {len(plan.aboard)} people "
            f"aboard the station, {len(plan.vehicles)} vehicles docked."
        )
        if plan.records_as_of:
            write(f"Our newest record is of {sync._human(plan.records_as_of)}.")
        if plan.changes:
            write(f"Proposed changes ({len(plan.changes)}):")
            for change in plan.changes:
                write(f"  - {change.text}")
        else:
            write("No changes to propose.")
        if plan.for_staff:
            write(f"For staff to check (not changed) ({len(plan.for_staff)}):")
            for note in plan.for_staff:
                write(f"  - {note}")
