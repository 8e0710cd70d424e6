import datetime
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from stations.importer import DATA_DIR
from stations.models import (
    Astronaut,
    DataSource,
    Expedition,
    ExpeditionMember,
    Module,
    Spacewalk,
    Stay,
    Visit,
)

pytestmark = pytest.mark.django_db
D = datetime.date
MINI = Path(__file__).parent / "mini_data"


def load(data_dir=MINI):
    out = StringIO()
    call_command("load_iss_data", data_dir=str(data_dir), stdout=out)
    return out.getvalue()


def snapshot():
    models = [DataSource, Astronaut, Expedition, ExpeditionMember, Spacewalk, Visit, Stay, Module]
    return {
        model.__name__: sorted(
            (obj.pk, str(obj), getattr(obj, "updated_at", None)) for obj in model.objects.all()
        )
        for model in models
    }


def test_loads_the_files_and_prints_counts():
    output = load()
    assert "people: 5 (5 new, 0 updated, 0 unchanged)" in output
    assert "expeditions: 2 (2 new" in output
    assert "Station data loaded." in output
    exp1 = Expedition.objects.get(number=1)
    assert exp1.start == datetime.date(2000, 11, 2)
    commander = exp1.members.get(role="commander").astronaut
    assert commander.name == "William Shepherd"
    assert commander.alias_list == ["Bill Shepherd", "William M. Shepherd"]
    assert Expedition.objects.get(number=2).end is None
    # Names in other files resolve through aliases.
    visit = Visit.objects.get(slug="soyuz-tm-31")
    assert sorted(p.slug for p in visit.crew.all()) == [
        "sergei-krikalev",
        "william-shepherd",
        "yuri-gidzenko",
    ]
    # A date-only time stays a date; a known time is kept in UTC.
    assert visit.departure_date == datetime.date(2001, 5, 6) and visit.departed_at is None
    assert visit.arrived_at == datetime.datetime(2000, 11, 2, 9, 21, tzinfo=datetime.UTC)
    eva = Spacewalk.objects.get(designation="STS-88 EVA 1")
    assert eva.duration == datetime.timedelta(hours=7, minutes=21)
    assert sorted(p.name for p in eva.crew.all()) == ["James Newman", "Jerry Ross"]
    assert eva.source.key == "public_record"
    # Expedition 1 came up in Soyuz TM-31 and went home in STS-102.
    stay = Stay.objects.get(astronaut__slug="william-shepherd")
    assert (stay.arrival_vehicle.slug, stay.departure_vehicle.slug) == ("soyuz-tm-31", "sts-102")
    assert (stay.arrival_date, stay.departure_date) == (D(2000, 11, 2), D(2001, 3, 19))
    unknown = Stay.objects.get(astronaut__slug="sergei-krikalev")
    assert unknown.departure_unknown and unknown.last_seen_aboard == D(2001, 3, 1)
    assert "stays: 5 (5 new" in output


def test_second_run_changes_nothing():
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "people: 5 (0 new, 0 updated, 5 unchanged)" in output
    assert "stays: 5 (0 new, 0 updated, 5 unchanged)" in output
    assert "Station data is up to date." in output


@pytest.mark.parametrize(
    ("filename", "old", "new", "message"),
    [
        (
            "expeditions.csv",
            "2,2001-03-18,,",
            "2,2001-03-18,2001-03-01,",
            "expeditions.csv, line 3, field 'end'",
        ),
        (
            "astronauts.csv",
            "1962-03-26",
            "1962-13-26",
            "astronauts.csv, line 3, field 'birth_date'",
        ),
        (
            "spacewalks.csv",
            "Jerry Ross|James Newman",
            "Jerry Ross|Nobody Known",
            "spacewalks.csv, line 2, field 'crew': unknown person 'Nobody Known'",
        ),
        (
            "expedition_members.csv",
            "1,sergei-krikalev,flight_engineer",
            "1,sergei-krikalev,pilot",
            "expedition_members.csv, line 4, field 'role'",
        ),
        (
            "visits.csv",
            "2000-11-02T09:21Z",
            "2000-11-02T09:21+01:00",
            "visits.csv, line 3, field 'arrival': '2000-11-02T09:21+01:00' must be in UTC",
        ),
        (
            "stays.csv",
            "2000-11-02,2001-03-19,departed",
            "2000-11-02,2000-11-01,departed",
            "stays.csv, line 4, field 'departure_date': "
            "The day this person left is before the day they arrived.",
        ),
        (
            "stays.csv",
            "william-shepherd,soyuz-tm-31,sts-102",
            "william-shepherd,soyuz-tm-31,sts-103",
            "stays.csv, line 4, field 'departure_vehicle': unknown visit 'sts-103'",
        ),
        (
            "stays.csv",
            "2001-03-19,departed",
            "2001-03-19,aboard",
            "stays.csv, line 4, field 'departure_status'",
        ),
        (
            "modules.csv",
            "1998-12-04,1998-12-07",
            "1998-12-04,1998-12-01",
            "modules.csv, line 3, field 'attached_date'",
        ),
    ],
)
def test_a_bad_row_changes_nothing_and_names_the_line(tmp_path, filename, old, new, message):
    load()
    before = snapshot()
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / filename
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(CommandError) as error:
        load(data)
    assert "Nothing was loaded." in str(error.value)
    assert message in str(error.value)
    assert snapshot() == before


