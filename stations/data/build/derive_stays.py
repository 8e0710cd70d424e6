#!/usr/bin/env python3
"""Derive stations/data/stays.csv: each person's stay aboard the station.

Run after derive_flights.py and derive_people.py, from the repo root:

    python3 stations/data/build/derive_stays.py [--data /work/shared/data]

Pure standard library. Reads visits.csv and astronauts.csv (already derived) and the
McDowell rides and corquaid people files, and writes:

    stays.csv  astronaut,arrival_vehicle,departure_vehicle,arrival,departure,
               departure_status,last_seen,source,source_detail

RULE
  * One stay per person per flight to the station. The arrival vehicle is the visit whose
    crew (visits.csv) carried the person up; the departure vehicle is the one they came
    home in.
  * Arrival day = the arrival (docking or berthing) day of the arrival vehicle.
    Departure day = the departure (undocking) day of the departure vehicle.
    Both days count as aboard.
  * Departure vehicle: McDowell's rides.tsv Segments name the vehicle of each person's
    landing (the last "TAG:seat" token, e.g. "EX1/CDR,TM31:3/BI2,STS102:3/MS3" -> STS-102;
    "ISSEP12/UP,TMA9:7/UP" -> Soyuz TMA-9). No vehicle token (shuttle crews): they came
    home in the vehicle they went up in. For flights after McDowell's edition (2024-05-19)
    or still in flight at it, corquaid's people file lists the spacecraft a person was
    attached to over time (Starliner CFT, then Crew-9 for Wilmore and Williams): the last
    one is the departure vehicle. DOWN_VEHICLE_OVERRIDES (derive_people.py) covers the two
    people neither source shows moving (Kononenko and Chub, up on MS-24, down on MS-25).
  * departure_status follows visits.csv: "departed" with the vehicle's departure day;
    "unknown" when the vehicle has left but no source dates it (last_seen = the later of
    the vehicle's last sighting and the last day corquaid listed the person); "aboard"
    when corquaid's latest document (2026-04-28) still lists the person aboard.
"""

import argparse
import collections
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from derive_people import (  # noqa: E402
    DOWN_VEHICLE_OVERRIDES,
    EXCLUDED_FLIGHTS,
    parse_segments,
    vehicle_tag,
)


def normalize_name(name):
    """As stations/importer/records.py normalize_name."""
    return re.sub(r"\s+", " ", name.replace(".", " ").replace("’", "'")).strip().casefold()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_tsv(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        rows.append([x.strip() for x in line.rstrip("\n").split("\t")])
    return rows


def tag_of(name):
    """vehicle_tag, also for visits.csv's "Boe-CFT"."""
    return "CFT" if "CFT" in name.upper() else vehicle_tag(name)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="/work/shared/data")
    parser.add_argument("--out", default=OUT_DIR)
    args = parser.parse_args(argv)
    derive(args.data, args.out)


