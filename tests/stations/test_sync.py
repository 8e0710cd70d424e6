"""`manage.py sync_station_status` on recorded documents (tests/stations/sync_data/).

The two recorded documents are corquaid's of 28 April 2026; the variants are hand-edited
copies (a vehicle gone, one arrived with a crew, a port move, and broken documents).
Nothing here touches the network.
"""

import datetime
import io
import urllib.error
from pathlib import Path

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.management import CommandError, call_command

from issportal import cache
from stations import sync
from stations.models import Astronaut, DataSource, Stay, Visit, VisitPort
from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    SpacecraftTypeFactory,
    StayFactory,
    UserFactory,
    VisitFactory,
)
from tests.stations import D

DATA = Path(__file__).parent / "sync_data"
PEOPLE = DATA / "people-in-space.json"
DOCKED = DATA / "iss-docked-spacecraft.json"
TODAY = datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture
def station():
    """The records as they stood on 28 April 2026: five vehicles docked, seven people aboard."""
    nasa = AgencyFactory(abbreviation="NASA", name="NASA")
    rsa = AgencyFactory(abbreviation="RSA", name="Roscosmos", country="RU")
    esa = AgencyFactory(abbreviation="ESA", name="European Space Agency", country="")
    soyuz = SpacecraftTypeFactory(name="Soyuz MS", operator=rsa)
    dragon = SpacecraftTypeFactory(name="Crew Dragon", operator=AgencyFactory(abbreviation="SpX"))
    progress = SpacecraftTypeFactory(name="Progress MS", operator=rsa, purpose="cargo")
    SpacecraftTypeFactory(name="Cygnus", operator=nasa, purpose="cargo")
    visits = {}
    for name, kind, arrival, port in [
        ("Soyuz MS-28", soyuz, D(2025, 11, 27), "Rassvet nadir"),
        ("SpaceX Crew-12", dragon, D(2026, 2, 14), "Harmony zenith"),
        ("Progress MS-33", progress, D(2026, 3, 24), "Poisk zenith"),
        ("Progress MS-34", progress, D(2026, 4, 28), "Zvezda aft"),
    ]:
        visits[name] = VisitFactory(
            name=name, spacecraft_type=kind, arrival_date=arrival, departure_date=None, port=port
        )
    visits["Cygnus NG-24"] = VisitFactory(
        name="Cygnus NG-24",
        spacecraft_type=SpacecraftTypeFactory(name="Cygnus"),
        arrival_date=D(2026, 4, 13),
        departure_date=None,
        port="Unity nadir",
        mode="berthed",
    )
    crews = {
        "Soyuz MS-28": [
            ("Sergey Kud-Sverchkov", rsa, ""),
            ("Sergey Mikayev", rsa, ""),
            ("Christopher Williams", nasa, "Christoper Williams"),
        ],
        "SpaceX Crew-12": [
            ("Jessica Meir", nasa, ""),
            ("Jack Hathaway", nasa, ""),
            ("Sophie Adenot", esa, ""),
            ("Andrey Fedyaev", rsa, ""),
        ],
    }
    for vehicle, people in crews.items():
        for name, agency, aliases in people:
            person = AstronautFactory(
                name=name, slug=name.lower().replace(" ", "-"), agency=agency, aliases=aliases
            )
            StayFactory(astronaut=person, arrival_vehicle=visits[vehicle], departure_vehicle=None)
    # Two people who flew before and come back on Soyuz MS-29 in a variant.
    for name in ["Pyotr Dubrov", "Anna Kikina"]:
        AstronautFactory(name=name, slug=name.lower().replace(" ", "-"), agency=rsa)
    return visits


def sync_run(people=PEOPLE, docked=DOCKED, *args, **options):
    out = io.StringIO()
    call_command(
        "sync_station_status",
        f"--people-file={people}",
        f"--docked-file={docked}",
        *args,
        stdout=out,
        **options,
    )
    return out.getvalue()


def records():
    return (
        sorted(Visit.objects.values_list("name", "departure_date", "departure_unknown")),
        sorted(Stay.objects.values_list("astronaut__name", "departure_date", "departure_unknown")),
        sorted(VisitPort.objects.values_list("visit__name", "port", "start_date", "end_date")),
        sorted(Astronaut.objects.values_list("name", flat=True)),
        sorted(DataSource.objects.values_list("key", "current_to")),
        LogEntry.objects.count(),
    )


@time_machine.travel(TODAY, tick=False)
def test_the_recorded_documents_agree_with_the_records_they_were_taken_from(station):
    before = records()
    out = sync_run(DATA / "people-in-space.json", DOCKED, "--as-of=2026-04-28", "--apply")
    assert "7 people aboard the station, 5 vehicles docked" in out
    assert "No changes to propose." in out
    assert "The records agree with the documents." in out
    assert records() == before


