"""Cut the build-script fixture from the real sources (run by hand, not by the tests).

    python3 tests/stations/build_fixtures/cut_fixtures.py [--data /work/shared/data]

Every row here is copied unchanged from the source file named by its folder (or, for
derived/, from stations/data/); only rows are left out.  What is kept and why is in
README.md next to this file.
"""

import argparse
import csv
import io
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

# McDowell flights: Expedition 1 up and down (Soyuz TM-31, STS-102), Expedition 10
# (Soyuz TMA-5), STS-130 (LL2's docking-time error, three spacewalks), and Soyuz MS-24 /
# MS-25 (Kononenko and Chub went home in the other Soyuz).
FLIGHTS = {"H00233", "H00236", "H00258", "H00289", "H00374", "H00381"}
LL2_DOCKING_EVENTS = {"56", "59", "75", "103", "205", "224"}  # the flights above, Soyuz MS-13 twice
CORQUAID_VEHICLES = {
    "CRS-22 Cargo Dragon",  # a maintainer mistake the build drops
    "CRS-22 Dragon",
    "Progress MS-20",  # port corrected
    "CRS-28 Dragon",  # docking day corrected
    "Soyuz MS-24",
    "Soyuz MS-25",
}
PEOPLE = {  # the Expedition 1 crew in the person sources, as each source spells them
    "tidytuesday": {"Shepherd, William M.", "Gidzenko, Yuri", "Krikalev, Sergei"},
    "aspa": {"397", "474", "603"},
    "yearbook": {"William M. Shepherd"},
    "cosmos": {"SHEPHERD_WM", "GIDZENKO_YP", "KRIKALYOV_SK"},
}
CORQUAID_PEOPLE = {
    "Oleg Kononenko",
    "Nikolai Chub",
    "Loral O'Hara",
    "Oleg Novitsky",
    "Marina Vasilevskay",
    "Tracy Caldwell-Dyson",
}
COSMOS_EVAS = {"138", "139", "140"}  # STS-130
GAP_PROGRESS = {"Progress M-64", "Progress MS-04", "Progress MS-20"}
GAP_DEPARTURES = {"SpaceX CRS-22", "Progress MS-20", "SpaceX CRS-28"}
GCAT_ELEMENTS = {"A07058", "A07059", "A08570"}  # P3, P4 (attached with P3), BEAM ('?' time)
DERIVED_PEOPLE = {
    "oleg-kononenko",
    "nikolai-chub",
    "loral-o-hara",
    "oleg-novitsky",
    "marina-vasilevskaya",
    "tracy-caldwell-dyson",
    "robert-behnken",
    "nicholas-patrick",
}
DERIVED_VISITS = {"soyuz-ms-24", "soyuz-ms-25"}