def test_a_bad_row_in_a_fresh_database_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "modules.csv").write_text((data / "modules.csv").read_text().replace("19323", "heavy"))
    with pytest.raises(CommandError, match="modules.csv, line 2, field 'mass_kg'"):
        load(data)
    assert not Astronaut.objects.exists() and not Expedition.objects.exists()


def test_load_initial_data_runs_once():
    call_command("load_initial_data", stdout=StringIO())
    expedition = Expedition.objects.get(number=1)
    expedition.description = "Edited by staff"
    expedition.save()
    out = StringIO()
    call_command("load_initial_data", stdout=out)
    assert "already loaded" in out.getvalue()
    expedition.refresh_from_db()
    assert expedition.description == "Edited by staff"


def test_real_data_loads_twice_with_the_same_counts_and_known_facts():
    load(DATA_DIR)
    counts = {name: len(rows) for name, rows in snapshot().items()}
    assert counts["Expedition"] >= 70
    assert counts["Spacewalk"] >= 260
    assert counts["Astronaut"] >= 250
    assert counts["Visit"] >= 200
    assert counts["Module"] >= 15
    before = snapshot()
    assert "Station data is up to date." in load(DATA_DIR)
    assert snapshot() == before

    exp1 = Expedition.objects.get(number=1)
    assert exp1.start == datetime.date(2000, 11, 2)
    assert exp1.members.get(role="commander").astronaut.name == "William Shepherd"
    first = Spacewalk.objects.order_by("date").first()
    assert first.date == datetime.date(1998, 12, 7)
    assert first.mission == "STS-88"
    assert {p.name for p in first.crew.all()} == {"Jerry Ross", "James Newman"}
    # Every record names its source.
    for model in (Astronaut, Expedition, ExpeditionMember, Spacewalk, Visit, Module):
        assert not model.objects.filter(source__isnull=True).exists()
    # Every expedition has a crew with a commander.
    assert not Expedition.objects.filter(members__isnull=True).exists()


def test_real_stays_give_the_figures_of_the_record(client):
    """The figures the site got wrong (issue 14), now from stays: taxi flights and
    crew exchanges counted up to the day the vehicle that took each person home left."""
    load(DATA_DIR)
    assert Stay.objects.count() >= 500
    # Every person has a stay; nobody has two at once.
    assert not Astronaut.objects.filter(stays__isnull=True).exists()

    def days(slug):
        html = client.get(f"/crew/{slug}/").content.decode()
        return int(re.search(r"<dt>Days aboard the station</dt><dd>(\d+)</dd>", html).group(1))

    # Two taxi flights of 13 and 12 days (both ends counted), not 392.
    assert days("charles-simonyi") == 25
    assert days("dennis-tito") == 7  # not 184: Soyuz TM-32 stayed, he went home in TM-31
    assert days("roberto-vittori") == 9 + 8 + 13  # two Soyuz taxi flights and STS-134
    # Expedition 1: Soyuz TM-31 docking 2 Nov 2000 to STS-102 undocking 19 Mar 2001.
    assert days("william-shepherd") == 138
    html = client.get("/aboard/?on=2010-02-10").content.decode()
    assert "Guy Laliberté" not in html and "Jeffrey Williams" in html
    # Laliberté was aboard from Soyuz TMA-16's docking to Soyuz TMA-14's undocking.
    assert "Guy Laliberté" in client.get("/aboard/?on=2009-10-11").content.decode()
    assert "Guy Laliberté" not in client.get("/aboard/?on=2009-10-12").content.decode()
    # The Starliner crew came home in Crew-9.
    wilmore = Stay.objects.get(astronaut__slug="barry-wilmore", arrival_vehicle__slug="boe-cft")
    assert wilmore.departure_vehicle.slug == "spacex-crew-9"
    # Now is the newest record, 28 April 2026, whatever today is.
    home = client.get("/").content.decode()
    assert 'As of <time datetime="2026-04-28">28 April 2026</time>' in home
