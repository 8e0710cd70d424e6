"""Compare corquaid's public "International Space Station APIs" documents with the records.

Two JSON documents (formats: /work/shared/data/corquaid_iss_apis/SOURCE.md): who is in
space (``people``: name, spacecraft, ``iss``) and what is docked (``spacecraft``: name,
``docked``, ``docking_port``). ``build_plan`` reads them and proposes changes; ``apply``
makes them in one transaction. Each change is sourced and logged in the admin's history.

The rules (also in README.md):

* The documents' **as-of day** is the day they were fetched (UTC). They carry no date of
  their own, so local copies need the day they describe (``--as-of``).
* **Times**: the documents' UNIX times are early by the Paris offset (the maintainer wrote
  UTC clock times as Paris local time). The wall-clock time in Europe/Paris of each
  epoch is the UTC time. A corrected time of exactly midnight is a placeholder: only the
  date is kept.
* **Arrivals** (a vehicle listed with no visit in the records) take the document's docking
  time; **new stays** (a person listed aboard with no open stay) begin on the day their
  vehicle docked.
* **Departures** (an open visit or stay no longer listed) and **port moves**: the documents
  give no time for them, only that they happened between the last day the records show
  the vehicle or person there (the newest record, ``records_as_of``) and the as-of day.
  When that window is at most one day, the departure or move is dated the as-of day. When
  it is longer, a departure is recorded as "left, day not recorded" with the last day seen,
  and a port move is left to staff: nothing is guessed.
  A person whose arrival vehicle left takes that vehicle's departure (it gives the better
  day); one whose vehicle is still docked left in another vehicle the documents do not name.
"""

import datetime
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .importer import normalize_name
from .models import (
    Agency,
    Astronaut,
    DataSource,
    SpacecraftType,
    Stay,
    Visit,
    VisitPort,
    records_as_of,
)

SOURCE_KEY = "corquaid_iss_apis_sync"
SOURCE_DEFAULTS = {
    "name": "corquaid International Space Station APIs (daily documents)",
    "url": "https://github.com/corquaid/international-space-station-APIs",
    "license": "MIT License, Copyright (c) 2021 Cormac Quaid",
    "credit": "Cormac Quaid, International Space Station APIs (MIT): who is in space and "
    "which spacecraft are docked, read by ISS Portal to keep the present up to date.",
}
SYSTEM_USERNAME = "station-sync"
MAX_BYTES = 2_000_000
FUTURE_TOLERANCE = datetime.timedelta(days=1)
EARLIEST = datetime.datetime(1998, 1, 1, tzinfo=datetime.UTC)
PARIS = ZoneInfo("Europe/Paris")

# corquaid's vehicle names and ours (as stations/data/build/derive_flights.py maps them).
NAME_MAP = [
    (r"^Crew-(\d+) Dragon$", r"SpaceX Crew-\1"),
    (r"^CRS-(\d+) (Cargo )?Dragon$", r"SpaceX CRS-\1"),
    (r"^(Axiom|Ax)-(\d+) Dragon$", r"Axiom Ax-\2"),
    (r"^OFT-2 Starliner$", "Boe-OFT-2"),
    (r"^Boeing CFT Starliner$", "Boe-CFT"),
]
TYPE_RULES = [
    (r"^Soyuz MS-", "soyuz-ms"),
    (r"^Progress MS-", "progress-ms"),
    (r"^HTV-X", "htv-x"),
    (r"^SpaceX CRS-", "cargo-dragon-2"),
    (r"^(SpaceX (Demo|Crew)-|Axiom Ax-)", "crew-dragon"),
    (r"^Cygnus ", "cygnus"),
    (r"^Boe-", "starliner"),
]
BERTHED_TYPES = {"dragon-1", "cygnus", "htv", "htv-x"}
AGENCY_NAMES = {"roscosmos": "RSA"}


class DocumentError(Exception):
    """A document that cannot be read or trusted; nothing is changed."""


@dataclass
class Document:
    label: str
    location: str
    data: dict


