"""Load the station's history from the CSV files in stations/data/.

The files are derived from open datasets (see stations/data/DATA_NOTES.md and
the Data sources page). The load is all or nothing: every row is parsed and
validated inside one transaction, and the first bad row stops it with the
file, the line and the field. A second run finds every record unchanged and
writes nothing.
"""

import csv
import datetime
import re
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Agency
from .models import Astronaut
from .models import CommandTerm
from .models import DataSource
from .models import Expedition
from .models import ExpeditionMember
from .models import Module
from .models import SpacecraftType
from .models import Spacewalk
from .models import SpacewalkCrew
from .models import Stay
from .models import Visit
from .models import VisitPort

DATA_DIR = Path(__file__).resolve().parent / "data"


class DataFileError(Exception):
    """A bad row: names the file, the line and the field."""

    def __init__(self, path, line, field_name, message):
        self.path, self.line, self.field_name = path, line, field_name
        where = f"{Path(path).name}, line {line}" if line else Path(path).name
        if field_name:
            where += f", field {field_name!r}"
        super().__init__(f"{where}: {message}")


@dataclass
class Counts:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def record(self, label, outcome):
        getattr(self, outcome)[label] += 1

    def total(self, label):
        return self.created[label] + self.updated[label] + self.unchanged[label]

    @property
    def changed(self):
        return sum(self.created.values()) + sum(self.updated.values())


def normalize_name(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace(".", " ").replace("’", "'")).strip().casefold()


class Row:
    """One CSV row, with parsers that report errors against its line."""

    def __init__(self, path, line, values):
        self.path, self.line, self.values = path, line, values

    def error(self, field_name, message):
        return DataFileError(self.path, self.line, field_name, message)

    def text(self, name, required=False):
        if name not in self.values:
            raise self.error(name, "column is missing")
        value = (self.values[name] or "").strip()
        if required and not value:
            raise self.error(name, "a value is required")
        return value

    def integer(self, name, required=False):
        value = self.text(name, required)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise self.error(name, f"{value!r} is not a whole number") from None

    def date(self, name, required=False):
        return self.moment(name, required)[0]

    def moment(self, name, required=False):
        """(date, datetime or None): a bare date keeps its precision."""
        value = self.text(name, required)
        if not value:
            return None, None
        try:
            if "T" not in value:
                return datetime.date.fromisoformat(value), None
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.error(
                name, f"{value!r} is not a date (YYYY-MM-DD) or UTC time (YYYY-MM-DDTHH:MMZ)"
            ) from None
        if moment.utcoffset() != datetime.timedelta(0):
            raise self.error(name, f"{value!r} must be in UTC (end it with Z)")
        return moment.date(), moment.astimezone(datetime.UTC)

    def choice(self, name, choices, required=True):
        value = self.text(name, required)
        if value and value not in choices:
            raise self.error(name, f"{value!r} is not one of {', '.join(sorted(choices))}")
        return value

    def names(self, name):
        return [part.strip() for part in self.text(name).split("|") if part.strip()]


