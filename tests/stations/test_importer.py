import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError

from stations.models import Astronaut
from stations.models import CommandTerm
from stations.models import DataSource
from stations.models import Expedition
from stations.models import ExpeditionMember
from stations.models import Module
from stations.models import Spacewalk
from stations.models import Stay
from stations.models import Visit
from stations.models import VisitPort
from tests.commands import run

pytestmark = pytest.mark.django_db
D = datetime.date
MINI = Path(__file__).parent / "mini_data"


def load(data_dir=MINI):
    return run("load_iss_data", data_dir=str(data_dir))


def snapshot():
    models = [
        DataSource,
        Astronaut,
        Expedition,
        ExpeditionMember,
        CommandTerm,
        Spacewalk,
        Visit,
        VisitPort,
        Stay,
        Module,
    ]
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
    # Its port times, in order: Zvezda aft, moved to Zarya nadir and back.
    assert [(p.port, p.start_date, p.end_date) for p in visit.ports.all()] == [
        ("Zvezda aft", datetime.date(2000, 11, 2), datetime.date(2001, 2, 24)),
        ("Zarya nadir", datetime.date(2001, 2, 24), datetime.date(2001, 4, 18)),
        ("Zvezda aft", datetime.date(2001, 4, 18), datetime.date(2001, 5, 6)),
    ]
    assert "port times: 4 (4 new" in output
    # Command terms name the commander by any spelling.
    assert "command terms: 1 (1 new" in output
    term = exp1.command_terms.get()
    assert (term.astronaut, term.start, term.end) == (commander, D(2000, 11, 2), D(2001, 3, 18))
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
    assert "port times: 4 (0 new, 0 updated, 4 unchanged)" in output
    assert "stays: 5 (0 new, 0 updated, 5 unchanged)" in output
    assert "command terms: 1 (0 new, 0 updated, 1 unchanged)" in output
    assert "Station data is up to date." in output


def test_a_port_time_dropped_from_the_file_is_removed(tmp_path):
    load()
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / "visit_ports.csv"
    lines = path.read_text().splitlines(keepends=True)
    # Soyuz TM-31 never moved: one port time, arrival to departure.
    lines[2] = lines[2].replace("2001-02-24T10:06Z", "2001-05-06")
    path.write_text("".join(line for index, line in enumerate(lines) if index not in (3, 4)))
    load(data)
    visit = Visit.objects.get(slug="soyuz-tm-31")
    assert [(p.port, p.end_date) for p in visit.ports.all()] == [
        ("Zvezda aft", datetime.date(2001, 5, 6))
    ]
    assert VisitPort.objects.filter(visit__slug="sts-88").count() == 1


def test_a_corrected_designation_renames_the_loaded_spacewalk(tmp_path, client):
    load()
    first = Spacewalk.objects.get(designation="STS-88 EVA 1")
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / "spacewalks.csv"
    header, row = path.read_text().splitlines()
    renamed_row = row.replace("STS-88 EVA 1,", "STS-88 EVA 1a,", 1)
    path.write_text(f"{header},replaces\n{renamed_row},STS-88 EVA 1\n")
    output = load(data)
    assert "renamed spacewalks: 1 (0 new, 1 updated" in output
    # The same record (its page and its links) under the new name; no second record.
    renamed = Spacewalk.objects.get()
    assert (renamed.pk, renamed.designation) == (first.pk, "STS-88 EVA 1a")
    assert "<h1>STS-88 EVA 1a</h1>" in client.get(f"/spacewalks/{first.pk}/").content.decode()
    before = snapshot()
    assert "Station data is up to date." in load(data)
    assert snapshot() == before


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
            "visit_ports.csv",
            "2001-02-24T10:37Z,2001-04-18T12:40Z",
            "2001-02-24T10:37Z,2001-02-20",
            "visit_ports.csv, line 4, field 'end_date': The day it left this port is before",
        ),
        (
            "visit_ports.csv",
            "soyuz-tm-31,Zarya nadir",
            "soyuz-tm-32,Zarya nadir",
            "visit_ports.csv, line 4, field 'visit': unknown visit 'soyuz-tm-32'",
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
