"""The offline build scripts (stations/data/build/) on a small fixture.

tests/stations/build_fixtures/data/ holds a few rows cut unchanged from each real source
(README.md there says which and why), so these tests run on a clean clone without
/work/shared.  Each test runs the scripts' own steps and compares what they derive with the
rows shipped in stations/data/, or with the correction the script documents.
"""

import csv
import importlib
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "stations" / "data" / "build"
SHIPPED = REPO / "stations" / "data"
FIXTURE = Path(__file__).resolve().parent / "build_fixtures"
DATA = FIXTURE / "data"
DERIVED = FIXTURE / "derived"


def build_script(name):
    """The script as a module (derive_stays.py imports derive_people.py by name)."""
    if str(BUILD) not in sys.path:
        sys.path.insert(0, str(BUILD))
    return importlib.import_module(name)


flights = build_script("derive_flights")
people_script = build_script("derive_people")
stays_script = build_script("derive_stays")


def shipped_rows(filename, key):
    with open(SHIPPED / filename, newline="", encoding="utf-8") as f:
        return {row[key]: row for row in csv.DictReader(f)}


def as_dict(fields, values):
    return dict(zip(fields, (str(v) for v in values), strict=True))


# --- derive_flights.py ------------------------------------------------------------------


@pytest.fixture
def flight_sources():
    source = flights.Sources(str(DATA))
    return source, flights.build_people(source)


def visits_up_to_departures(source, people):
    """build_visits' steps that the fixture covers: LL2, corquaid, the gap files and the
    departures (the public-record tables name vehicles the fixture leaves out)."""
    notes = []
    visits = flights.ll2_visits(source, notes)
    by_name = {v.name: v for v in visits}
    visits += flights.corquaid_visits(source, people, by_name, notes)
    by_name = {v.name: v for v in visits}
    flights.apply_gap_progress(source, visits, by_name, notes)
    flights.apply_gap_departures(source, by_name)
    latest = {s["name"] for s in source.cq_latest["spacecraft"]}
    for v in visits:
        if v.departure is None:
            flights.fill_departure(source, v)
        if v.departure is None:
            flights.mark_departure_unknown(v, latest)
    return {v.slug: v for v in visits}, notes


def written_names(people, pids):
    known = flights.load_people_list(str(DERIVED / "astronauts.csv"))
    names, _ = flights.choose_spellings(people, pids, known)
    return names


def test_flights_visit_rows_equal_the_shipped_rows(flight_sources):
    source, people = flight_sources
    visits, _ = visits_up_to_departures(source, people)
    names = written_names(people, [c for v in visits.values() for c in v.crew])
    shipped = shipped_rows("visits.csv", "slug")
    for slug in (
        "soyuz-tm-31",
        "sts-130",
        "spacex-crs-22",
        "spacex-crs-28",
        "progress-ms-20",
        "progress-m-64",
        "soyuz-ms-24",
        "soyuz-ms-25",
    ):
        row = as_dict(flights.VISIT_FIELDS, flights.visit_csv_row(visits[slug], names))
        assert row == shipped[slug], slug


def test_flights_correct_the_documented_source_errors(flight_sources):
    source, people = flight_sources
    visits, notes = visits_up_to_departures(source, people)
    # LL2 gives STS-130's docking as 05:26Z; NASA's record says 05:06Z.
    assert str(visits["sts-130"].arrival) == "2010-02-10T05:06Z"
    assert "arrival corrected from LL2 05:26Z to 05:06Z" in "; ".join(visits["sts-130"].details)
    # LL2's "Zarya forward" for a Soyuz is the Zarya nadir port.
    assert visits["soyuz-tma-5"].port == "Zarya nadir"
    # corquaid's CRS-28 docking (2023-06-09) is after it was listed docked: 06-06.
    assert str(visits["spacex-crs-28"].arrival) == "2023-06-06T09:54Z"
    # corquaid first put Progress MS-20 on Poisk zenith, which MS-19 held.
    assert visits["progress-ms-20"].port == "Zvezda aft"
    # The gap file's Progress M-64 port is Zvezda aft, which ATV-1 held all along.
    assert visits["progress-m-64"].port == "Zarya nadir"
    # Dropped and left out, with a note each.
    assert "spacex-crs-22-cargo-dragon" not in visits
    assert "progress-ms-04" not in visits
    assert any(n.startswith("corquaid row dropped: CRS-22 Cargo Dragon") for n in notes)
    assert "Progress MS-04: launch failure (65P), not a visit" in notes


