import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError

from stations.models import (
    Astronaut,
    CommandTerm,
    DataSource,
    Expedition,
    ExpeditionMember,
    Module,
    Spacewalk,
    Stay,
    Visit,
    VisitPort,
)
from tests.commands import run
from tests.stations import D

MINI = Path(__file__).parent / "mini_data"


def load(data_dir=MINI):
    return run("load_iss_data", data_dir=str(data_dir))


def mini_copy(tmp_path):
    """A copy of the mini data set that a test may edit."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    return data


def edited_copy(tmp_path, filename, old, new):
    """A copy of the mini data set with one text of one file replaced (it must be there)."""
    data = mini_copy(tmp_path)
    path = data / filename
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return data


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
    data = mini_copy(tmp_path)
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
    data = mini_copy(tmp_path)
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
        (
            "modules.csv",
            "slug,name,agency,kind,",
            "slug,name,agency,type,",
            "modules.csv, line 2, field 'kind': column is missing",
        ),
        (
            "expeditions.csv",
            "2,2001-03-18,,mcdowell_astro,",
            "2,2001-03-18,,nasa_history,",
            "expeditions.csv, line 3, field 'source': unknown source 'nasa_history' "
            "(not in sources.csv)",
        ),
        (
            "astronauts.csv",
            ",Yury Gidzenko,",
            ",Bill Shepherd,",
            "astronauts.csv, line 3, field 'aliases': 'Bill Shepherd' also names "
            "'william-shepherd'",
        ),
        (
            "expedition_members.csv",
            "1,sergei-krikalev,",
            "1,Yury Gidzenko,",
            "expedition_members.csv, line 4, field 'astronaut': Yuri Gidzenko is listed twice",
        ),
        (
            "command_terms.csv",
            "1,Bill Shepherd,",
            "3,Bill Shepherd,",
            "command_terms.csv, line 2, field 'expedition': unknown expedition 3",
        ),
        (
            "spacecraft_types.csv",
            "soyuz-tm,Soyuz TM,RSA,",
            "soyuz-tm,Soyuz TM,ESA,",
            "spacecraft_types.csv, line 3, field 'operator': unknown agency 'ESA'",
        ),
        (
            "visits.csv",
            "Soyuz TM-31,soyuz-tm,",
            "Soyuz TM-31,soyuz-tma,",
            "visits.csv, line 3, field 'spacecraft_type': unknown spacecraft type 'soyuz-tma'",
        ),
        (
            "visits.csv",
            "2001-03-19T04:32Z,departed",
            "2001-03-19T04:32Z,at_station",
            "visits.csv, line 4, field 'departure_status': "
            "'at_station' does not fit the departure 2001-03-19",
        ),
        (
            "spacewalks.csv",
            ",441,",
            ",-441,",
            "spacewalks.csv, line 2, field 'duration_minutes': cannot be negative",
        ),
        (
            "spacewalks.csv",
            "Jerry Ross|James Newman",
            "Jerry Ross|Jerry L. Ross",
            "spacewalks.csv, line 2, field 'crew': the same person is listed twice",
        ),
    ],
)
def test_a_bad_row_changes_nothing_and_names_the_line(tmp_path, filename, old, new, message):
    load()
    before = snapshot()
    data = edited_copy(tmp_path, filename, old, new)
    with pytest.raises(CommandError) as error:
        load(data)
    assert "Nothing was loaded." in str(error.value)
    assert message in str(error.value)
    assert snapshot() == before


def test_a_bad_row_in_a_fresh_database_writes_nothing(tmp_path):
    data = edited_copy(tmp_path, "modules.csv", "19323", "heavy")
    with pytest.raises(CommandError, match="modules.csv, line 2, field 'mass_kg'"):
        load(data)
    assert not Astronaut.objects.exists() and not Expedition.objects.exists()


def test_a_missing_file_is_named_and_changes_nothing(tmp_path):
    load()
    before = snapshot()
    data = mini_copy(tmp_path)
    (data / "stays.csv").unlink()
    with pytest.raises(CommandError, match=r"^Nothing was loaded\. stays\.csv: file not found$"):
        load(data)
    assert snapshot() == before


def test_older_data_sets_load_without_the_optional_files(tmp_path):
    data = mini_copy(tmp_path)
    (data / "command_terms.csv").unlink()
    (data / "visit_ports.csv").unlink()
    output = load(data)
    assert "Station data loaded." in output
    assert "command terms" not in output and "port times" not in output
    assert Expedition.objects.count() == 2 and Stay.objects.count() == 5


def test_a_changed_row_updates_its_record_and_says_so(tmp_path):
    load()
    # A related record (the agency) and a plain value (the birth date) both change.
    data = edited_copy(tmp_path, "astronauts.csv", "NASA,US,1956-10-16", "RSA,US,1956-10-17")
    assert "people: 5 (0 new, 1 updated, 4 unchanged)" in load(data)
    newman = Astronaut.objects.get(slug="james-newman")
    assert (newman.agency.abbreviation, newman.birth_date) == ("RSA", D(1956, 10, 17))
    assert Astronaut.objects.get(slug="jerry-ross").agency.abbreviation == "NASA"


def test_a_person_dropped_from_a_visit_crew_leaves_it(tmp_path):
    load()
    data = edited_copy(
        tmp_path,
        "visits.csv",
        "Bill Shepherd|Yury Gidzenko|Sergey Krikalyov",
        "Bill Shepherd|Sergey Krikalyov",
    )
    output = load(data)
    assert "visit crews: 1 (0 new, 1 updated, 0 unchanged)" in output
    visit = Visit.objects.get(slug="soyuz-tm-31")
    assert sorted(p.slug for p in visit.crew.all()) == ["sergei-krikalev", "william-shepherd"]


def test_a_command_term_dropped_from_the_file_is_removed(tmp_path):
    data = mini_copy(tmp_path)
    path = data / "command_terms.csv"
    header = "expedition,commander,start,end,source,source_detail\n"
    shepherd = "1,Bill Shepherd,2000-11-02,2001-01-01,public_record,\n"
    gidzenko = "1,yuri-gidzenko,2001-01-01,2001-03-18,public_record,\n"
    path.write_text(header + shepherd + gidzenko)
    load(data)
    assert CommandTerm.objects.count() == 2
    path.write_text(header + shepherd)
    output = load(data)
    assert "Station data loaded." in output
    terms = Expedition.objects.get(number=1).command_terms.all()
    assert [(t.astronaut.slug, t.start, t.end) for t in terms] == [
        ("william-shepherd", D(2000, 11, 2), D(2001, 1, 1))
    ]


def test_a_person_dropped_from_a_spacewalk_crew_leaves_it_and_is_reported(tmp_path):
    load()
    data = edited_copy(tmp_path, "spacewalks.csv", "Jerry Ross|James Newman", "Jerry Ross")
    output = load(data)
    assert "spacewalk crew: 2 (0 new, 1 updated, 1 unchanged)" in output
    assert "Station data loaded." in output
    eva = Spacewalk.objects.get(designation="STS-88 EVA 1")
    assert [p.name for p in eva.crew.all()] == ["Jerry Ross"]