def derive(data_dir, out_dir):
    """Read visits.csv and astronauts.csv in out_dir and the sources in data_dir;
    write out_dir/stays.csv, or stop with the list of problems and write nothing."""
    src = StaySources(data_dir, out_dir)
    rows, problems = build_stays(src)
    by_person = check_stays(rows, problems)
    if problems:
        sys.exit("\n".join(problems))
    with open(os.path.join(out_dir, "stays.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, STAY_FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    counts = collections.Counter(r["departure_status"] for r in rows)
    other = sum(1 for r in rows if r["departure_vehicle"] != r["arrival_vehicle"])
    print(f"stays.csv: {len(rows)} stays of {len(by_person)} people; {dict(counts)}; "
          f"{other} left in another vehicle than they came in")


STAY_FIELDS = ["astronaut", "arrival_vehicle", "departure_vehicle", "arrival", "departure",
               "departure_status", "last_seen", "source", "source_detail"]


class StaySources:
    """The derived people and visits, McDowell's rides and corquaid's people
    files, indexed the way the stays are looked up."""

    def __init__(self, data_dir, out_dir):
        people = read_csv(os.path.join(out_dir, "astronauts.csv"))
        self.visits = read_csv(os.path.join(out_dir, "visits.csv"))
        self.by_name, self.mcdowell_id = {}, {}
        for p in people:
            for spelling in [p["name"], *p["aliases"].split("|")]:
                if spelling.strip():
                    self.by_name[normalize_name(spelling)] = p["slug"]
            m = re.search(r"rides\.tsv (AS-\d+)", p["source_detail"])
            if m:
                self.mcdowell_id[p["slug"]] = m.group(1)
        # derive_people.py keys its overrides by McDowell id; astronauts.csv gives the slug.
        self.down_overrides = {slug: DOWN_VEHICLE_OVERRIDES[as_id]
                               for slug, as_id in self.mcdowell_id.items()
                               if as_id in DOWN_VEHICLE_OVERRIDES}
        # Visits by McDowell flight id and by vehicle tag.
        self.visit_by_flight, self.visit_by_tag = {}, {}
        for v in self.visits:
            m = re.search(r"mcdowell_astro (H\d{5})", v["source_detail"])
            if m:
                self.visit_by_flight[m.group(1)] = v
            self.visit_by_tag.setdefault(tag_of(v["name"]), v)
        self.read_mcdowell(data_dir)
        self.read_corquaid(data_dir)

    def read_mcdowell(self, data_dir):
        missions = {f[0]: {"tag": f[1], "edate": f[6]} for f in read_tsv(
            os.path.join(data_dir, "mcdowell_astro", "missions.tsv"))}
        self.rides = collections.defaultdict(dict)  # AS id -> {HSFID: segments}
        for f in read_tsv(os.path.join(data_dir, "mcdowell_astro", "rides.tsv")):
            if len(f) >= 15 and f[5] not in EXCLUDED_FLIGHTS:
                # A duration ending in "*": still in flight at the edition (segments provisional).
                self.rides[f[11]][f[5]] = (f[14], f[13].endswith("*"))
        self.tag_to_flight = {m["tag"]: hsfid for hsfid, m in missions.items()}

    def read_corquaid(self, data_dir):
        self.cq_rows = collections.defaultdict(list)  # slug -> corquaid rows
        for r in read_csv(os.path.join(data_dir, "corquaid_iss_apis", "people_in_space_history.csv")):
            if r["on_iss"] == "False":
                continue
            slug = self.by_name.get(normalize_name(r["name"]))
            if slug:
                self.cq_rows[slug].append(r)
        with open(os.path.join(data_dir, "corquaid_iss_apis", "people-in-space_latest.json"),
                  encoding="utf-8") as handle:
            latest = json.load(handle)
        self.aboard_now = {self.by_name.get(normalize_name(p["name"])) for p in latest["people"]
                           if p.get("iss")}
        self.aboard_now.discard(None)


def build_stays(src):
    """One row per crew member of each visit, sorted by arrival; and the problems found."""
    rows, problems = [], []
    for v in src.visits:
        for name in [n.strip() for n in v["crew"].split("|") if n.strip()]:
            slug = src.by_name.get(normalize_name(name))
            if slug is None:
                problems.append(f"{v['slug']}: unknown crew name {name!r}")
                continue
            rows.append(stay_row(slug, v, src, problems))
    rows.sort(key=lambda r: (r["arrival"], r["astronaut"]))
    return rows, problems


def check_stays(rows, problems):
    """Checks: one stay per person at a time; departure not before arrival.
    Returns each person's stays."""
    by_person = collections.defaultdict(list)
    for r in rows:
        if r["departure"] and r["departure"] < r["arrival"]:
            problems.append(f"{r['astronaut']}: departure {r['departure']} before {r['arrival']}")
        by_person[r["astronaut"]].append(r)
    for slug, stays in by_person.items():
        for a, b in zip(stays, stays[1:]):
            end = a["departure"] or a["last_seen"] or "9999"
            if end >= b["arrival"]:
                problems.append(f"{slug}: stays overlap ({a['arrival_vehicle']}, {b['arrival_vehicle']})")
    return by_person


def stay_row(slug, up, src, problems):
    up_flight = next((h for h, v in src.visit_by_flight.items() if v is up), None)
    rides = src.rides.get(src.mcdowell_id.get(slug), {})
    cq = src.cq_rows.get(slug, [])
    down, how = mcdowell_down_vehicle(slug, up, up_flight, rides, src, problems)
    if down is None:
        down, how = corquaid_down_vehicle(up, cq, src)
    if down is None:
        problems.append(f"{slug}: no departure vehicle found for {up['slug']}")
        down = up
    row = {"astronaut": slug, "arrival_vehicle": up["slug"], "departure_vehicle": down["slug"],
           "arrival": up["arrival"][:10], "departure": "", "last_seen": "",
           "source": "mcdowell_astro" if up_flight in rides else "corquaid_iss_apis"}
    status = down["departure_status"]
    if status == "departed":
        row["departure_status"] = "departed"
        row["departure"] = down["departure"][:10]
    elif status == "at_station" and slug in src.aboard_now:
        row["departure_status"] = "aboard"
        row["departure_vehicle"] = ""
    else:
        row["departure_status"] = "unknown"
        seen = [down["last_seen"]] + [r["last_seen_in_api_utc"][:10] for r in cq
                                      if tag_of(r["spacecraft"]) == tag_of(down["name"])]
        row["last_seen"] = max(s for s in seen if s) if any(seen) else ""
        if status == "at_station":
            problems.append(f"{slug}: {down['slug']} is at the station but corquaid's latest "
                            "document does not list the person")
    row["source_detail"] = (f"arrival: {up['slug']} arrival day; departure: {down['slug']} "
                            f"departure day ({status}); {how}")
    return row


def mcdowell_down_vehicle(slug, up, up_flight, rides, src, problems):
    """(visit, how) of the vehicle home: DOWN_VEHICLE_OVERRIDES for a flight in
    progress at McDowell's edition, else his segments; (None, "") if neither tells."""
    down, how = None, ""
    segments, in_flight_at_edition = rides.get(up_flight, ("", False))
    if in_flight_at_edition and slug in src.down_overrides:
        tag, why = src.down_overrides[slug]
        down, how = src.visit_by_tag.get(tag), f"down: {why}"
    if down is None and up_flight in rides and not in_flight_at_edition:
        _, down_tag = parse_segments(segments)
        if down_tag:
            # An uncrewed launch (Soyuz MS-23) has no McDowell flight id in visits.csv.
            down = (src.visit_by_flight.get(src.tag_to_flight.get(down_tag))
                    or src.visit_by_tag.get(down_tag))
            if down is None:
                problems.append(f"{slug}: no visit for McDowell's landing vehicle {down_tag}")
            how = f"down: mcdowell_astro rides.tsv {up_flight} segments"
        else:
            down, how = up, f"down: mcdowell_astro rides.tsv {up_flight}, same vehicle"
    return down, how


def corquaid_down_vehicle(up, cq, src):
    """corquaid: the rows of this flight (one launch time), in the order they
    were seen; the last spacecraft is the vehicle home."""
    up_tag = tag_of(up["name"])
    launch = next((r["launched_utc_corrected"] for r in cq
                   if tag_of(r["spacecraft"]) == up_tag), None)
    flight_rows = sorted((r for r in cq if r["launched_utc_corrected"] == launch),
                         key=lambda r: r["first_seen_in_api_utc"])
    if not flight_rows:
        return up, "down: same vehicle (no later vehicle in any source)"
    down = src.visit_by_tag.get(tag_of(flight_rows[-1]["spacecraft"]))
    return down, "down: corquaid people_in_space_history.csv " + " then ".join(
        r["spacecraft"] for r in flight_rows)


if __name__ == "__main__":
    main()