@time_machine.travel(TODAY, tick=False)
def test_a_dry_run_proposes_a_departure_in_plain_words_and_writes_nothing(station):
    before = records()
    out = sync_run(PEOPLE, DATA / "docked-progress-ms-33-left.json", "--as-of=2026-04-29")
    assert (
        "Departure: Progress MS-33 left on 29 April 2026 (last shown on 28 April 2026, "
        "not listed as of 29 April 2026)." in out
    )
    assert "confirmed as of 29 April 2026 (our newest record was 28 April 2026)" in out
    assert "Dry run: nothing was changed." in out
    assert records() == before


@time_machine.travel(TODAY, tick=False)
def test_apply_records_a_sourced_departure_in_the_admin_history_and_once_only(station):
    sync_run(PEOPLE, DATA / "docked-progress-ms-33-left.json", "--as-of=2026-04-29", "--apply")
    visit = Visit.objects.get(name="Progress MS-33")
    assert visit.departure_date == D(2026, 4, 29)
    assert visit.source.key == sync.SOURCE_KEY
    assert visit.source.url == "https://github.com/corquaid/international-space-station-APIs"
    assert "corquaid documents as of 2026-04-29, fetched " in visit.source_detail
    assert "docked-progress-ms-33-left.json" in visit.source_detail
    assert visit.ports.get().end_date == D(2026, 4, 29)
    # Each write is in the admin's history, by the named system user.
    entry = LogEntry.objects.get(object_id=str(visit.pk), content_type__model="visit")
    assert entry.user.username == sync.SYSTEM_USERNAME
    assert entry.action_flag == CHANGE
    assert "station sync: departure" in entry.get_change_message()
    assert not entry.user.has_usable_password() and not entry.user.is_active
    # The other vehicles are untouched; the source is current to the documents' day.
    assert Visit.objects.docked_now().count() == 4
    assert DataSource.objects.get(key=sync.SOURCE_KEY).current_to == D(2026, 4, 29)

    before = records()
    out = sync_run(
        PEOPLE, DATA / "docked-progress-ms-33-left.json", "--as-of=2026-04-29", "--apply"
    )
    assert "No changes to propose." in out
    assert records() == before


@time_machine.travel(TODAY, tick=False)
def test_a_crew_that_went_home_leaves_with_its_vehicle(station):
    sync_run(
        DATA / "people-crew-12-left.json",
        DATA / "docked-crew-12-left.json",
        "--as-of=2026-04-29",
        "--apply",
    )
    dragon = Visit.objects.get(name="SpaceX Crew-12")
    assert dragon.departure_date == D(2026, 4, 29)
    meir = Stay.objects.get(astronaut__name="Jessica Meir")
    assert (meir.departure_date, meir.departure_vehicle) == (D(2026, 4, 29), dragon)
    assert Stay.objects.open().count() == 3


@time_machine.travel(TODAY, tick=False)
def test_a_departure_seen_late_is_left_undated_not_guessed(station):
    out = sync_run(
        PEOPLE, DATA / "docked-progress-ms-33-left.json", "--as-of=2026-05-10", "--apply"
    )
    assert "Progress MS-33 left, day not recorded: last shown on 28 April 2026" in out
    visit = Visit.objects.get(name="Progress MS-33")
    assert visit.departure_date is None and visit.departure_unknown
    assert visit.last_seen_docked == D(2026, 4, 28)


@time_machine.travel(TODAY, tick=False)
def test_a_new_arrival_brings_new_stays_and_a_new_person(client, station):
    editor = UserFactory(username="ops")
    out = sync_run(
        DATA / "people-soyuz-ms-29-arrived.json",
        DATA / "docked-soyuz-ms-29-arrived.json",
        "--as-of=2026-04-29",
        "--apply",
        "--user=ops",
    )
    assert (
        "Arrival: Soyuz MS-29 (Soyuz MS) docked on 29 April 2026 at Prichal nadir, crew "
        "Pyotr Dubrov, Anna Kikina, Anil Menon (new visit)." in out
    )
    assert "New stay: Anil Menon (new person) aboard from 29 April 2026" in out
    visit = Visit.objects.get(name="Soyuz MS-29")
    # The document's times are early by the Paris offset; corrected, as SOURCE.md says.
    assert visit.arrived_at == datetime.datetime(2026, 4, 29, 14, 5, tzinfo=datetime.UTC)
    assert visit.launched_at == datetime.datetime(2026, 4, 29, 10, 50, tzinfo=datetime.UTC)
    assert (visit.slug, visit.port, visit.source.key) == (
        "soyuz-ms-29",
        "Prichal nadir",
        sync.SOURCE_KEY,
    )
    assert [p.port for p in visit.ports.all()] == ["Prichal nadir"]
    assert sorted(visit.crew.values_list("name", flat=True)) == [
        "Anil Menon",
        "Anna Kikina",
        "Pyotr Dubrov",
    ]
    menon = Astronaut.objects.get(name="Anil Menon")
    assert (menon.slug, menon.agency.abbreviation, menon.nationality) == (
        "anil-menon",
        "NASA",
        "US",
    )
    stays = Stay.objects.filter(arrival_vehicle=visit)
    assert stays.count() == 3 and all(s.arrival_date == D(2026, 4, 29) for s in stays)
    assert LogEntry.objects.filter(user=editor, action_flag=ADDITION).count() == 1 + 1 + 1 + 3 + 1
    html = client.get("/aboard/?on=2026-04-29").content.decode()
    assert "Anil Menon" in html and "People aboard (10)" in html