def test_flights_second_ll2_docking_is_a_port_move(flight_sources):
    source, _ = flight_sources
    visits = {v.slug: v for v in flights.ll2_visits(source, [])}
    ms13 = visits["soyuz-ms-13"]
    assert ms13.port == "Zvezda aft"
    assert [(m.from_port, m.to_port, str(m.undock), str(m.redock)) for m in ms13.moves] == [
        ("Zvezda aft", "Poisk zenith", "2019-08-26T03:35Z", "2019-08-26T03:59Z")
    ]
    assert [s["port"] for s in flights.port_segments(ms13)] == ["Zvezda aft", "Poisk zenith"]


def test_flights_departure_files_that_disagree_stop_the_build(flight_sources):
    source, people = flight_sources
    visits = flights.corquaid_visits(source, people, {}, [])
    by_name = {v.name: v for v in visits}
    by_name["SpaceX CRS-28"].departure = flights.D("2023-06-30")
    with pytest.raises(SystemExit, match=r"SpaceX CRS-28: departures_missing.csv .* != 2023-06-30"):
        flights.apply_gap_departures(source, by_name)


def test_flights_gap_docking_on_another_day_stops_the_build(flight_sources):
    source, people = flight_sources
    visits = flights.corquaid_visits(source, people, {}, [])
    by_name = {v.name: v for v in visits}
    by_name["Progress MS-20"].arrival = flights.T("2022-06-04T13:03Z")
    with pytest.raises(
        SystemExit, match="Progress MS-20: gap docking 2022-06-03T13:03Z is not on day"
    ):
        flights.apply_gap_progress(source, visits, by_name, [])


def test_flights_spacewalk_rows_equal_the_shipped_rows(flight_sources):
    source, people = flight_sources
    walks = flights.build_spacewalks(source, people)
    names = written_names(people, [c for w in walks for c in w["crew"]])
    shipped = shipped_rows("spacewalks.csv", "designation")
    rows = [as_dict(flights.SPACEWALK_FIELDS, flights.spacewalk_csv_row(w, names)) for w in walks]
    assert [r["designation"] for r in rows] == ["STS-130 EVA 1", "STS-130 EVA 2", "STS-130 EVA 3"]
    for row in rows:
        assert row == shipped[row["designation"]]
    # NASA dates the first one 2010-02-11 (US local); cosmos-book's UTC date is kept.
    assert rows[0]["date"] == "2010-02-12"
    assert rows[0]["source_detail"].startswith("sources: cosmos_book_hsf, nasa_eva_us_russia")


def test_flights_modules_and_command_terms(flight_sources):
    source, _ = flight_sources
    by_id = {r["gcat_id"]: r for r in source.gcat_elements}
    aux = {r["JCAT"]: r for r in source.gcat_auxcat}
    p4 = flights.gcat_module("A07059", by_id, aux)
    beam = flights.gcat_module("A08570", by_id, aux)
    # P4 has no attach time of its own: it went up and was attached with P3.
    assert str(p4["attached"]) == "2006-09-11T13:20Z"
    # GCAT flags BEAM's time with '?': only the day is kept.
    assert str(beam["attached"]) == "2016-04-16"
    shipped = shipped_rows("modules.csv", "slug")
    assert (shipped["p4-truss"]["attached"], shipped["beam"]["attached"]) == (
        "2006-09-11T13:20Z",
        "2016-04-16",
    )

    elements = {m["slug"]: m for m in flights.external_elements(source, set())}
    assert str(elements["era"]["attached"]) == "2021-07-29"
    assert any(n.startswith("iROSA pair 4") for n in flights.ELEMENTS_NOT_ADDED)

    terms = flights.build_command_terms(source)
    assert [(t["commander"], str(t["start"]), flights.fmt(t["end"])) for t in terms] == [
        ("Michael Fincke", "2025-12-09", "2026-01-12"),
        ("Sergey Kud-Sverchkov", "2026-01-12", ""),
    ]


# --- derive_people.py -------------------------------------------------------------------


@pytest.fixture
def people_sources():
    source = people_script.Sources(str(DATA))
    people = people_script.build_people(source)
    people_script.describe_people(source, people)
    return source, people