def lines(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as f:
        return f.read().splitlines(keepends=True)


def write(path, text_lines, encoding="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.writelines(text_lines)


def cut_csv(data, out, rel, keep, encoding="utf-8"):
    """Header plus the records for which keep(row) is true, each as its original text."""
    records = csv_records("".join(lines(os.path.join(data, rel), encoding)))
    header, rows = records[0], records[1:]
    fields = next(csv.reader([header]))
    kept = [raw for raw in rows if keep(dict(zip(fields, next(csv.reader([raw])), strict=False)))]
    write(os.path.join(out, rel), [header, *kept], encoding)


def csv_records(text):
    """The raw text of each CSV record (a quoted field may span lines)."""
    records, current = [], ""
    for line in io.StringIO(text, newline=""):
        current += line
        if current.count('"') % 2 == 0:
            records.append(current)
            current = ""
    return records


def cut_tsv(data, out, rel, keep):
    """McDowell / GCAT TSV: comment lines kept, data lines where keep(fields) is true."""
    kept = [
        line
        for line in lines(os.path.join(data, rel))
        if line.startswith("#") or keep(line.rstrip("\n").split("\t"))
    ]
    write(os.path.join(out, rel), kept)


# (file, which rows to keep); a CSV row is a dict, a TSV row a list of fields.
CSV_CUTS = [
    ("mcdowell_astro/derived_iss_expeditions_summary.csv", lambda r: r["expedition"] in {"1", "2"}),
    (
        "ll2_spacedevs_2021/derived_iss_docking_events_1998_2020.csv",
        lambda r: r["ll2_docking_event_id"] in LL2_DOCKING_EVENTS,
    ),
    ("ll2_spacedevs_2021/derived_ll2_station_events.csv", lambda r: r["ll2_event_id"] == "69"),
    # the expedition boundaries place every spacewalk: the whole (64-row) table
    ("ll2_spacedevs_2021/derived_iss_expeditions_ll2.csv", lambda r: True),
    ("corquaid_iss_apis/docked_spacecraft_history.csv", lambda r: r["name"] in CORQUAID_VEHICLES),
    ("corquaid_iss_apis/people_in_space_history.csv", lambda r: r["name"] in CORQUAID_PEOPLE),
    ("tidytuesday_astronauts/astronauts.csv", lambda r: r["name"] in PEOPLE["tidytuesday"]),
    ("aspa_osmed/derived_iss_expeditions_iso.csv", lambda r: r["expedition_number"] in {"1", "2"}),
    ("nasa_astronaut_yearbook/astronauts.csv", lambda r: r["Name"].strip() in PEOPLE["yearbook"]),
    ("cosmos_book_hsf/derived_iss_eva_events_1998_2023.csv", lambda r: r["seq"] in COSMOS_EVAS),
    ("nasa_eva_us_russia/eva_normalized.csv", lambda r: r["vehicle"] == "STS-130/20A"),
    ("iss_evas_2013_2025/iss_evas_2013_2025.csv", lambda r: False),
    ("iss_vehicle_gaps/progress_flights.csv", lambda r: r["name"] in GAP_PROGRESS),
    ("iss_vehicle_gaps/departures_missing.csv", lambda r: r["vehicle_name"] in GAP_DEPARTURES),
    ("iss_vehicle_gaps/relocations.csv", lambda r: r["vehicle_name"] == "Soyuz TM-31"),
    ("gcat_mcdowell/derived_iss_elements.csv", lambda r: r["gcat_id"] in GCAT_ELEMENTS),
    ("iss_updates_2026/commander_changes.csv", lambda r: r["expedition"] == "74"),
    (
        "iss_updates_2026/external_elements.csv",
        lambda r: r["name"].startswith(("ERA ", "iROSA pair 4")),
    ),
    ("iss_updates_2026/russian_eva_numbers.csv", lambda r: False),
    ("iss_updates_2026/events_gapfill_2025-10_to_2026-04.csv", lambda r: False),
    ("iss_updates_2026/events_after_2026-04-28.csv", lambda r: False),
]
TSV_CUTS = [
    ("mcdowell_astro/missions.tsv", lambda f: f[0] in FLIGHTS),
    ("mcdowell_astro/rides.tsv", lambda f: len(f) > 5 and f[5] in FLIGHTS),
    ("gcat_mcdowell/gcat_auxcat_iss_elements.tsv", lambda f: f[0] in GCAT_ELEMENTS),
    # header, Progress M1-3 and M-44
    (
        "gcat_mcdowell/gcat_satcat_iss_rows_transcribed.tsv",
        lambda f: f[0] in {"JCAT", "S26461", "S26713"},
    ),
]
# JSON documents: (file, list key, names kept)
JSON_CUTS = [
    ("corquaid_iss_apis/iss-docked-spacecraft_latest.json", "spacecraft", {"Soyuz MS-28"}),
    (
        "corquaid_iss_apis/people-in-space_latest.json",
        "people",
        {"Zhang Lu", "Sergey Kud-Sverchkov"},
    ),
]


def cut_everything(data, out, derived_out):
    for rel, keep in CSV_CUTS:
        cut_csv(data, out, rel, keep)
    # tblPeople.csv is cp1252 (its SOURCE.md)
    cut_csv(
        data, out, "aspa_osmed/tblPeople.csv", lambda r: r["PersonID"] in PEOPLE["aspa"], "cp1252"
    )
    for rel, keep in TSV_CUTS:
        cut_tsv(data, out, rel, keep)
    for rel, key, names in JSON_CUTS:
        with open(os.path.join(data, rel), encoding="utf-8") as f:
            document = json.load(f)
        document[key] = [x for x in document[key] if x["name"] in names]
        document["number"] = len(document[key])
        write(os.path.join(out, rel), [json.dumps(document, indent=2, ensure_ascii=False) + "\n"])
    with open(os.path.join(data, "cosmos_book_hsf", "people.json"), encoding="utf-8") as f:
        people = json.load(f)
    kept = [p for p in people if os.path.basename(p["source_file"])[:-3] in PEOPLE["cosmos"]]
    write(
        os.path.join(out, "cosmos_book_hsf", "people.json"),
        [json.dumps(kept, indent=1, ensure_ascii=False) + "\n"],
    )
    # derive_stays.py reads these two derived files (from --out)
    shipped = os.path.join(REPO, "stations", "data")
    cut_csv(shipped, derived_out, "astronauts.csv", lambda r: r["slug"] in DERIVED_PEOPLE)
    cut_csv(shipped, derived_out, "visits.csv", lambda r: r["slug"] in DERIVED_VISITS)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/work/shared/data")
    args = ap.parse_args()
    cut_everything(args.data, os.path.join(HERE, "data"), os.path.join(HERE, "derived"))