def read_rows(path):
    if not path.is_file():
        raise DataFileError(path, 0, None, "file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for values in reader:
            # DictReader's line_num is the line where the row ends.
            yield Row(path, reader.line_num, values)


class Loader:
    def __init__(self, data_dir=DATA_DIR):
        self.data_dir = Path(data_dir)
        self.counts = Counts()
        self.sources = {}
        self.agencies = {}
        self.people = {}
        self.people_by_name = {}
        self.expeditions = {}
        self.types = {}
        self.visits = {}

    # Generic upsert ----------------------------------------------------
    def save(self, row, label, model, existing, lookup, values):
        """Create or update one record; write only when something differs."""
        obj = existing.get(lookup_key(lookup))
        if obj is None:
            obj = model(**lookup, **values)
            outcome = "created"
        else:
            differs = {k: v for k, v in values.items() if _field_value(obj, k) != v}
            if not differs:
                self.counts.record(label, "unchanged")
                return obj
            for key, value in differs.items():
                setattr(obj, key, value)
            outcome = "updated"
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as error:
            field_name, messages = next(iter(error.message_dict.items()))
            raise row.error(field_name, " ".join(messages)) from None
        obj.save()
        existing[lookup_key(lookup)] = obj
        self.counts.record(label, outcome)
        return obj

    def source(self, row):
        key = row.text("source", required=True)
        if key not in self.sources:
            raise row.error("source", f"unknown source {key!r} (not in sources.csv)")
        # source_detail is an optional column.
        detail = (row.values.get("source_detail") or "").strip()
        return {"source": self.sources[key], "source_detail": detail}

    def person(self, row, field_name, name):
        slug = self.people_by_name.get(normalize_name(name)) or (
            name if name in self.people else None
        )
        if slug is None:
            raise row.error(field_name, f"unknown person {name!r} (not a name or alias)")
        return self.people[slug]

    # Files ---------------------------------------------------------------
    def load_sources(self):
        existing = {(s.key,): s for s in DataSource.objects.all()}
        for row in read_rows(self.data_dir / "sources.csv"):
            key = row.text("key", required=True)
            self.sources[key] = self.save(
                row,
                "sources",
                DataSource,
                existing,
                {"key": key},
                {
                    "name": row.text("name", required=True),
                    "url": row.text("url"),
                    "license": row.text("license", required=True),
                    "credit": row.text("credit"),
                    # An optional column.
                    "current_to": row.date("current_to") if "current_to" in row.values else None,
                    # An optional column: for staff, never shown on the site.
                    "notes": row.text("notes") if "notes" in row.values else "",
                },
            )

    def load_agencies(self):
        existing = {(a.abbreviation,): a for a in Agency.objects.all()}
        for row in read_rows(self.data_dir / "agencies.csv"):
            abbreviation = row.text("abbreviation", required=True)
            self.agencies[abbreviation] = self.save(
                row,
                "agencies",
                Agency,
                existing,
                {"abbreviation": abbreviation},
                {
                    "name": row.text("name", required=True),
                    "kind": row.choice("kind", Agency.Kind.values),
                    "country": row.text("country"),
                },
            )

    def agency(self, row, field_name, required=True):
        abbreviation = row.text(field_name, required)
        if not abbreviation:
            return None
        if abbreviation not in self.agencies:
            raise row.error(field_name, f"unknown agency {abbreviation!r}")
        return self.agencies[abbreviation]

    def load_people(self):
        existing = {(a.slug,): a for a in Astronaut.objects.all()}
        for row in read_rows(self.data_dir / "astronauts.csv"):
            slug = row.text("slug", required=True)
            name = row.text("name", required=True)
            aliases = row.names("aliases")
            person = self.save(
                row,
                "people",
                Astronaut,
                existing,
                {"slug": slug},
                {
                    "name": name,
                    "aliases": "\n".join(aliases),
                    "agency": self.agency(row, "agency", required=False),
                    "nationality": row.text("nationality").upper(),
                    "birth_date": row.date("birth_date"),
                    **self.source(row),
                },
            )
            self.people[slug] = person
            for spelling in [name, *aliases]:
                key = normalize_name(spelling)
                other = self.people_by_name.setdefault(key, slug)
                if other != slug:
                    raise row.error("aliases", f"{spelling!r} also names {other!r}")

    def load_expeditions(self):
        existing = {(e.number,): e for e in Expedition.objects.all()}
        for row in read_rows(self.data_dir / "expeditions.csv"):
            number = row.integer("number", required=True)
            self.expeditions[number] = self.save(
                row,
                "expeditions",
                Expedition,
                existing,
                {"number": number},
                {
                    "start": row.date("start", required=True),
                    "end": row.date("end"),
                    **self.source(row),
                },
            )

    def expedition(self, row, field_name, required=True):
        number = row.integer(field_name, required)
        if number is None:
            return None
        if number not in self.expeditions:
            raise row.error(field_name, f"unknown expedition {number}")
        return self.expeditions[number]

    def load_members(self):
        existing = {(m.expedition_id, m.astronaut_id): m for m in ExpeditionMember.objects.all()}
        seen = set()
        for row in read_rows(self.data_dir / "expedition_members.csv"):
            expedition = self.expedition(row, "expedition")
            astronaut = self.person(row, "astronaut", row.text("astronaut", required=True))
            if (expedition.pk, astronaut.pk) in seen:
                raise row.error("astronaut", f"{astronaut} is listed twice in {expedition}")
            seen.add((expedition.pk, astronaut.pk))
            self.save(
                row,
                "expedition crew",
                ExpeditionMember,
                existing,
                {"expedition": expedition, "astronaut": astronaut},
                {
                    "role": row.choice("role", ExpeditionMember.Role.values),
                    "joined": row.date("joined"),
                    "left": row.date("left"),
                    **self.source(row),
                },
            )

    def load_command_terms(self):
        """Who commanded when, where command changed hands during an expedition. The
        file lists every term of the expeditions it names; any other term of those
        expeditions is removed."""
        path = self.data_dir / "command_terms.csv"
        if not path.is_file():  # an optional file (older data sets have none)
            return
        existing = {
            (t.expedition_id, t.astronaut_id, t.start): t
            for t in CommandTerm.objects.select_related("expedition")
        }
        seen = set()
        for row in read_rows(path):
            expedition = self.expedition(row, "expedition")
            astronaut = self.person(row, "commander", row.text("commander", required=True))
            start = row.date("start", required=True)
            key = (expedition.pk, astronaut.pk, start)
            if key in seen:
                raise row.error("start", f"{astronaut} is listed twice from {start}")
            seen.add(key)
            self.save(
                row,
                "command terms",
                CommandTerm,
                existing,
                {"expedition": expedition, "astronaut": astronaut, "start": start},
                {"end": row.date("end"), **self.source(row)},
            )
        listed = {key[0] for key in seen}
        stale = [t.pk for key, t in existing.items() if key[0] in listed and key not in seen]
        if stale:
            CommandTerm.objects.filter(pk__in=stale).delete()
            self.counts.updated["command terms"] += len(stale)

    def load_spacecraft_types(self):
        existing = {(t.slug,): t for t in SpacecraftType.objects.all()}
        for row in read_rows(self.data_dir / "spacecraft_types.csv"):
            slug = row.text("slug", required=True)
            self.types[slug] = self.save(
                row,
                "spacecraft types",
                SpacecraftType,
                existing,
                {"slug": slug},
                {
                    "name": row.text("name", required=True),
                    "operator": self.agency(row, "operator"),
                    "purpose": row.choice("purpose", SpacecraftType.Purpose.values),
                },
            )

    def load_visits(self):
        existing = {(v.slug,): v for v in Visit.objects.prefetch_related("crew")}
        for row in read_rows(self.data_dir / "visits.csv"):
            slug = row.text("slug", required=True)
            type_slug = row.text("spacecraft_type", required=True)
            if type_slug not in self.types:
                raise row.error("spacecraft_type", f"unknown spacecraft type {type_slug!r}")
            launch_date, launched_at = row.moment("launch")
            arrival_date, arrived_at = row.moment("arrival", required=True)
            # An optional column: the robotic arm's capture of a berthed vehicle.
            _, captured_at = row.moment("captured") if "captured" in row.values else (None, None)
            departure_date, departed_at = row.moment("departure")
            status = row.choice("departure_status", {"departed", "at_station", "unknown"})
            if (status == "departed") != (departure_date is not None):
                raise row.error(
                    "departure_status", f"{status!r} does not fit the departure {departure_date}"
                )
            crew = [self.person(row, "crew", name) for name in row.names("crew")]
            visit = self.save(
                row,
                "visits",
                Visit,
                existing,
                {"slug": slug},
                {
                    "name": row.text("name", required=True),
                    "spacecraft_type": self.types[type_slug],
                    "launch_date": launch_date,
                    "launched_at": launched_at,
                    "arrival_date": arrival_date,
                    "arrived_at": arrived_at,
                    "captured_at": captured_at,
                    "departure_date": departure_date,
                    "departed_at": departed_at,
                    "departure_unknown": status == "unknown",
                    "last_seen_docked": row.date("last_seen") if status == "unknown" else None,
                    "port": row.text("port"),
                    "mode": row.choice("mode", Visit.Mode.values),
                    **self.source(row),
                },
            )
            self.visits[slug] = visit
            wanted = {person.pk for person in crew}
            current = {person.pk for person in visit.crew.all()}
            if current != wanted:
                visit.crew.set(wanted)
                self.counts.record("visit crews", "updated" if current else "created")

    def load_visit_ports(self):
        """Each visit's time at each port. The file lists every port time of the
        visits it names; any other port time of those visits is removed."""
        path = self.data_dir / "visit_ports.csv"
        if not path.is_file():  # an optional file (older data sets have none)
            return
        existing = {
            (p.visit_id, p.start_date, p.port): p for p in VisitPort.objects.select_related("visit")
        }
        seen = set()
        for row in read_rows(path):
            visit = self.visit(row, "visit")
            port = row.text("port", required=True)
            start_date, start_at = row.moment("start", required=True)
            end_date, end_at = row.moment("end")
            key = (visit.pk, start_date, port)
            if key in seen:
                raise row.error("start", f"{visit} is listed twice at {port} from {start_date}")
            seen.add(key)
            self.save(
                row,
                "port times",
                VisitPort,
                existing,
                {"visit": visit, "start_date": start_date, "port": port},
                {"start_at": start_at, "end_date": end_date, "end_at": end_at, **self.source(row)},
            )
        listed = {key[0] for key in seen}
        stale = [p.pk for key, p in existing.items() if key[0] in listed and key not in seen]
        if stale:
            VisitPort.objects.filter(pk__in=stale).delete()
            self.counts.updated["port times"] += len(stale)

    def visit(self, row, field_name, required=True):
        slug = row.text(field_name, required)
        if not slug:
            return None
        if slug not in self.visits:
            raise row.error(field_name, f"unknown visit {slug!r} (not in visits.csv)")
        return self.visits[slug]

    def load_stays(self):
        """stays.csv: one row per person per flight; see DATA_NOTES.md for the rule."""
        existing = {(s.astronaut_id, s.arrival_vehicle_id): s for s in Stay.objects.all()}
        seen = set()
        for row in read_rows(self.data_dir / "stays.csv"):
            astronaut = self.person(row, "astronaut", row.text("astronaut", required=True))
            arrival_vehicle = self.visit(row, "arrival_vehicle")
            if (astronaut.pk, arrival_vehicle.pk) in seen:
                raise row.error("astronaut", f"{astronaut} arrives twice with {arrival_vehicle}")
            seen.add((astronaut.pk, arrival_vehicle.pk))
            departure = row.date("departure")
            status = row.choice("departure_status", {"departed", "aboard", "unknown"})
            if (status == "departed") != (departure is not None):
                raise row.error(
                    "departure_status", f"{status!r} does not fit the departure {departure}"
                )
            self.save(
                row,
                "stays",
                Stay,
                existing,
                {"astronaut": astronaut, "arrival_vehicle": arrival_vehicle},
                {
                    "departure_vehicle": self.visit(row, "departure_vehicle", required=False),
                    "arrival_date": row.date("arrival", required=True),
                    "departure_date": departure,
                    "departure_unknown": status == "unknown",
                    "last_seen_aboard": row.date("last_seen") if status == "unknown" else None,
                    **self.source(row),
                },
            )

    def load_spacewalks(self):
        existing = {(s.designation,): s for s in Spacewalk.objects.all()}
        crew_links = {
            (link.spacewalk_id, link.astronaut_id): link for link in SpacewalkCrew.objects.all()
        }
        for row in read_rows(self.data_dir / "spacewalks.csv"):
            designation = row.text("designation", required=True)
            date = row.date("date", required=True)
            _, start_at = row.moment("start")
            _, end_at = row.moment("end")
            minutes = row.integer("duration_minutes")
            if minutes is not None and minutes < 0:
                raise row.error("duration_minutes", "cannot be negative")
            source = self.source(row)
            self.rename_spacewalk(row, existing, designation)
            spacewalk = self.save(
                row,
                "spacewalks",
                Spacewalk,
                existing,
                {"designation": designation},
                {
                    "date": date,
                    "start_at": start_at,
                    "end_at": end_at,
                    "duration": datetime.timedelta(minutes=minutes)
                    if minutes is not None
                    else None,
                    "expedition": self.expedition(row, "expedition", required=False),
                    "mission": row.text("mission"),
                    "airlock": row.text("airlock"),
                    "purpose": row.text("purpose"),
                    **source,
                },
            )
            names = row.names("crew")
            people = [self.person(row, "crew", name) for name in names]
            if len({p.pk for p in people}) != len(people):
                raise row.error("crew", "the same person is listed twice")
            wanted = {p.pk for p in people}
            for person in people:
                self.save(
                    row,
                    "spacewalk crew",
                    SpacewalkCrew,
                    crew_links,
                    {"spacewalk": spacewalk, "astronaut": person},
                    {"source": source["source"], "source_detail": ""},
                )
            SpacewalkCrew.objects.filter(spacewalk=spacewalk).exclude(astronaut__in=wanted).delete()

    def rename_spacewalk(self, row, existing, designation):
        """A corrected designation: the optional ``replaces`` column names the one a
        loaded record had, and that record takes the new name (keeping its page and
        links) instead of a second record being made."""
        former = (row.values.get("replaces") or "").strip()
        if not former or (designation,) in existing or (former,) not in existing:
            return
        spacewalk = existing.pop((former,))
        spacewalk.designation = designation
        spacewalk.save(update_fields=["designation", "updated_at"])
        existing[(designation,)] = spacewalk
        self.counts.record("renamed spacewalks", "updated")

    def load_modules(self):
        existing = {(m.slug,): m for m in Module.objects.all()}
        for row in read_rows(self.data_dir / "modules.csv"):
            slug = row.text("slug", required=True)
            launch_date, launched_at = row.moment("launch", required=True)
            self.save(
                row,
                "modules",
                Module,
                existing,
                {"slug": slug},
                {
                    "name": row.text("name", required=True),
                    "agency": self.agency(row, "agency"),
                    "kind": row.text("kind", required=True),
                    "launch_date": launch_date,
                    "launched_at": launched_at,
                    "attached_date": row.date("attached"),
                    "mass_kg": row.integer("mass_kg"),
                    # Optional columns (older data sets have none).
                    "location": row.text("location") if "location" in row.values else "",
                    "launch_vehicle": (
                        row.text("launch_vehicle") if "launch_vehicle" in row.values else ""
                    ),
                    "delivered_by": (
                        self.visit(row, "delivered_by", required=False)
                        if "delivered_by" in row.values
                        else None
                    ),
                    "position": row.integer("position", required=True),
                    **self.source(row),
                },
            )

    @transaction.atomic
    def run(self):
        self.load_sources()
        self.load_agencies()
        self.load_people()
        self.load_expeditions()
        self.load_spacecraft_types()
        self.load_visits()
        self.load_visit_ports()
        self.load_stays()
        # Crews after stays: a crew member must have a stay during the expedition.
        self.load_members()
        self.load_command_terms()
        self.load_spacewalks()
        self.load_modules()
        return self.counts


def lookup_key(lookup):
    return tuple(value.pk if hasattr(value, "pk") else value for value in lookup.values())


def _field_value(obj, name):
    field_obj = obj._meta.get_field(name)
    if field_obj.is_relation:
        related_id = getattr(obj, field_obj.attname)
        return _Related(related_id)
    return getattr(obj, name)


class _Related:
    """Compares a foreign key id with a model instance (or None)."""

    def __init__(self, pk):
        self.pk = pk

    def __eq__(self, other):
        return self.pk == (other.pk if other is not None else None)

    def __ne__(self, other):
        return not self == other