def our_vehicle_name(name):
    for pattern, replacement in NAME_MAP:
        if re.match(pattern, name):
            return re.sub(pattern, replacement, name)
    return name


def corrected_time(epoch):
    """The UTC time a corquaid epoch stands for (see SOURCE.md's warning)."""
    return datetime.datetime.fromtimestamp(epoch, PARIS).replace(tzinfo=datetime.UTC)


def date_and_time(moment):
    """(date, datetime or None): a corrected midnight is a placeholder, kept as a date."""
    if moment is None:
        return None, None
    if moment.time() == datetime.time(0, 0):
        return moment.date(), None
    return moment.date(), moment.replace(second=0, microsecond=0)


# Reading ---------------------------------------------------------------------------


def fetch(url, timeout):
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise DocumentError(f"{url} is not an http(s) address")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, headers={"Accept": "application/json", "User-Agent": "ISS Portal station sync"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise DocumentError(f"could not fetch {url}: {reason}") from None
    if len(raw) > MAX_BYTES:
        raise DocumentError(f"{url} is larger than {MAX_BYTES} bytes")
    return raw


def read_file(path):
    try:
        return Path(path).read_bytes()[: MAX_BYTES + 1]
    except OSError as error:
        raise DocumentError(f"could not read {path}: {error.strerror}") from None


def parse(label, location, raw):
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DocumentError(f"the {label} document ({location}) is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise DocumentError(f"the {label} document ({location}) is not a JSON object")
    return Document(label, location, data)


def _moment(document, index, entry, key, latest, required):
    value = entry.get(key)
    where = f"the {document.label} document, entry {index + 1} ({entry.get('name')!r})"
    if value is None:
        if required:
            raise DocumentError(f"{where} has no {key!r} time")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DocumentError(f"{where}: {key!r} is {value!r}, not a UNIX time")
    moment = corrected_time(value)
    if moment < EARLIEST:
        raise DocumentError(f"{where}: {key!r} is {moment:%Y-%m-%d}, before the station")
    if moment > latest + FUTURE_TOLERANCE:
        raise DocumentError(
            f"{where}: {key!r} is {moment:%Y-%m-%d %H:%M} UTC, in the future "
            f"(the document is of {latest:%Y-%m-%d %H:%M} UTC)"
        )
    return moment


def _entries(document, key, required_fields):
    entries = document.data.get(key)
    if not isinstance(entries, list):
        raise DocumentError(f"the {document.label} document has no {key!r} list")
    number = document.data.get("number")
    if isinstance(number, int) and not isinstance(number, bool) and number != len(entries):
        raise DocumentError(
            f"the {document.label} document says {number} but lists {len(entries)} entries"
        )
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise DocumentError(f"the {document.label} document, entry {index + 1}: not an object")
        for name, kind in required_fields.items():
            value = entry.get(name)
            if name not in entry or not isinstance(value, kind) or value == "":
                raise DocumentError(
                    f"the {document.label} document, entry {index + 1} "
                    f"({entry.get('name')!r}): the field {name!r} is missing or not "
                    f"{kind.__name__ if isinstance(kind, type) else 'valid'}"
                )
    return entries


@dataclass
class Listed:
    """A vehicle docked, as the document says."""

    raw_name: str
    name: str
    port: str
    launched: datetime.datetime | None
    docked: datetime.datetime | None
    index: int


@dataclass
class Aboard:
    name: str
    spacecraft: str
    agency: str
    flag_code: str


def read_documents(people, docked, latest):
    """Check both documents; return (people aboard the station, vehicles docked)."""
    people_entries = _entries(people, "people", {"name": str, "spacecraft": str, "iss": bool})
    vehicles = []
    for index, entry in enumerate(
        _entries(docked, "spacecraft", {"name": str, "docking_port": str})
    ):
        if entry.get("iss") is False:
            continue
        launched = _moment(docked, index, entry, "launched", latest, required=False)
        docked_at = _moment(docked, index, entry, "docked", latest, required=True)
        if launched and docked_at < launched:
            raise DocumentError(
                f"the {docked.label} document, entry {index + 1} ({entry['name']!r}) "
                "docked before it was launched"
            )
        vehicles.append(
            Listed(
                raw_name=entry["name"].strip(),
                name=our_vehicle_name(entry["name"].strip()),
                port=entry["docking_port"].strip(),
                launched=launched,
                docked=docked_at,
                index=index,
            )
        )
    names = [v.name for v in vehicles]
    if len(set(names)) != len(names):
        raise DocumentError(f"the {docked.label} document lists a vehicle twice")
    aboard = []
    for index, entry in enumerate(people_entries):
        _moment(people, index, entry, "launched", latest, required=False)
        if entry["iss"]:
            aboard.append(
                Aboard(
                    name=entry["name"].strip(),
                    spacecraft=entry["spacecraft"].strip(),
                    agency=str(entry.get("agency") or "").strip(),
                    flag_code=str(entry.get("flag_code") or "").strip(),
                )
            )
    if "expedition_start_date" in people.data and people.data["expedition_start_date"]:
        _moment(people, 0, {"name": "iss_expedition"}, "expedition_start_date", latest, False)
    if len({normalize_name(p.name) for p in aboard}) != len(aboard):
        raise DocumentError(f"the {people.label} document lists a person aboard twice")
    return aboard, vehicles


# Planning -----------------------------------------------------------------------------


@dataclass
class Change:
    kind: str  # arrival, departure, new stay, stay ended, port move, confirmed
    text: str
    run: object = None  # callable(context) that makes the change


@dataclass
class Plan:
    as_of: datetime.date
    records_as_of: datetime.date | None
    detail: str
    aboard: list
    vehicles: list
    changes: list = field(default_factory=list)
    for_staff: list = field(default_factory=list)


def _human(day):
    return f"{day.day} {day:%B %Y}"


def _people_by_name():
    people = {}
    for person in Astronaut.objects.only("name", "aliases", "slug"):
        for spelling in [person.name, *person.alias_list]:
            people.setdefault(normalize_name(spelling), set()).add(person)
    return people


def build_plan(people_doc, docked_doc, *, as_of, fetched_at, latest):
    """Compare the documents with the records; nothing is written."""
    before = records_as_of()
    if before is not None and as_of < before:
        raise DocumentError(
            f"the documents are of {as_of}, older than our newest record ({before}); "
            "there is nothing to learn from them"
        )
    aboard, vehicles = read_documents(people_doc, docked_doc, latest)
    open_visits = list(
        Visit.objects.filter(
            departure_date__isnull=True, departure_unknown=False, arrival_date__lte=as_of
        ).select_related("spacecraft_type")
    )
    open_stays = list(
        Stay.objects.open().filter(arrival_date__lte=as_of).select_related("astronaut")
    )
    if not vehicles and open_visits:
        raise DocumentError(
            f"the {docked_doc.label} document lists no vehicle at the station, while our "
            f"records have {len(open_visits)} docked: refusing rather than ending every visit"
        )
    if not aboard and open_stays:
        raise DocumentError(
            f"the {people_doc.label} document lists nobody aboard the station, while our "
            f"records have {len(open_stays)} people aboard: refusing rather than ending "
            "every stay"
        )
    detail = (
        f"corquaid documents as of {as_of.isoformat()}, fetched "
        f"{fetched_at:%Y-%m-%dT%H:%MZ} ({people_doc.location}; {docked_doc.location})"
    )
    plan = Plan(as_of, before, detail, aboard, vehicles)
    last_seen = before or as_of
    short_window = (as_of - last_seen).days <= 1
    window_text = (
        f"last shown on {_human(last_seen)}, not listed as of {_human(as_of)}"
        if last_seen != as_of
        else f"not listed as of {_human(as_of)}"
    )

    visits_by_name = {}
    for visit in Visit.objects.filter(name__in=[v.name for v in vehicles]).order_by("arrival_date"):
        visits_by_name[visit.name] = visit  # the latest of that name
    listed_names = {v.name for v in vehicles}
    known_ports = {
        port.casefold(): port
        for port in VisitPort.objects.order_by().values_list("port", flat=True).distinct()
    }

    # Arrivals and port moves.
    new_visits = {}
    departing = {}
    for listed in vehicles:
        port = known_ports.get(listed.port.casefold(), listed.port)
        visit = visits_by_name.get(listed.name)
        if visit is None:
            _plan_arrival(plan, listed, port, aboard, new_visits)
            continue
        if not visit.is_open:
            plan.for_staff.append(
                f"{visit.name}: listed as docked, but our records say it left. Check it "
                "in the admin; not changed."
            )
            continue
        if listed.docked and abs((listed.docked.date() - visit.arrival_date).days) > 1:
            plan.for_staff.append(
                f"{visit.name}: the document says it docked on {_human(listed.docked.date())}, "
                f"our records {_human(visit.arrival_date)}. Not changed."
            )
        current = visit.ports.filter(end_date__isnull=True).order_by("-start_date").first()
        current_port = current.port if current else visit.port
        if current_port.casefold() != port.casefold():
            if not short_window:
                plan.for_staff.append(
                    f"{visit.name}: moved from {current_port} to {port} between "
                    f"{_human(last_seen)} and {_human(as_of)}; the day is not known. Not "
                    "changed: add the port time in the admin."
                )
                continue
            plan.changes.append(
                Change(
                    "port move",
                    f"Port move: {visit.name} from {current_port} to {port}, dated "
                    f"{_human(as_of)} ({window_text} at {current_port}).",
                    _port_move(visit, current, port, as_of, window_text),
                )
            )

    # Departures of vehicles no longer listed.
    for visit in open_visits:
        if visit.name in listed_names:
            continue
        if short_window:
            text = f"Departure: {visit.name} left on {_human(as_of)} ({window_text})."
        else:
            text = (
                f"Departure: {visit.name} left, day not recorded: {window_text}. Recorded as "
                f"'left, day not recorded', last seen {_human(last_seen)}."
            )
        departing[visit.pk] = as_of if short_window else None
        plan.changes.append(
            Change(
                "departure", text, _departure(visit, as_of, last_seen, short_window, window_text)
            )
        )

    # People.
    people = _people_by_name()
    open_by_person = {stay.astronaut_id: stay for stay in open_stays}
    listed_people = set()
    for person in aboard:
        matches = people.get(normalize_name(person.name), set())
        if len(matches) > 1:
            plan.for_staff.append(
                f"{person.name}: the name fits {len(matches)} people here; not changed."
            )
            continue
        astronaut = next(iter(matches), None)
        if astronaut is not None:
            listed_people.add(astronaut.pk)
            if astronaut.pk in open_by_person:
                continue
        vehicle_name = our_vehicle_name(person.spacecraft)
        visit = visits_by_name.get(vehicle_name)
        if vehicle_name in new_visits:
            arrival_date = new_visits[vehicle_name].docked.date()
        elif visit is not None and visit.is_open:
            arrival_date = visit.arrival_date
        else:
            plan.for_staff.append(
                f"{person.name}: listed aboard, arrived with {person.spacecraft}, which is "
                "neither docked nor in our records; not changed."
            )
            continue
        if (
            astronaut is not None
            and visit is not None
            and Stay.objects.filter(astronaut=astronaut, arrival_vehicle=visit).exists()
        ):
            plan.for_staff.append(
                f"{astronaut.name}: listed aboard, but our records say they left after "
                f"arriving with {visit.name}. Check it in the admin; not changed."
            )
            continue
        who = astronaut.name if astronaut else f"{person.name} (new person)"
        plan.changes.append(
            Change(
                "new stay",
                f"New stay: {who} aboard from {_human(arrival_date)}, arrived with {vehicle_name}.",
                _new_stay(person, astronaut, vehicle_name, arrival_date),
            )
        )

    for stay in open_stays:
        if stay.astronaut_id in listed_people:
            continue
        vehicle = stay.arrival_vehicle_id
        if vehicle in departing:
            day = departing[vehicle]
            vehicle_name = next(v.name for v in open_visits if v.pk == vehicle)
            if day:
                text = f"Left: {stay.astronaut.name}, with {vehicle_name} on {_human(day)}."
            else:
                text = (
                    f"Left: {stay.astronaut.name}, with {vehicle_name}, day not recorded "
                    f"(last seen {_human(last_seen)})."
                )
            change = _stay_end(stay, vehicle, day, last_seen, f"with {vehicle_name}; {window_text}")
        elif short_window:
            text = (
                f"Left: {stay.astronaut.name} on {_human(as_of)} ({window_text}), in a "
                "vehicle the documents do not name."
            )
            change = _stay_end(stay, None, as_of, last_seen, window_text)
        else:
            text = (
                f"Left: {stay.astronaut.name}, day not recorded ({window_text}), in a "
                "vehicle the documents do not name."
            )
            change = _stay_end(stay, None, None, last_seen, window_text)
        plan.changes.append(Change("stay ended", text, change))

    if before is None or as_of > before:
        plan.changes.append(
            Change(
                "confirmed",
                f"Now: who is aboard and what is docked confirmed as of {_human(as_of)}"
                + (f" (our newest record was {_human(before)})." if before else "."),
                _confirm(as_of),
            )
        )
    return plan


def _plan_arrival(plan, listed, port, aboard, new_visits):
    type_slug = next((slug for pattern, slug in TYPE_RULES if re.match(pattern, listed.name)), None)
    spacecraft_type = SpacecraftType.objects.filter(slug=type_slug).first() if type_slug else None
    if spacecraft_type is None:
        plan.for_staff.append(
            f"{listed.name}: docked on {_human(listed.docked.date())} at {port}, a kind of "
            "vehicle we have no spacecraft type for; add the visit in the admin."
        )
        return
    slug = slugify(listed.name)
    if Visit.objects.filter(slug=slug).exists():
        plan.for_staff.append(f"{listed.name}: a visit with the slug {slug!r} exists; not added.")
        return
    new_visits[listed.name] = listed
    crew = [p for p in aboard if our_vehicle_name(p.spacecraft) == listed.name]
    crew_text = f", crew {', '.join(p.name for p in crew)}" if crew else ""
    plan.changes.append(
        Change(
            "arrival",
            f"Arrival: {listed.name} ({spacecraft_type.name}) docked on "
            f"{_human(listed.docked.date())} at {port}{crew_text} (new visit).",
            _arrival(listed, port, spacecraft_type, slug),
        )
    )


# Applying -------------------------------------------------------------------------------


class Context:
    def __init__(self, user, source, detail):
        self.user, self.source, self.detail = user, source, detail
        self.visits = {}
        self.logged = []

    def save(self, obj, message, created=False):
        if created:
            obj.created_by = self.user
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = self.user
        try:
            obj.full_clean()
        except ValidationError as error:
            raise DocumentError(f"{obj}: {'; '.join(error.messages)}") from None
        obj.save()
        self.logged.append((obj, ADDITION if created else CHANGE, message))
        return obj

    def sourced(self, obj, detail):
        obj.source = self.source
        obj.source_detail = f"{detail}. {self.detail}"[:500]
        return obj


def _arrival(listed, port, spacecraft_type, slug):
    def run(context):
        launch_date, launched_at = date_and_time(listed.launched)
        arrival_date, arrived_at = date_and_time(listed.docked)
        visit = context.sourced(
            Visit(
                name=listed.name,
                slug=slug,
                spacecraft_type=spacecraft_type,
                launch_date=launch_date,
                launched_at=launched_at,
                arrival_date=arrival_date,
                arrived_at=arrived_at,
                port=port,
                mode="berthed" if spacecraft_type.slug in BERTHED_TYPES else "docked",
            ),
            f"arrival: listed as docked ({listed.raw_name!r}, times corrected by the Paris offset)",
        )
        context.save(visit, "Added by the station sync: a new arrival.", created=True)
        context.visits[listed.name] = visit
        port_time = context.sourced(
            VisitPort(visit=visit, port=port, start_date=arrival_date, start_at=arrived_at),
            "arrival port as listed",
        )
        context.save(port_time, "Added by the station sync: arrival port.", created=True)

    return run


def _port_move(visit, current, port, as_of, window_text):
    def run(context):
        if current is not None:
            current.end_date = as_of
            current.end_at = None
            context.save(current, f"Changed by the station sync: left this port ({window_text}).")
        port_time = context.sourced(
            VisitPort(visit=visit, port=port, start_date=as_of),
            f"port move dated the as-of day ({window_text})",
        )
        context.save(port_time, "Added by the station sync: port move.", created=True)

    return run


def _departure(visit, as_of, last_seen, short_window, window_text):
    def run(context):
        visit.refresh_from_db()
        visit.record_departure(as_of if short_window else None, last_seen)
        context.sourced(visit, f"departure: {window_text}")
        context.save(visit, f"Changed by the station sync: departure ({window_text}).")
        if short_window:
            for port_time in visit.ports.filter(end_date__isnull=True):
                port_time.end_date = as_of
                context.save(port_time, "Changed by the station sync: departure.")
        context.visits[visit.pk] = visit

    return run


def _stay_end(stay, vehicle_id, day, last_seen, why):
    def run(context):
        stay.refresh_from_db()
        stay.departure_vehicle_id = vehicle_id
        stay.record_departure(day, last_seen)
        context.sourced(stay, f"departure: {why}")
        context.save(stay, f"Changed by the station sync: left ({why}).")

    return run


def _new_stay(person, astronaut, vehicle_name, arrival_date):
    def run(context):
        nonlocal astronaut
        if astronaut is None:
            astronaut = _new_person(context, person)
        visit = context.visits.get(vehicle_name) or Visit.objects.filter(name=vehicle_name).latest(
            "arrival_date"
        )
        if not visit.crew.filter(pk=astronaut.pk).exists():
            visit.crew.add(astronaut)
        stay = context.sourced(
            Stay(astronaut=astronaut, arrival_vehicle=visit, arrival_date=arrival_date),
            f"arrival: listed aboard with {person.spacecraft!r}; from the vehicle's docking day",
        )
        context.save(stay, "Added by the station sync: a new stay.", created=True)

    return run


def _new_person(context, person):
    base = slugify(person.name) or "person"
    slug, n = base, 1
    while Astronaut.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    abbreviation = AGENCY_NAMES.get(person.agency.casefold(), person.agency)
    agency = Agency.objects.filter(abbreviation__iexact=abbreviation).first()
    nationality = person.flag_code.upper() if len(person.flag_code) == 2 else ""
    astronaut = context.sourced(
        Astronaut(name=person.name, slug=slug, agency=agency, nationality=nationality),
        f"new person listed aboard ({person.name!r}, agency {person.agency!r}); check the "
        "spelling, aliases and birth date",
    )
    return context.save(astronaut, "Added by the station sync: a new person.", created=True)


def _confirm(as_of):
    def run(context):
        source = context.source
        if source.current_to is None or source.current_to < as_of:
            source.current_to = as_of
            source.save(update_fields=["current_to"])
            context.logged.append(
                (source, CHANGE, f"Changed by the station sync: current to {as_of.isoformat()}.")
            )

    return run


def sync_user(username=None):
    User = get_user_model()
    if username:
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise DocumentError(f"there is no user {username!r}") from None
    user, created = User.objects.get_or_create(
        **{User.USERNAME_FIELD: SYSTEM_USERNAME},
        defaults={"is_active": False, "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def apply(plan, username=None):
    """Make every change of the plan, or none; returns the number of records written."""
    if not plan.changes:
        return 0
    user = sync_user(username)
    source, created = DataSource.objects.get_or_create(key=SOURCE_KEY, defaults=SOURCE_DEFAULTS)
    context = Context(user, source, plan.detail)
    if created:
        context.logged.append((source, ADDITION, "Added by the station sync."))
    for change in plan.changes:
        change.run(context)
    for obj, flag, message in context.logged:
        LogEntry.objects.log_actions(
            user.pk, [obj], flag, change_message=message, single_object=True
        )
    return len(context.logged)


def as_of_of(moment):
    return timezone.localtime(moment, datetime.UTC).date()