@time_machine.travel(TODAY, tick=False)
def test_a_port_move_ends_one_port_time_and_starts_the_next(station):
    out = sync_run(PEOPLE, DATA / "docked-crew-12-moved.json", "--as-of=2026-04-29", "--apply")
    assert "Port move: SpaceX Crew-12 from Harmony zenith to Harmony forward" in out
    ports = list(
        Visit.objects.get(name="SpaceX Crew-12").ports.values_list("port", "start_date", "end_date")
    )
    assert ports == [
        ("Harmony zenith", D(2026, 2, 14), D(2026, 4, 29)),
        ("Harmony forward", D(2026, 4, 29), None),
    ]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("people", "docked", "message"),
    [
        (PEOPLE, "not-json.json", "is not JSON"),
        (PEOPLE, "docked-wrong-shape.json", "has no 'spacecraft' list"),
        (PEOPLE, "docked-missing-port.json", "the field 'docking_port' is missing"),
        (PEOPLE, "docked-future-date.json", "'docked' is 2027-01-15 12:00 UTC, in the future"),
        ("people-empty.json", DOCKED, "lists nobody aboard the station, while our records have 7"),
        ("people-wrong-count.json", DOCKED, "says 11 but lists 10 entries"),
        (PEOPLE, "missing.json", "could not read"),
    ],
)
def test_a_bad_document_is_refused_with_a_reason_and_nothing_changes(
    station, people, docked, message
):
    before = records()
    with pytest.raises(CommandError) as refused:
        sync_run(DATA / people, DATA / docked, "--as-of=2026-04-29", "--apply")
    assert str(refused.value).startswith("Nothing was changed: ")
    assert message in str(refused.value)
    assert records() == before


@time_machine.travel(TODAY, tick=False)
def test_old_documents_a_future_as_of_or_a_copy_with_no_day_are_refused(station):
    with pytest.raises(CommandError, match="older than our newest record"):
        sync_run(PEOPLE, DOCKED, "--as-of=2026-04-20")
    with pytest.raises(CommandError, match="in the future"):
        sync_run(PEOPLE, DOCKED, "--as-of=2026-06-01")
    with pytest.raises(CommandError, match="give it with --as-of YYYY-MM-DD"):
        sync_run(PEOPLE, DOCKED)


@time_machine.travel(TODAY, tick=False)
def test_after_apply_now_moves_on_the_home_page_and_the_page_cache(
    client, station, settings, django_capture_on_commit_callbacks
):
    assert (
        'As of <time datetime="2026-04-28">28 April 2026</time>' in client.get("/").content.decode()
    )
    settings.DERIVED_DATA_CACHE = True
    generation = cache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        sync_run(PEOPLE, DOCKED, "--as-of=2026-04-29", "--apply")
    assert cache.current_generation() != generation
    home = client.get("/").content.decode()
    assert 'As of <time datetime="2026-04-29">29 April 2026</time>' in home
    assert "Jessica Meir" in home


@time_machine.travel(TODAY, tick=False)
def test_documents_are_fetched_with_the_timeout_and_a_failure_changes_nothing(
    station, monkeypatch, settings
):
    settings.ISS_SYNC_TIMEOUT = 7
    asked = []

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        asked.append((request.full_url, timeout))
        if "broken" in request.full_url:
            raise urllib.error.URLError("timed out")
        name = PEOPLE if "people" in request.full_url else DOCKED
        return Response(name.read_bytes())

    monkeypatch.setattr(sync.urllib.request, "urlopen", urlopen)
    out = io.StringIO()
    call_command("sync_station_status", stdout=out)
    assert asked == [(settings.ISS_PEOPLE_URL, 7), (settings.ISS_DOCKED_URL, 7)]
    # Fetched today: the documents are of today, so "now" would move to it.
    assert "The documents are of 20 May 2026" in out.getvalue()
    before = records()
    with pytest.raises(CommandError, match="could not fetch https://example.org/broken"):
        call_command("sync_station_status", "--apply", "--docked-url=https://example.org/broken")
    assert records() == before