def test_people_rows_of_the_expedition_1_crew(people_sources):
    _, people = people_sources
    people_script.assign_slugs(people)
    rows = {p.slug: people_script.astronaut_row(p) for p in people.values()}
    shipped = shipped_rows("astronauts.csv", "slug")
    assert rows["william-shepherd"] == shipped["william-shepherd"]
    assert rows["yuri-gidzenko"] == shipped["yuri-gidzenko"]
    # McDowell's "Sergey Krikalyov" is written in tidytuesday's transliteration.
    krikalev = rows["sergei-krikalev"]
    assert "Sergey Krikalyov" in krikalev["aliases"].split("|")
    for field in ("name", "agency", "nationality", "birth_date", "source_detail"):
        assert krikalev[field] == shipped["sergei-krikalev"][field]


def test_people_expedition_10_commander_is_corrected(people_sources):
    _, people = people_sources
    members = people_script.mcdowell_members(people)
    # McDowell lists Sharipov (AS-00379) as Exp 10 CDR as well as FE1; Chiao commanded.
    assert members[(10, "AS-00318")]["cdr"] is True
    assert members[(10, "AS-00379")]["cdr"] is False
    assert {key for (n, key), m in members.items() if n == 1 and m["cdr"]} == {"AS-00218"}


def test_people_member_dates_come_from_the_vehicles(people_sources):
    source, people = people_sources
    slugs = people_script.assign_slugs(people)
    dock, undock, _ = people_script.vehicle_dates(source, {})
    exp1 = {"number": 1, "start": "2000-11-02", "end": undock["STS102"]}
    members = people_script.mcdowell_members(people)
    problems = []
    rows = [
        people_script.member_row(exp1, key, m, dock, undock, slugs, problems)
        for (n, key), m in members.items()
        if n == 1
    ]
    assert problems == []
    assert sorted((r["astronaut"], r["role"], r["joined"], r["left"]) for r in rows) == [
        ("sergei-krikalev", "flight_engineer", "", ""),
        ("william-shepherd", "commander", "", ""),
        ("yuri-gidzenko", "flight_engineer", "", ""),
    ]
    # LL2's STS-111 undocking (2002-07-15) is after the shuttle landed.
    assert undock["STS111"] == "2002-06-15"


def test_people_two_people_on_one_slug_stop_the_build(people_sources):
    _, people = people_sources
    shepherd, gidzenko = people["AS-00218"], people["AS-00336"]
    gidzenko.name = shepherd.name
    with pytest.raises(SystemExit, match="duplicate slug william-shepherd"):
        people_script.assign_slugs(people)


# --- derive_stays.py --------------------------------------------------------------------


@pytest.fixture
def stays_out(tmp_path):
    """derive_stays.py reads the two derived files from --out and writes stays.csv there."""
    for name in ("astronauts.csv", "visits.csv"):
        shutil.copy(DERIVED / name, tmp_path / name)
    return tmp_path


def test_stays_equal_the_shipped_rows(stays_out, capsys):
    stays_script.main(["--data", str(DATA), "--out", str(stays_out)])
    with open(stays_out / "stays.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(SHIPPED / "stays.csv", newline="", encoding="utf-8") as f:
        shipped = [
            r for r in csv.DictReader(f) if r["arrival_vehicle"] in {"soyuz-ms-24", "soyuz-ms-25"}
        ]
    assert rows == shipped
    by_person = {r["astronaut"]: r for r in rows}
    # Neither source shows Kononenko and Chub moving to MS-25: DOWN_VEHICLE_OVERRIDES.
    assert by_person["oleg-kononenko"]["departure_vehicle"] == "soyuz-ms-25"
    assert by_person["nikolai-chub"]["departure"] == "2024-09-23"
    # McDowell's segments send the MS-25 visitors home in MS-24.
    assert by_person["marina-vasilevskaya"]["departure_vehicle"] == "soyuz-ms-24"
    assert "stays.csv: 6 stays of 6 people" in capsys.readouterr().out


def test_stays_unknown_crew_name_stops_and_writes_nothing(stays_out):
    with open(DERIVED / "astronauts.csv", newline="", encoding="utf-8") as f:
        people = list(csv.DictReader(f))
    with open(stays_out / "astronauts.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(people[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(p for p in people if p["slug"] != "nikolai-chub")
    with pytest.raises(SystemExit, match="soyuz-ms-24: unknown crew name 'Nikolai Chub'"):
        stays_script.derive(str(DATA), str(stays_out))
    assert not (stays_out / "stays.csv").exists()
