#!/usr/bin/env python3
"""Derive spacecraft_types.csv, visits.csv, spacewalks.csv and modules.csv.

Reads the real source datasets under /work/shared/data (see the README.md and
the SOURCE.md of each folder there) and writes the CSV files next to this
script's parent folder (stations/data/).  Pure Python standard library.

    python3 stations/data/build/derive_flights.py [--data DIR] [--out DIR]

This file is the record of HOW the data was derived: every merge rule, every
correction of a documented source error and every addition from the public
record is written below, next to the table or code that applies it.  The app
reads only the CSV files.

Conventions used in all output files
------------------------------------
* Date/time columns hold either ``YYYY-MM-DD`` (the source knows only the
  date) or ``YYYY-MM-DDTHH:MMZ`` (UTC, seconds truncated).  A midnight is
  never invented: a source value of exactly 00:00:00 that is a known
  date-only placeholder is written as a date.
* ``source`` is the dataset folder name of the main source of the row, or
  ``public_record``.  ``source_detail`` says which file/row, which correction
  was applied, which field came from elsewhere (e.g. "launch: public_record").
* Person names are written in ONE spelling per person (the "display name"
  picked in ``People`` below, normally J. McDowell's spelling without rank),
  so the same person is spelled the same way in visits.csv and
  spacewalks.csv.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import difflib
import html
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = "/work/shared/data"
DEFAULT_OUT = os.path.dirname(HERE)  # stations/data

UTC = dt.UTC

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------


class When:
    """A UTC instant or a bare date (when the source has no time)."""

    __slots__ = ("value", "has_time")

    def __init__(self, value, has_time):
        self.value = value  # datetime (UTC, naive-free) or date
        self.has_time = has_time

    @property
    def date(self):
        return self.value.date() if self.has_time else self.value

    def __str__(self):
        if self.has_time:
            return self.value.strftime("%Y-%m-%dT%H:%MZ")
        return self.value.isoformat()

    def sort_key(self):
        if self.has_time:
            return self.value.replace(tzinfo=None)
        return dt.datetime.combine(self.value, dt.time(0, 0))

    def __repr__(self):
        return f"When({self})"


def D(s):
    """A date-only When from 'YYYY-MM-DD'."""
    return When(dt.date.fromisoformat(s), False)


def T(s):
    """A datetime When from 'YYYY-MM-DDTHH:MM[:SS]Z' (seconds dropped)."""
    s = s.strip().rstrip("Z")
    v = dt.datetime.fromisoformat(s).replace(second=0, microsecond=0, tzinfo=UTC)
    return When(v, True)


def iso_when(s, midnight_is_date=False):
    """Parse an ISO value from a source; empty -> None."""
    s = (s or "").strip()
    if not s:
        return None
    if "T" not in s:
        return D(s[:10])
    if midnight_is_date and s[11:19] == "00:00:00":
        return D(s[:10])
    return T(s)


MONTHS = {
    m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)
}


def mcdowell_when(s):
    """McDowell/GCAT dates: '1998 Dec  4 0835:34', '2022 Sep 29 1057',
    '2019 Oct  3 1059:20?', '1998 Nov 20', '-' (none)."""
    s = (s or "").strip().rstrip("?").strip()
    if not s or s == "-":
        return None
    parts = s.split()
    y, mon, d = int(parts[0]), MONTHS[parts[1]], int(parts[2])
    if len(parts) == 3:
        return When(dt.date(y, mon, d), False)
    hhmm = parts[3].split(":")[0]
    return When(dt.datetime(y, mon, d, int(hhmm[:2]), int(hhmm[2:4]), tzinfo=UTC), True)


def minutes_between(a, b):
    return int((b.value - a.value).total_seconds() // 60)


def fold(s):
    """Lower-case ASCII fold (accents removed)."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def slugify(s):
    s = fold(s)
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")


def read_csv(path, **kw):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, **kw))


def read_tsv_commented(path):
    """McDowell's TSV: header starts with '#', comment lines start with '# '."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("# ") and line.strip() != "#"]
    return list(csv.DictReader(lines, delimiter="\t"))


# ---------------------------------------------------------------------------
# People: one display spelling per person, and resolution of the many
# spellings found in the sources (McDowell, corquaid, cosmos-book, NASA EVA
# table, iss_evas_2013_2025) to that person.
# ---------------------------------------------------------------------------

SUFFIXES = {"jr", "jr.", "ii", "iii", "sr"}


def strip_nick(name):
    """Remove quoted nicknames ('Nick', "Duke") and parenthesised remarks."""
    name = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", " ", name)
    return re.sub(r"\s+", " ", name).strip()


def skel(s):
    """Transliteration-tolerant skeleton used to compare surnames:
    Artem'ev = Artemyev, Prokop'ev = Prokopyev, Korniyenko = Kornienko,
    Krikalyov = Krikalev, Ryazanskiy = Ryazansky ..."""
    s = fold(s)
    s = re.sub(r"[^a-z]", "", s)
    for a, b in (
        ("kh", "h"),
        ("yo", "e"),
        ("ye", "e"),
        ("yu", "u"),
        ("ya", "a"),
        ("iy", "i"),
        ("yi", "i"),
        ("y", "i"),
        ("ii", "i"),
        ("w", "v"),
        ("ie", "e"),
        ("ck", "k"),
    ):
        s = s.replace(a, b)
    return s


# Common short forms of given names, used only to tell apart people who share
# a surname (e.g. "Drew Morgan" = Andrew Morgan, not Barbara Morgan).
NICKNAMES = {
    "drew": "andrew",
    "butch": "barry",
    "suni": "sunita",
    "bill": "william",
    "mike": "michael",
    "jim": "james",
    "jeff": "jeffrey",
    "dave": "dafydd",
    "bob": "robert",
    "tom": "thomas",
    "dan": "daniel",
    "joe": "joseph",
    "steve": "stephen",
    "chris": "christopher",
    "rick": "richard",
    "andy": "andrew",
    "don": "donald",
    "nick": "niklaus",
}

# McDowell writes these Japanese names surname first.
REVERSED_NAMES = {"Hirano Yozo": "Yozo Hirano", "Maezawa Yusaku": "Yusaku Maezawa"}

# Obvious misspellings in corquaid's lists (checked against the same
# dataset's people file, which has the right spelling for most of them).
CORQUAID_TYPOS = {
    "Christoper Williams": "Christopher Williams",
    "Akihido Hoshide": "Akihiko Hoshide",
    "Tipor Kapu": "Tibor Kapu",
    "Shubanshu Shukla": "Shubhanshu Shukla",
    "Marina Vasilevskay": "Marina Vasilevskaya",
}

# Names that the generic surname matcher cannot link (different romanisation).
MANUAL_SURNAME = {"wagner": "vagner", "grebenkin": "grebonkin", "gezeravci": "gezeravci"}


class People:
    def __init__(self):
        self.variants = collections.defaultdict(collections.Counter)  # pid -> names
        self.index = collections.defaultdict(set)  # surname skeleton -> pids
        self.given = collections.defaultdict(set)  # pid -> given-name skeletons
        self.override = {}
        self.log = []
        # every spelling met in any source, per person (used only to pick a
        # spelling that a people list with aliases knows, see choose_spellings)
        self.spellings = collections.defaultdict(dict)

    def _tokens(self, name):
        toks = [t for t in name.replace(",", " ").split() if t.lower() not in SUFFIXES]
        return toks

    def add(self, pid, name):
        name = REVERSED_NAMES.get(name, name)
        name = strip_nick(name)
        if not name:
            return
        self.variants[pid][name] += 1
        toks = self._tokens(name)
        if not toks:
            return
        self.given[pid].add(skel(toks[0]))
        self.index[skel(toks[-1])].add(pid)
        if len(toks) >= 3:
            self.index[skel("".join(toks[-2:]))].add(pid)

    def display(self, pid):
        if pid in self.override:
            return self.override[pid]
        variants = self.variants[pid]
        # most frequent spelling; ties -> fewer words (no middle initial),
        # then alphabetical for stability
        best = sorted(variants.items(), key=lambda kv: (-kv[1], len(kv[0].split()), kv[0]))
        return best[0][0]

    def _given_ok(self, pid, given):
        if not given:
            return True
        g = skel(given)
        g2 = skel(NICKNAMES.get(fold(given), given))
        for known in self.given[pid]:
            if known[:1] in (g[:1], g2[:1]) or known.startswith(g) or g.startswith(known):
                return True
        return False

    def resolve(self, surname_candidates, given, context):
        """Find the person for a name; surname_candidates are possible
        surname strings (e.g. last word, last two words)."""
        for cand in surname_candidates:
            key = skel(cand)
            key = MANUAL_SURNAME.get(key, key)
            pids = self.index.get(key, set())
            if len(pids) > 1:
                pids = {p for p in pids if self._given_ok(p, given)}
            if len(pids) == 1:
                return next(iter(pids))
            if len(pids) > 1:
                raise SystemExit(f"ambiguous name {given} {cand} ({context}): {pids}")
        # fuzzy: source typos such as 'Wheellock', 'Fugelsang', 'Virst', 'Padelka'
        keys = list(self.index)
        for cand in surname_candidates:
            close = difflib.get_close_matches(skel(cand), keys, n=3, cutoff=0.78)
            pids = set()
            for c in close:
                pids |= {p for p in self.index[c] if self._given_ok(p, given)}
            if len(pids) == 1:
                pid = next(iter(pids))
                self.log.append(
                    f"fuzzy name match: '{given} {cand}' -> {self.display(pid)} ({context})"
                )
                return pid
        return None

    def resolve_given_first(self, name, context):
        """'Jerry Ross', 'Tracy Caldwell Dyson', 'Michael López-Alegría'."""
        name = strip_nick(CORQUAID_TYPOS.get(name, name))
        toks = self._tokens(name)
        cands = []
        if len(toks) >= 3:
            cands.append("".join(toks[-2:]))
        cands.append(toks[-1])
        pid = self.resolve(cands, toks[0] if len(toks) > 1 else "", context)
        if pid is not None:
            self.spellings[pid].setdefault(name, context)
        return pid

    def resolve_surname_first(self, name, context):
        """cosmos-book style 'SURNAME, Given Middle' ('CALDWELL (Dyson), Tracy E.')."""
        name = html.unescape(name)
        sur, _, given = name.partition(",")
        sur = sur.replace("(", " ").replace(")", " ")
        given = strip_nick(given).split()
        given = given[0] if given else ""
        cands = ["".join(sur.split())] + sur.split()[::-1]
        pid = self.resolve(cands, given, context)
        if pid is not None:
            first = " ".join(re.sub(r"\(.*?\)|,", " ", strip_nick(name.partition(",")[2])).split())
            last = " ".join(
                w.capitalize() if w.isupper() else w for w in re.split(r"(\s|-)", sur) if w
            )
            self.spellings[pid].setdefault(re.sub(r"\s+", " ", f"{first} {last}").strip(), context)
        return pid


# ---------------------------------------------------------------------------
# Source loading
# ---------------------------------------------------------------------------


class Sources:
    def __init__(self, root):
        self.root = root
        p = lambda *a: os.path.join(root, *a)  # noqa: E731
        self.mc_missions = read_tsv_commented(p("mcdowell_astro", "missions.tsv"))
        self.mc_rides = read_tsv_commented(p("mcdowell_astro", "rides.tsv"))
        self.ll2_dock = read_csv(
            p("ll2_spacedevs_2021", "derived_iss_docking_events_1998_2020.csv")
        )
        self.ll2_events = read_csv(p("ll2_spacedevs_2021", "derived_ll2_station_events.csv"))
        self.ll2_exp = read_csv(p("ll2_spacedevs_2021", "derived_iss_expeditions_ll2.csv"))
        self.cq_docked = read_csv(p("corquaid_iss_apis", "docked_spacecraft_history.csv"))
        self.cq_people = read_csv(p("corquaid_iss_apis", "people_in_space_history.csv"))
        with open(
            p("corquaid_iss_apis", "iss-docked-spacecraft_latest.json"), encoding="utf-8"
        ) as f:
            self.cq_latest = json.load(f)
        self.cosmos_evas = read_csv(p("cosmos_book_hsf", "derived_iss_eva_events_1998_2023.csv"))
        self.nasa_evas = read_csv(p("nasa_eva_us_russia", "eva_normalized.csv"))
        self.iss_evas = read_csv(p("iss_evas_2013_2025", "iss_evas_2013_2025.csv"))
        self.gap_progress = read_csv(p("iss_vehicle_gaps", "progress_flights.csv"))
        self.gap_departures = read_csv(p("iss_vehicle_gaps", "departures_missing.csv"))
        self.gap_relocations = read_csv(p("iss_vehicle_gaps", "relocations.csv"))
        self.gcat_elements = read_csv(p("gcat_mcdowell", "derived_iss_elements.csv"))
        self.upd_vkd = read_csv(p(UPDATES, "russian_eva_numbers.csv"))
        self.upd_commanders = read_csv(p(UPDATES, "commander_changes.csv"))
        self.upd_elements = read_csv(p(UPDATES, "external_elements.csv"))
        self.upd_events = read_csv(
            p(UPDATES, "events_gapfill_2025-10_to_2026-04.csv")
        ) + read_csv(p(UPDATES, "events_after_2026-04-28.csv"))
        with open(
            p("gcat_mcdowell", "gcat_satcat_iss_rows_transcribed.tsv"), encoding="utf-8"
        ) as f:
            self.gcat_satcat = list(csv.DictReader(f, delimiter="\t"))
        with open(p("gcat_mcdowell", "gcat_auxcat_iss_elements.tsv"), encoding="utf-8") as f:
            lines = list(f)
        lines[0] = lines[0].lstrip("#")
        self.gcat_auxcat = list(csv.DictReader(lines, delimiter="\t"))

        # McDowell: ISS missions by ship name and rides by flight id
        self.mission_by_ship = {}
        self.mission_by_id = {}
        for m in self.mc_missions:
            if m["Station"].strip() == "ISS":
                self.mission_by_ship[m["Ship"].strip()] = m
                self.mission_by_id[m["#HSFID"]] = m
        self.rides_by_flight = collections.defaultdict(list)
        for r in self.mc_rides:
            self.rides_by_flight[r["HSFID"]].append(r)


def build_people(src):
    """Register everybody who flew to the ISS according to McDowell (one id
    per person), plus later flyers from corquaid's people file."""
    people = People()
    for hsfid in src.mission_by_id:
        for r in src.rides_by_flight[hsfid]:
            people.add(r["ID"], r["Name"].split(",")[0].strip())
    # people who flew after McDowell's 2024-05-19 edition: corquaid spelling
    for row in src.cq_people:
        if row["on_iss"] != "True":
            continue
        name = CORQUAID_TYPOS.get(row["name"], row["name"])
        if people.resolve_given_first(name, "corquaid people") is None:
            people.add("CQ:" + name, name)
    # Display-name overrides: McDowell's most frequent spelling is kept except
    # where it carries a nickname in quotes only ('Nick' Hague) or where the
    # ride rows spell the same person in ways that read badly.
    for pid, name in {
        "AS-00565": "Nick Hague",  # McDowell: T. Niklaus 'Nick' Hague (corquaid spelling)
        "AS-00454": "Heidemarie M. Stefanyshyn-Piper",  # McDowell has 'Heidemaire' once
        "AS-00379": "Salizhan Sharipov",  # McDowell 'Salizan' (cosmos-book: Salizhan)
        "AS-00414": "Konstantin M. Kozeev",  # McDowell typo 'Kostantin'
    }.items():
        if pid in people.variants:
            people.override[pid] = name
    return people


# ---------------------------------------------------------------------------
# Visiting vehicles
# ---------------------------------------------------------------------------
#
# Merge rules
# * 1998-12 .. 2020-12: The Space Devs LL2 docking events (ll2_spacedevs_2021)
#   give arrival (docking/berthing), departure (undocking/unberthing) and port.
#   Launch time and the crew carried up come from McDowell's missions.tsv and
#   rides.tsv (mcdowell_astro) for crewed flights.
# * 2021-01 .. 2026-04: corquaid's API history (corquaid_iss_apis) gives launch
#   and docking (the *_corrected columns: the raw epochs are early by the
#   Europe/Paris UTC offset, see its SOURCE.md) and the port.  It has NO
#   undocking time (only upper bounds), see PUBLIC_DEPARTURES / soyuz rule.
# * Crew carried up: McDowell rides for every flight he lists (to 2024-05-19);
#   later flights: corquaid's people file, matched by spacecraft AND launch
#   date (the docked-spacecraft file lists the crew aboard at the time, which
#   for Soyuz MS-23, MS-25 and Crew-9 is the crew that came home in it, not
#   the crew launched; those lists are not used).
# * A relocation to another port is not a new visit: the first port is kept
#   and the move is noted in source_detail.

ATV_NAMES = {
    "ATV-001": "ATV-1 Jules Verne",
    "ATV-002": "ATV-2 Johannes Kepler",
    "ATV-003": "ATV-3 Edoardo Amaldi",
    "ATV-004": "ATV-4 Albert Einstein",
    "ATV-005": "ATV-5 Georges Lemaître",
}

# LL2 names Cygnus flights inconsistently; the usual mission names.
CYGNUS_NAMES = {
    "Cygnus 1": "Cygnus Orb-D1",
    "Cygnus CRS Orb-1": "Cygnus Orb-1",
    "Cygnus CRS Orb-2": "Cygnus Orb-2",
    "Cygnus CRS OA-4": "Cygnus OA-4",
    "Cygnus CRS OA-6": "Cygnus OA-6",
    "Cygnus CRS OA-5": "Cygnus OA-5",
    "Cygnus CRS OA-7": "Cygnus OA-7",
    "Cygnus CRS OA-8E": "Cygnus OA-8E",
    "Cygnus CRS OA-9E": "Cygnus OA-9E",
    "Cygnus NG-10": "Cygnus NG-10",
    'Cygnus NG-11 "S.S. Roger Chaffee"': "Cygnus NG-11",
    "Cygnus CRS NG-12 (S.S. Alan Bean)": "Cygnus NG-12",
    "Cygnus CRS NG-13 (S.S. Robert Henry Lawrence Jr.)": "Cygnus NG-13",
    "Cygnus CRS NG-14": "Cygnus NG-14",
}

# LL2 gives Dragon 1 capsules by serial (C102, C103 ...; capsules flew
# several times).  In order of berthing they are the COTS demo flight C2+
# and CRS-1 .. CRS-20 without CRS-7 (lost at launch in 2015, never berthed).
DRAGON1_MISSIONS = ["SpaceX Dragon C2+"] + [f"SpaceX CRS-{n}" for n in range(1, 21) if n != 7]

# Launch dates of uncrewed flights that no source here carries (LL2 docking
# events have no launch date; McDowell lists only crewed flights).  Public
# record (NASA / ESA / JAXA / Roscosmos launch announcements), UTC dates only.
PUBLIC_LAUNCH = {
    "ATV-1 Jules Verne": "2008-03-09",
    "ATV-2 Johannes Kepler": "2011-02-16",
    "ATV-3 Edoardo Amaldi": "2012-03-23",
    "ATV-4 Albert Einstein": "2013-06-05",
    "ATV-5 Georges Lemaître": "2014-07-29",
    "HTV-1": "2009-09-10",
    "HTV-2": "2011-01-22",
    "HTV-3": "2012-07-21",
    "HTV-4": "2013-08-03",
    "HTV-5": "2015-08-19",
    "HTV-6": "2016-12-09",
    "HTV-7": "2018-09-22",
    "HTV-8": "2019-09-24",
    "HTV-9": "2020-05-20",
    "SpaceX Dragon C2+": "2012-05-22",
    "SpaceX CRS-1": "2012-10-08",
    "SpaceX CRS-2": "2013-03-01",
    "SpaceX CRS-3": "2014-04-18",
    "SpaceX CRS-4": "2014-09-21",
    "SpaceX CRS-5": "2015-01-10",
    "SpaceX CRS-6": "2015-04-14",
    "SpaceX CRS-8": "2016-04-08",
    "SpaceX CRS-9": "2016-07-18",
    "SpaceX CRS-10": "2017-02-19",
    "SpaceX CRS-11": "2017-06-03",
    "SpaceX CRS-12": "2017-08-14",
    "SpaceX CRS-13": "2017-12-15",
    "SpaceX CRS-14": "2018-04-02",
    "SpaceX CRS-15": "2018-06-29",
    "SpaceX CRS-16": "2018-12-05",
    "SpaceX CRS-17": "2019-05-04",
    "SpaceX CRS-18": "2019-07-25",
    "SpaceX CRS-19": "2019-12-05",
    "SpaceX CRS-20": "2020-03-07",
    "SpaceX Demo-1": "2019-03-02",
    "Cygnus Orb-D1": "2013-09-18",
    "Cygnus Orb-1": "2014-01-09",
    "Cygnus Orb-2": "2014-07-13",
    "Cygnus OA-4": "2015-12-06",
    "Cygnus OA-6": "2016-03-23",
    "Cygnus OA-5": "2016-10-17",
    "Cygnus OA-7": "2017-04-18",
    "Cygnus OA-8E": "2017-11-12",
    "Cygnus OA-9E": "2018-05-21",
    "Cygnus NG-10": "2018-11-17",
    "Cygnus NG-11": "2019-04-17",
    "Cygnus NG-12": "2019-11-02",
    "Cygnus NG-13": "2020-02-15",
    "Cygnus NG-14": "2020-10-03",
    "Progress MS-09": "2018-07-09",
    "Progress MS-10": "2018-11-16",
    "Progress MS-11": "2019-04-04",
    "Progress MS-12": "2019-07-31",
    "Soyuz MS-14": "2019-08-22",
}

# Corrections of documented LL2 errors (ll2_spacedevs_2021/SOURCE.md).
LL2_FIXES = {
    # "STS-111 departure 2002-07-15 ... should be about 2002-06-15": the
    # shuttle landed 2002-06-19; LL2's own Expedition 4 end is 2002-06-15T14:32.
    ("STS-111", "departure"): (
        T("2002-06-15T14:32Z"),
        "departure corrected from LL2 2002-07-15T14:32 (month typo; shuttle landed 2002-06-19; LL2 Exp 4 end 2002-06-15T14:32)",
    ),
    # "STS-130 docking is given as 05:26Z, but the commonly cited time is
    # ~05:06Z": NASA's mission record gives docking at 12:06 a.m. EST.
    # Found here: LL2 docks Soyuz TMA-16M at 2015-03-27T01:33, before its
    # launch (McDowell: 2015-03-27 19:42:57).  It flew the six-hour
    # rendezvous and docked at 01:33 UTC the next day.
    ("Soyuz TMA-16M", "arrival"): (
        T("2015-03-28T01:33Z"),
        "arrival corrected from LL2 2015-03-27T01:33 (before launch 2015-03-27T19:42) to 2015-03-28T01:33 (6-h rendezvous)",
    ),
    # Found here: LL2 docks Soyuz TMA-19 on 2010-07-17T22:21, a month after
    # its launch (2010-06-15 21:35).  It flew the two-day rendezvous: month
    # typo (as for STS-111), docked 2010-06-17T22:21.
    ("Soyuz TMA-19", "arrival"): (
        T("2010-06-17T22:21Z"),
        "arrival corrected from LL2 2010-07-17T22:21 (month typo; launched 2010-06-15, two-day rendezvous) to 2010-06-17T22:21",
    ),
    ("STS-130", "arrival"): (
        T("2010-02-10T05:06Z"),
        "arrival corrected from LL2 05:26Z to 05:06Z (NASA: docked 12:06 a.m. EST)",
    ),
}

# Soyuz/LL2 port naming: Zarya's forward port holds PMA-1/Unity since 1998,
# so Soyuz "Zarya forward" in LL2 is the Zarya NADIR port (LL2 itself says
# "Zarya nadir" for TMA-15 and TMA-17).  STS-88: Endeavour was attached
# through PMA-2 on Unity's forward end (Zarya was berthed to PMA-1, Unity aft);
# LL2's "Zarya forward" describes the Zarya-Unity mating, not the orbiter.
PORT_FIXES = {
    "STS-88": (
        "Unity forward",
        "port: LL2 'Zarya forward' is the Zarya-PMA-1 mating; the orbiter was attached via PMA-2 at Unity forward",
    ),
}

# Departures not in the sources, from the public record (date only, UTC),
# only where the date is certain.  Each was checked against corquaid's
# window (last listed .. first absent) and, for crew flights, McDowell's
# landing time, by check_departures() below.
PUBLIC_DEPARTURES = {
    "Progress M1-3": (
        "2000-11-01",
        "undocked from Zvezda aft before Soyuz TM-31 docked there on 2000-11-02",
    ),
    "Progress MS-13": (
        "2020-07-08",
        "undocked from Pirs before Progress MS-15 docked there on 2020-07-23",
    ),
    "Cygnus NG-14": (
        "2021-01-06",
        "LL2 event 196 release 2021-01-06 (planned time 15:10Z, so date only); not in corquaid's first snapshot 2021-01-07",
    ),
    "Progress MS-16": ("2021-07-26", "undocked together with the Pirs module for disposal"),
    "Progress MS-17": (
        "2021-11-25",
        "left Nauka nadir (with its docking adapter) the day before Prichal arrived",
    ),
    "Progress M-UM": ("2021-12-22", "undocked from Prichal after delivering it"),
    "SpaceX CRS-24": ("2022-01-23", "undocked 2022-01-23, splashdown 2022-01-24"),
    "SpaceX Crew-1": ("2021-05-02", "undocked 2021-05-02 00:35 UTC (1 May EDT)"),
    "SpaceX Crew-2": ("2021-11-08", "undocked 2021-11-08"),
    "SpaceX Crew-3": ("2022-05-05", "undocked 2022-05-05"),
    "SpaceX Crew-4": ("2022-10-14", "undocked 2022-10-14, splashdown the same day"),
    "SpaceX Crew-5": ("2023-03-11", "undocked 2023-03-11"),
    "SpaceX Crew-6": ("2023-09-03", "undocked 2023-09-03"),
    "SpaceX Crew-7": ("2024-03-11", "undocked 2024-03-11"),
    "SpaceX Crew-8": ("2024-10-23", "undocked 2024-10-23"),
    "SpaceX Crew-9": ("2025-03-18", "undocked 2025-03-18, splashdown the same day"),
    "Axiom Ax-2": ("2023-05-30", "undocked 2023-05-30"),
    "Axiom Ax-3": ("2024-02-07", "undocked 2024-02-07"),
    "Axiom Ax-4": ("2025-07-14", "undocked 2025-07-14"),
    "Boe-OFT-2": ("2022-05-25", "undocked and landed 2022-05-25"),
    "Boe-CFT": ("2024-09-06", "undocked uncrewed 2024-09-06 22:04 UTC"),
    "Soyuz MS-23": ("2023-09-27", "undocked and landed 2023-09-27"),
    "Soyuz MS-25": ("2024-09-23", "undocked and landed 2024-09-23"),
    "Soyuz MS-26": ("2025-04-19", "undocked 2025-04-19; landed 2025-04-20 01:20 UTC"),
    "SpaceX Crew-10": ("2025-08-08", "undocked 2025-08-08; splashdown 2025-08-09"),
}

CQ_EXPEDITION_START = ("Soyuz MS-27", "2025-12-09")

# Additions: visits that no docking list here carries.
#   Progress M1-3 and M-44: GCAT satcat rows (launch, DDate = docking, Dest =
#   S26400 Zvezda) in gcat_mcdowell.
#   Progress MS-13: LL2 station event 69 "has successfully docked to the
#   ISS's Pirs module" 2019-12-09T10:35Z (the LL2 docking list lacks it);
#   launch date from the public record.
#   SpaceX CRS-24: missing from corquaid's history (no commit listed it),
#   public record: launch 2021-12-21, docked to Harmony forward 2021-12-22.
ADDED_VISITS = [
    dict(
        name="Progress MS-13",
        launch=D("2019-12-06"),
        arrival=T("2019-12-09T10:35Z"),
        port="Pirs nadir",
        source="ll2_spacedevs_2021",
        detail="derived_ll2_station_events.csv event 69 (docking to Pirs); launch: public_record",
    ),
    # port left empty: the Harmony port cannot be settled from the sources
    # (corquaid's forward/zenith entries for Dec 2021 - Apr 2022 contradict
    # each other, see DATA_NOTES.md)
    dict(
        name="SpaceX CRS-24",
        launch=D("2021-12-21"),
        arrival=D("2021-12-22"),
        port="",
        source="public_record",
        detail="not in corquaid history; NASA CRS-24 mission record (launch, docking); port unknown",
    ),
]

PORT_NORMAL = {
    "poisk zenith": "Poisk zenith",
    "harmony forward": "Harmony forward",
    "harmony zenith": "Harmony zenith",
    "harmony nadir": "Harmony nadir",
    "unity nadir": "Unity nadir",
    "zvezda aft": "Zvezda aft",
    "pirs nadir": "Pirs nadir",
    "rassvet nadir": "Rassvet nadir",
    "prichal nadir": "Prichal nadir",
    "nauka nadir": "Nauka nadir",
}


def norm_port(p):
    p = (p or "").strip()
    return PORT_NORMAL.get(p.lower(), p)


def spacecraft_type_of(name):
    rules = [
        (r"^STS-", "space-shuttle"),
        (r"^Soyuz TM-\d+$", "soyuz-tm"),
        (r"^Soyuz TMA-\d+$", "soyuz-tma"),
        (r"^Soyuz TMA-\d+M$", "soyuz-tma-m"),
        (r"^Soyuz MS-", "soyuz-ms"),
        (r"^Progress M1-", "progress-m1"),
        (r"^Progress M-\d+$", "progress-m"),
        # the module carriers that brought Pirs (M-SO1) and Poisk (M-MIM2)
        (r"^Progress M-(SO1|MIM2)$", "progress-m"),
        (r"^Progress M-\d+M$", "progress-m-m"),
        (r"^Progress MS-", "progress-ms"),
        (r"^Progress M-UM$", "progress-m-um"),
        (r"^ATV-", "atv"),
        (r"^HTV-X", "htv-x"),
        (r"^HTV-\d", "htv"),
        (r"^SpaceX (Dragon C2\+|CRS-(\d|1\d|20)$)", "dragon-1"),
        (r"^SpaceX CRS-", "cargo-dragon-2"),
        (r"^(SpaceX (Demo|Crew)-|Axiom Ax-)", "crew-dragon"),
        (r"^Cygnus ", "cygnus"),
        (r"^Boe-", "starliner"),
    ]
    for pattern, slug in rules:
        if re.search(pattern, name):
            return slug
    raise SystemExit(f"no spacecraft type for {name}")


SPACECRAFT_TYPES = {
    # slug: (name, operator, purpose)
    "space-shuttle": ("Space Shuttle", "NASA", "crew"),
    "soyuz-tm": ("Soyuz TM", "RSA", "crew"),
    "soyuz-tma": ("Soyuz TMA", "RSA", "crew"),
    "soyuz-tma-m": ("Soyuz TMA-M", "RSA", "crew"),
    "soyuz-ms": ("Soyuz MS", "RSA", "crew"),
    "progress-m": ("Progress M", "RSA", "cargo"),
    "progress-m1": ("Progress M1", "RSA", "cargo"),
    "progress-m-m": ("Progress M-M", "RSA", "cargo"),
    "progress-ms": ("Progress MS", "RSA", "cargo"),
    # the one-off Progress that delivered the Prichal node module
    "progress-m-um": ("Progress M-UM", "RSA", "cargo"),
    "atv": ("Automated Transfer Vehicle (ATV)", "ESA", "cargo"),
    "htv": ("H-II Transfer Vehicle (HTV, Kounotori)", "JAXA", "cargo"),
    "htv-x": ("HTV-X", "JAXA", "cargo"),
    # Dragon 1 (2012-2020) was berthed by the arm, Dragon 2 cargo docks itself
    "dragon-1": ("Dragon 1 (cargo)", "SpaceX", "cargo"),
    "cargo-dragon-2": ("Cargo Dragon 2", "SpaceX", "cargo"),
    "crew-dragon": ("Crew Dragon", "SpaceX", "crew"),
    "cygnus": ("Cygnus", "NG", "cargo"),
    "starliner": ("Starliner", "Boeing", "crew"),
}
BERTHED_TYPES = {"dragon-1", "cygnus", "htv", "htv-x"}


class Visit:
    def __init__(self, name, launch, arrival, departure, port, crew, source, details):
        self.name = name
        self.launch, self.arrival, self.departure = launch, arrival, departure
        self.port = port
        self.crew = crew  # list of person ids
        self.source = source
        self.details = list(details)
        self.type = spacecraft_type_of(name)
        self.mode = "berthed" if self.type in BERTHED_TYPES else "docked"
        self.slug = slugify(name)
        # When no departure date is known: "at_station" (the latest snapshot still
        # lists it) or "unknown" (it left; last_seen is the last day a source saw it).
        self.departure_status = "departed"
        self.last_seen = None
        # Port moves while docked: Move records, applied by port_segments().
        self.moves = []
        # Berthed vehicles: the robotic arm's capture, when a source gives it
        # apart from the berthing (arrival).
        self.captured = None
        # Where the first port came from (the visit's own source unless a
        # later source corrected it).
        self.port_source = None


def mcdowell_crew(src, hsfid):
    return [r["ID"] for r in sorted(src.rides_by_flight[hsfid], key=lambda r: int(r["#No"]))]


def ll2_visits(src, notes):
    rows = [r for r in src.ll2_dock]
    visits = []
    dragon1 = sorted(
        (r for r in rows if r["spacecraft_config"] == "Dragon 1"), key=lambda r: r["docking_utc"]
    )
    dragon1_name = {r["ll2_docking_event_id"]: DRAGON1_MISSIONS[i] for i, r in enumerate(dragon1)}
    seen = {}
    for r in sorted(rows, key=lambda r: r["docking_utc"]):
        details = [f"derived_iss_docking_events_1998_2020.csv event {r['ll2_docking_event_id']}"]
        name = ll2_visit_name(r, dragon1_name, details)
        arrival, departure = ll2_raw_times(r, details)
        port = ll2_port(r, name, details)
        arrival, departure = ll2_fixed_times(name, arrival, departure, details)
        if name in seen:
            add_ll2_relocation(seen[name], r, port, arrival, departure)
            continue
        launch, crew = ll2_launch_and_crew(src, r, name, details)
        v = Visit(name, launch, arrival, departure, port, crew, "ll2_spacedevs_2021", details)
        v.ll2_event = r["ll2_docking_event_id"]
        seen[name] = v
        visits.append(v)
    return visits


def ll2_visit_name(r, dragon1_name, details):
    """The visit's mission name for an LL2 docking event (capsule serials go into details)."""
    cfg, veh = r["spacecraft_config"], r["vehicle"]
    if cfg == "Space Shuttle":
        return r["crewed_mission_mcdowell"]
    if cfg in ("Soyuz", "Progress"):
        return veh
    if cfg.startswith("Automated Transfer"):
        return ATV_NAMES[r["serial_number"]]
    if cfg.startswith("H-II"):
        return r["serial_number"]  # HTV-1 .. HTV-9 (LL2 vehicle: Kounotori n)
    if cfg.startswith("Cygnus"):
        return CYGNUS_NAMES[veh]
    if cfg == "Dragon 1":
        name = dragon1_name[r["ll2_docking_event_id"]]
    elif cfg == "Crew Dragon 2":
        name = {"C201": "SpaceX Demo-1", "C206": "SpaceX Demo-2", "C207": "SpaceX Crew-1"}[
            r["serial_number"]
        ]
    elif cfg == "Cargo Dragon 2":
        name = {"C208": "SpaceX CRS-21"}[r["serial_number"]]
    else:
        raise SystemExit(f"unknown LL2 config {cfg}")
    details.append(f"capsule {r['serial_number']}")
    return name


def ll2_raw_times(r, details):
    """Arrival and departure as LL2 gives them (00:00 placeholders read as dates)."""
    arrival = iso_when(r["docking_utc"], midnight_is_date=True)
    departure = iso_when(r["departure_utc"], midnight_is_date=True)
    if r["docking_utc"].endswith("T00:00:00Z") or r["departure_utc"].endswith("T00:00:00Z"):
        details.append("LL2 times of 00:00 are date-only placeholders: dates kept, no time")
    return arrival, departure


def ll2_port(r, name, details):
    port = norm_port(r["port"])
    if r["spacecraft_config"] == "Soyuz" and port == "Zarya forward":
        port = "Zarya nadir"
        details.append("port: LL2 'Zarya forward' read as Zarya nadir (forward port holds PMA-1)")
    if name in PORT_FIXES:
        port, why = PORT_FIXES[name]
        details.append(why)
    return port


def ll2_fixed_times(name, arrival, departure, details):
    """The documented LL2 errors (LL2_FIXES) corrected."""
    for field in ("arrival", "departure"):
        if (name, field) in LL2_FIXES:
            value, why = LL2_FIXES[(name, field)]
            if field == "arrival":
                arrival = value
            else:
                departure = value
            details.append(why)
    return arrival, departure


def add_ll2_relocation(v, r, port, arrival, departure):
    """A second LL2 docking event of a vehicle already seen is a port move.
    Soyuz MS-13 appears twice: Zvezda aft (2019-07-20) and, after its
    relocation on 2019-08-26, Poisk zenith.  One visit, first port kept."""
    v.details.append(
        f"relocated {v.port} -> {port} on {arrival.date} (LL2 event {r['ll2_docking_event_id']})"
    )
    v.moves.append(
        Move(
            v.departure,
            arrival,
            v.port,
            port,
            "ll2_spacedevs_2021",
            f"derived_iss_docking_events_1998_2020.csv events {v.ll2_event} and "
            f"{r['ll2_docking_event_id']} (undocking, then docking at the new port)",
        )
    )
    v.departure = departure


def ll2_launch_and_crew(src, r, name, details):
    """Launch and crew from McDowell for crewed flights, else a public-record launch date."""
    # (LL2's crewed_mission_mcdowell is blank for Soyuz TMA-16M: look up by name)
    m = src.mission_by_ship.get(r["crewed_mission_mcdowell"] or name)
    if m:
        details.append(f"launch, crew: mcdowell_astro {m['#HSFID']}")
        return mcdowell_when(m["LDate"]), mcdowell_crew(src, m["#HSFID"])
    if name in PUBLIC_LAUNCH:
        details.append("launch: public_record")
        return D(PUBLIC_LAUNCH[name]), []
    return None, []


CQ_NAME_MAP = [
    (r"^Crew-(\d+) Dragon$", r"SpaceX Crew-\1"),
    (r"^CRS-(\d+) (Cargo )?Dragon$", r"SpaceX CRS-\1"),
    (r"^(Axiom|Ax)-(\d+) Dragon$", r"Axiom Ax-\2"),
    (r"^OFT-2 Starliner$", "Boe-OFT-2"),
    (r"^Boeing CFT Starliner$", "Boe-CFT"),
]
MCDOWELL_SHIP = [(r"^SpaceX Crew-(\d+)$", r"Dragon Crew-\1"), (r"^Axiom (Ax-\d+)$", r"Axiom \1")]


def cq_name(raw):
    for pat, rep in CQ_NAME_MAP:
        if re.match(pat, raw):
            return re.sub(pat, rep, raw)
    return raw


# corquaid rows that are maintainer mistakes (see its SOURCE.md "Other issues")
def cq_row_is_bad(r):
    name, launched = r["name"], r["launched_utc_corrected"]
    if name == "Soyuz MS-19" and launched.startswith("2021-04-09"):
        return "Soyuz MS-19 entry briefly carrying Soyuz MS-18's launch time"
    if name == "Cygnus NG-18" and launched.startswith("2023-08-02"):
        return "'Cygnus NG-18' label on NG-19's 2023-08-02 launch"
    if name == "Crew-8 Dragon" and launched.startswith("2024-03-03"):
        return "Crew-8 first entered with a stale planned launch (2024-03-03), superseded"
    if name == "CRS-22 Cargo Dragon":
        return "duplicate name of 'CRS-22 Dragon'"
    return None


def cq_launch_crew(src, people, r, name):
    """Crew launched: McDowell if he lists the flight, else corquaid people
    file rows for this spacecraft with the same launch date."""
    ship = name
    for pat, rep in MCDOWELL_SHIP:
        ship = re.sub(pat, rep, ship)
    m = src.mission_by_ship.get(ship)
    if m:
        return (
            mcdowell_when(m["LDate"]),
            mcdowell_crew(src, m["#HSFID"]),
            f"launch, crew: mcdowell_astro {m['#HSFID']}",
        )
    launch = iso_when(r["launched_utc_corrected"])
    crew = []
    for p in src.cq_people:
        if p["spacecraft"] == r["name"] and p["launched_utc_corrected"][:10] == str(launch.date):
            pid = people.resolve_given_first(CORQUAID_TYPOS.get(p["name"], p["name"]), name)
            crew.append(pid)
    detail = (
        "launch: corquaid (corrected); crew: corquaid people file"
        if crew
        else "launch: corquaid (corrected)"
    )
    return launch, crew, detail


def corquaid_visits(src, people, ll2_by_name, notes):
    visits = []
    for r in src.cq_docked:
        bad = cq_row_is_bad(r)
        if bad:
            notes.append(f"corquaid row dropped: {r['name']} {r['launched_utc_corrected']}: {bad}")
            continue
        name = cq_name(r["name"])
        if name in ll2_by_name:
            fill_ll2_visit_from_corquaid(ll2_by_name[name], r)
            continue
        visits.append(corquaid_visit(src, people, r, name))
    return visits


def fill_ll2_visit_from_corquaid(v, r):
    """Docked before 2021: LL2 wins for arrival and port; corquaid fills the launch."""
    if v.launch is None:
        v.launch = iso_when(r["launched_utc_corrected"])
        v.details.append("launch: corquaid (corrected)")
    cq_port = norm_port(r["docking_ports_observed"].split(";")[0])
    if cq_port != v.port:
        v.details.append(f"port: LL2 {v.port} kept, corquaid says {cq_port} (later relocation)")


def corquaid_visit(src, people, r, name):
    details = [
        f"docked_spacecraft_history.csv '{r['name']}' (launch {r['launched_utc_corrected'][:10]})"
    ]
    launch, crew, how = cq_launch_crew(src, people, r, name)
    details.append(how)
    arrival = iso_when(r["docked_utc_corrected"])
    port = corquaid_port(r, name, details)
    launch, arrival, r = corquaid_time_fixes(r, name, launch, arrival, details)
    if arrival is None:
        raise SystemExit(f"no arrival for {name}")
    v = Visit(name, launch, arrival, None, port, crew, "corquaid_iss_apis", details)
    v.cq = r
    return v


def corquaid_port(r, name, details):
    ports = [norm_port(p) for p in r["docking_ports_observed"].split(";") if p]
    port = ports[0] if ports else ""
    if name == "Progress MS-20":
        # first listed at Poisk zenith, then Zvezda aft.  Progress ships do
        # not relocate and Poisk zenith held Progress MS-19 until 2022-10,
        # so the first value was an entry error: Zvezda aft.
        port = "Zvezda aft"
        details.append(
            "port: corquaid first said Poisk zenith (occupied by Progress MS-19), corrected to Zvezda aft"
        )
    elif len(set(ports)) > 1:
        details.append("relocated " + " -> ".join(ports) + " (ports seen in the API over time)")
    return port


def corquaid_time_fixes(r, name, launch, arrival, details):
    """The corquaid launch and docking values corrected from the public record;
    returns (launch, arrival, row), the row with a corrected docking value."""
    if name == "SpaceX CRS-26":
        # docked value equals the launch value (placeholder)
        arrival = D("2022-11-27")
        details.append(
            "arrival: corquaid docked = launch time (placeholder); public_record docking date 2022-11-27"
        )
    if name == "SpaceX CRS-28":
        # docked 2023-06-09 impossible: listed as docked from 2023-06-06T10:55Z
        arrival = T("2023-06-06T09:54Z")
        details.append(
            "arrival: corquaid 2023-06-09T09:54 impossible (listed docked from 2023-06-06T10:55Z); day corrected to 06-06 (public record)"
        )
    if name == "Soyuz MS-26":
        # corquaid dates launch and docking a day late (times are right):
        # it launched 2024-09-11 16:23 UTC and docked 19:32 the same day,
        # as expeditions.csv (Exp 72) and McDowell's rides agree.
        launch = T("2024-09-11T16:23Z")
        arrival = T("2024-09-11T19:32Z")
        details.append("launch and arrival: corquaid day off by one; public_record 2024-09-11")
        r = {**r, "docked_utc_corrected": "2024-09-11T19:32:00Z"}
    if name == "Progress MS-34" and r["docked_raw_as_utc"].endswith("T22:00:00Z"):
        # a round 22:00:00 raw value (00:00 after correction) a few hours
        # before the last snapshot looks like a placeholder: date only
        arrival = D(arrival.date.isoformat())
        details.append(
            "arrival: corquaid time is a round placeholder (raw 22:00:00); date kept, time dropped"
        )
    return launch, arrival, r


def gcat_progress_visits(src):
    out = []
    for r in src.gcat_satcat:
        if not r["Name"].startswith("Progress"):
            continue
        # GCAT LDate is a date; its SDate time is the separation from the
        # launcher (minutes after lift-off), so no launch time is given
        launch = mcdowell_when(r["LDate"])
        launch_note = "launch: GCAT LDate"
        arrival = mcdowell_when(r["DDate"])
        out.append(
            Visit(
                r["Name"],
                launch,
                arrival,
                None,
                "Zvezda aft",
                [],
                "gcat_mcdowell",
                [
                    f"gcat_satcat_iss_rows_transcribed.tsv {r['JCAT']} ({r['AltNames']}), docked (DDate) to Dest S26400 Zvezda",
                    launch_note,
                    "port: Zvezda aft (Zvezda's only Progress port in 2000-2001)",
                ],
            )
        )
    return out


def soyuz_departure_from_landing(src, v):
    """McDowell gives the LANDING time of every crewed Soyuz.  A Soyuz lands
    3 h 15 min to 4 h 30 min after undocking, so the UTC undocking DATE is
    the landing date when the landing is at or after 04:30 UTC and the day
    before when it is before 03:15 UTC; in between it is left unknown."""
    m = src.mission_by_ship.get(v.name)
    if not m:
        return None
    land = mcdowell_when(m["EDate"])
    if land is None or not land.has_time:
        return None
    t = land.value.time()
    if t >= dt.time(4, 30):
        day = land.date
    elif t < dt.time(3, 15):
        day = land.date - dt.timedelta(days=1)
    else:
        return None
    return When(
        day, False
    ), f"departure: date from McDowell landing {land} ({m['#HSFID']}) minus 3-4.5 h"


def build_visits(src, people):
    notes = []
    visits = ll2_visits(src, notes)
    by_name = {v.name: v for v in visits}
    visits += corquaid_visits(src, people, by_name, notes)
    visits += gcat_progress_visits(src)
    visits += [
        Visit(a["name"], a["launch"], a["arrival"], None, a["port"], [], a["source"], [a["detail"]])
        for a in ADDED_VISITS
    ]
    by_name = {v.name: v for v in visits}
    if len(by_name) != len(visits):
        raise SystemExit("duplicate visit names")
    apply_gap_data(src, visits, notes)

    # departures for visits after the LL2 dump
    latest = {s["name"] for s in src.cq_latest["spacecraft"]}
    for v in visits:
        if v.departure is None:
            fill_departure(src, v)
        if v.departure is None:
            mark_departure_unknown(v, latest)
    check_departures(src, visits, notes)
    visits.sort(key=lambda v: (v.arrival.sort_key(), v.name))
    return visits, notes


def fill_departure(src, v):
    """A departure the sources lack: corquaid's Expedition 74 start, the public
    record, or a Soyuz's McDowell landing time."""
    if v.name == CQ_EXPEDITION_START[0]:
        # corquaid's people-in-space_latest.json: Expedition 74 started
        # (expedition_start_date 1765240860 = 2025-12-09T00:41Z raw,
        # 01:41Z after the CET correction) at Soyuz MS-27's undocking
        v.departure = D(CQ_EXPEDITION_START[1])
        v.details.append(
            "departure: corquaid people-in-space_latest.json Expedition 74 start (MS-27 undocking) 2025-12-09"
        )
    elif v.name in PUBLIC_DEPARTURES:
        day, why = PUBLIC_DEPARTURES[v.name]
        v.departure = D(day)
        v.details.append(f"departure: public_record ({why})")
    elif v.type.startswith("soyuz"):
        got = soyuz_departure_from_landing(src, v)
        if got:
            v.departure, why = got
            v.details.append(why)


def mark_departure_unknown(v, latest):
    """No departure anywhere: still docked (corquaid's latest snapshot lists
    it) or left on a day no source gives (last_seen = corquaid's last sighting)."""
    cq = getattr(v, "cq", None)
    if cq is not None and cq["name"] in latest:
        v.departure_status = "at_station"
        v.last_seen = dt.date(2026, 4, 28)
        v.details.append("still docked per corquaid latest JSON (2026-04-28)")
    elif cq is not None:
        v.departure_status = "unknown"
        v.last_seen = dt.date.fromisoformat(cq["last_seen_in_api_utc"][:10])
        v.details.append(
            f"departure unknown: corquaid lists it until {cq['last_seen_in_api_utc'][:10]}, gone by {cq['absent_from_api_by_utc'][:10]}"
        )
    else:
        v.departure_status = "unknown"
        v.details.append("departure unknown (not in the sources)")


# ---------------------------------------------------------------------------
# Gap data (iss_vehicle_gaps): every Progress flight, missing departures,
# port moves; and values looked up in public pages for this build
# ---------------------------------------------------------------------------
#
# iss_vehicle_gaps/SOURCE.md: each value was read from the pages named in the
# row's source_urls (space separated); those URLs go into source_detail so
# staff can see where each value came from.  Rules:
# * A Progress row with reached_iss=false (M-12M, M-27M, MS-04: launch
#   failures) is not a visit.
# * A Progress row whose name is already a visit is the same flight.  The gap
#   row's sourced values win where they differ (M1-3 docking 20:12 against
#   GCAT's 20:13: two publishers; MS-25 port: Poisk, per SOURCE.md, not
#   corquaid's Prichal), and fill what is missing (departures).
# * Ports use the visits' vocabulary: "Pirs" is Pirs nadir, "Poisk" is Poisk
#   zenith; "Zvezda nadir" (M-SO1, which brought Pirs there) and "Zvezda
#   zenith" (M-MIM2, which brought Poisk) are kept as given.
# * departures_missing.csv rows join on name and arrival (copied unchanged
#   from visits.csv); a departure both files give must agree.


class Move:
    """A port move while docked: undocking from one port, docking at another
    (or at the same port, for a redocking test)."""

    def __init__(self, undock, redock, from_port, to_port, source, detail):
        self.undock, self.redock = undock, redock
        self.from_port, self.to_port = from_port, to_port
        self.source, self.detail = source, detail


GAP_PORTS = {"Pirs": "Pirs nadir", "Poisk": "Poisk zenith"}

# SOURCE.md's uncertain ports, settled here.  Progress M-64: the row keeps
# Zvezda aft (Greek Wikipedia) over raumfahrtkalender.de's Zarya, but ATV-1
# held Zvezda aft from 2008-04-03 to 2008-09-05 (LL2), the whole of M-64's
# stay, so raumfahrtkalender.de's Zarya (nadir, its only docking port) is
# taken.
GAP_PORT_CHOICES = {
    "Progress M-64": (
        "Zarya nadir",
        "port: raumfahrtkalender.de's Zarya, not the row's Zvezda aft, which ATV-1 held",
    ),
}
GAP_FILE = "iss_vehicle_gaps"


def gap_port(p):
    return GAP_PORTS.get(p.strip(), p.strip())


def gap_when(datetime_value, date_value):
    if datetime_value.strip():
        return T(datetime_value)
    if date_value.strip():
        return D(date_value)
    return None


def urls(row):
    return row["source_urls"].split()


# relocations.csv writes its `date` column loosely; how each value is read
# (undocking, redocking).  Times only where the row's notes give an actual
# (not planned or "about") UTC time, or a page found here gives it.
GAP_RELOCATION_READING = {
    # times: Wikipedia infobox (copy below), undock 10:06, redock 10:37
    ("Soyuz TM-31", "2001-02-24"): (
        T("2001-02-24T10:06Z"),
        T("2001-02-24T10:37Z"),
        ["http://movatter.jp/mt/?dark=on&url=http%3A%2F%2Fen.wikipedia.org%2Fwiki%2FSoyuz_TM-31"],
    ),
    ("Soyuz TMA-7", "2006-03-20"): (T("2006-03-20T06:49Z"), T("2006-03-20T07:11Z"), []),
    # "scheduled for the night of 27-28 Sep 2007 (Moscow time); NASA: Sept 27"
    ("Soyuz TMA-10", "2007-09-27/28"): (D("2007-09-27"), D("2007-09-27"), []),
    ("Soyuz TMA-17", "2010-05-12"): (D("2010-05-12"), D("2010-05-12"), []),
    ("Progress M-15M", "2012-07-22 / 2012-07-29"): (D("2012-07-22"), T("2012-07-29T01:01Z"), []),
    ("Progress M-21M", "2014-04-23 / 2014-04-25"): (D("2014-04-23"), T("2014-04-25T12:13Z"), []),
    # undocked "about 08:36 Moscow time", redocked the same day: date only
    ("Progress MS-01", "2016-07-01"): (D("2016-07-01"), D("2016-07-01"), []),
    # both times are planned ("~"): dates only
    ("Progress MS-17", "2021-10-20 / 2021-10-22"): (D("2021-10-20"), D("2021-10-22"), []),
}

# A redocking described only in a progress_flights.csv row's notes.
GAP_NOTE_MOVES = {
    # "undocked 2000-12-01T16:22 to clear the way for STS-97, redocked Zarya
    # nadir 2000-12-26T11:03 (TORU)"
    "Progress M1-4": (T("2000-12-01T16:22Z"), T("2000-12-26T11:03Z"), "Zarya nadir", "Zarya nadir"),
}

# Port moves looked up for this build in stored public pages (search of
# NASA status reports, Energia/Roscosmos releases, news reports and
# Wikipedia copies).  Each names its pages; "public_record" is the source.
# Times are UTC, converted from the zone the page gives.
RESEARCHED_MOVES = [
    (
        "Soyuz TM-31",
        T("2001-04-18T12:40Z"),
        T("2001-04-18T13:01Z"),
        "Zarya nadir",
        "Zvezda aft",
        ["http://movatter.jp/mt/?dark=on&url=http%3A%2F%2Fen.wikipedia.org%2Fwiki%2FSoyuz_TM-31"],
    ),
    (
        "Soyuz TM-33",
        T("2002-04-20T09:16Z"),
        T("2002-04-20T09:37Z"),
        "Zarya nadir",
        "Pirs nadir",
        [
            "https://spaceflight.nasa.gov/spacenews/reports/issreports/2002/iss02-19.html",
            "https://www.spacetoday.net/Summary/853",
        ],
    ),
    (
        "Soyuz TMA-5",
        # 4:29 am / 4:53 am EST on 29 November 2004 (Energia: 12:29 Moscow time)
        T("2004-11-29T09:29Z"),
        T("2004-11-29T09:53Z"),
        "Pirs nadir",
        "Zarya nadir",
        [
            "https://www.nasa.gov/vision/space/workinginspace/exp10_soyuzmove.html",
            "https://spacenews.com/soyuz-tma-5-transport-spacecraft-relocated-to-iss-module-zarya/",
        ],
    ),
    (
        "Soyuz TMA-6",
        # 6:38 am / 7:08 am EDT on 19 July 2005
        T("2005-07-19T10:38Z"),
        T("2005-07-19T11:08Z"),
        "Pirs nadir",
        "Zarya nadir",
        ["https://spaceflightnow.com/news/n0507/19soyuzmove"],
    ),
    (
        "Soyuz TMA-7",
        # 3:46 am / 4:05 am EST on 18 November 2005
        T("2005-11-18T08:46Z"),
        T("2005-11-18T09:05Z"),
        "Pirs nadir",
        "Zarya nadir",
        [
            "https://www.nasa.gov/mission_pages/station/expeditions/expedition12/exp12_soyuz_relocation.html",
            "https://www.worddisk.com/wiki/Soyuz_TMA-7",
        ],
    ),
    (
        "Soyuz TMA-9",
        T("2007-03-29T22:30Z"),
        T("2007-03-29T22:54Z"),
        "Zarya nadir",
        "Zvezda aft",
        ["https://www.space.com/3629-iss-astronauts-swap-soyuz-spacecraft-parking-spots.html"],
    ),
    (
        "Soyuz TMA-14",
        # 5:29 pm / 5:55 pm EDT on 2 July 2009
        T("2009-07-02T21:29Z"),
        T("2009-07-02T21:55Z"),
        "Zvezda aft",
        "Pirs nadir",
        [
            "https://spacedoor.jp/soyuz/",
            "http://www.redorbit.com/news/space/1714215/iss_crew_prepares_to_move_soyuz_spacecraft/",
        ],
    ),
    (
        "Soyuz TMA-16",
        T("2010-01-21T10:03Z"),
        T("2010-01-21T10:24Z"),
        "Zvezda aft",
        "Poisk zenith",
        [
            "https://spaceflightnow.com/station/exp22/100121soyuz/",
            "https://www.raumfahrtkalender.de/raumfahrtchronik/ereignis/2010/januar/2010_002",
        ],
    ),
    (
        "Soyuz TMA-16M",
        T("2015-08-28T07:11Z"),
        T("2015-08-28T07:30Z"),
        "Poisk zenith",
        "Zvezda aft",
        [
            "https://orbita.zenite.nu/recolocacao-da-soyuz-tma-16m-abre-porta-para-a-chegada-da-soyuz-tma-18m",
            "https://axm61.wordpress.com/2015/08/28/soyuz-tma-16m-relocation/",
        ],
    ),
    (
        "Soyuz TM-32",
        T("2001-10-19T10:48Z"),
        T("2001-10-19T11:04Z"),
        "Zarya nadir",
        "Pirs nadir",
        [
            "https://qa.edu.vn/en/Soyuz_TM-32",
            "https://kihulane.eu/encyclopedia/kaja-kallas-2?rdp_we_resource=https%3A%2F%2Fen.wikipedia.org%2Fwiki%2FSoyuz_TM-32",
        ],
    ),
    (
        "Soyuz TMA-9",
        # "Tuesday" (10 October 2006) per the report updated that evening
        D("2006-10-10"),
        D("2006-10-10"),
        "Zvezda aft",
        "Zarya nadir",
        ["http://www.nbcnews.com/id/15212640/ns/technology_and_science-space/"],
    ),
    (
        "Soyuz TMA-19",
        # 3:13 pm / 3:38 pm EDT on Monday 28 June 2010 (Energia: 23:13 Moscow time)
        T("2010-06-28T19:13Z"),
        T("2010-06-28T19:38Z"),
        "Zvezda aft",
        "Rassvet nadir",
        [
            "https://www.cbsnews.com/network/news/space/home/spacenews/files/8748357f7f0af23f8918559efbf7f235-13.html",
            "http://eng.ntsomz.ru/news/news_cosmos/news29062010/print",
        ],
    ),
    (
        "Soyuz TMA-09M",
        T("2013-11-01T08:33Z"),
        T("2013-11-01T08:54Z"),
        "Rassvet nadir",
        "Zvezda aft",
        [
            "https://www.spaceflightnow.com/station/exp37/131101relocation/",
            "https://www.upi.com/Science_News/2013/11/01/Soyuz-changes-parking-spots-at-space-station-making-way-for-new-crew/47241383341923/",
        ],
    ),
    (
        "SpaceX Crew-1",
        # undocked 6:30 am EDT, soft capture 7:08 am EDT on 5 April 2021
        T("2021-04-05T10:30Z"),
        T("2021-04-05T11:08Z"),
        "Harmony forward",
        "Harmony zenith",
        [
            "https://www.floridatoday.com/story/tech/science/space/2021/04/05/spacex-crew-dragon-completes-first-iss-port-relocation-maneuver/4820105001/",
            "https://interestingengineering.com/science/spacexs-crew-dragon-capsule-swaps-to-new-port-at-iss",
        ],
    ),
    (
        "Soyuz MS-17",
        # 12:38 pm / 1:12 pm EDT on 19 March 2021
        T("2021-03-19T16:38Z"),
        T("2021-03-19T17:12Z"),
        "Rassvet nadir",
        "Poisk zenith",
        [
            "https://spaceflightnow.com/2021/03/19/soyuz-ms-17-relocation/",
            "https://blogs.nasa.gov/spacestation/2021/03/19/three-crewmates-complete-short-station-trip-in-soyuz-crew-ship/",
        ],
    ),
    (
        "SpaceX Crew-2",
        # planned undocking 6:45 am EDT (date only); redocked 7:35 am EDT on 21 July 2021
        D("2021-07-21"),
        T("2021-07-21T11:35Z"),
        "Harmony forward",
        "Harmony zenith",
        [
            "https://www.space.com/spacex-crew-2-endeavour-space-station-relocation",
            "https://spacepolicyonline.com/events/relocation-of-crew-dragon-endeavour-july-21-2021-earth-orbit-645-am-et/",
        ],
    ),
    (
        "Soyuz MS-18",
        # 8:21 am / 9:04 am EDT on 28 September 2021
        T("2021-09-28T12:21Z"),
        T("2021-09-28T13:04Z"),
        "Rassvet nadir",
        "Nauka nadir",
        [
            "https://www.space.com/space-station-soyuz-relocated-to-nauka",
            "https://scitechdaily.com/soyuz-crew-ship-docks-to-new-science-module-port-on-space-station/",
        ],
    ),
    (
        "Soyuz MS-23",
        # undocked "around 30 minutes earlier" (date only); docked 5:22 am EDT on 6 April 2023
        D("2023-04-06"),
        T("2023-04-06T09:22Z"),
        "Poisk zenith",
        "Prichal nadir",
        [
            "https://www.thehamdenjournal.com/science/astronaut-and-cosmonauts-fly-soyuz-crew-ship-to-new-docking-port-on-space-station/593768/",
            "https://russianspaceweb.com/soyuz-ms-23.html",
        ],
    ),
    (
        "SpaceX Crew-6",
        # 7:10 am / 8:01 am EDT on 6 May 2023
        T("2023-05-06T11:10Z"),
        T("2023-05-06T12:01Z"),
        "Harmony zenith",
        "Harmony forward",
        ["https://space.com/spacex-dragon-capsule-move-space-station-may-2023"],
    ),
    (
        "SpaceX Crew-9",
        # 6:35 am / 7:25 am EST on 3 November 2024; the pages convert to GMT
        # inconsistently, so dates only
        D("2024-11-03"),
        D("2024-11-03"),
        "Harmony forward",
        "Harmony zenith",
        [
            "https://skynews.icu/science/733601-nasas-crew-9-dragon-spacecraft-relocates-to-new-port-for-spacex-resupply",
            "https://menafn.com/1108830648/NASA-Sets-Coverage-For-Its-Spacex-Crew-9-Dragon-Station-Relocation",
        ],
    ),
    (
        "SpaceX Crew-8",
        # 8:57 am / 9:46 am EDT on 2 May 2024
        T("2024-05-02T12:57Z"),
        T("2024-05-02T13:46Z"),
        "Harmony forward",
        "Harmony zenith",
        [
            "https://scitechdaily.com/spacex-crew-dragon-moves-to-new-port-makes-room-for-boeing-starliner-at-space-station/"
        ],
    ),
]

# Arrival ports corrected from pages found here: LL2 gives these Soyuz the
# port they were moved to, but each first docked at Pirs (the move is in
# RESEARCHED_MOVES with the same pages).
RESEARCHED_ARRIVAL_PORTS = {
    "Soyuz TMA-5": ("Pirs nadir", None),
    "Soyuz TMA-6": ("Pirs nadir", None),
    # corquaid lists Crew-3 at Harmony zenith, but it docked at and left from
    # Harmony forward (Ax-1 used the zenith port in April 2022)
    # LL2 gives Zvezda aft, but Progress M-65 held that port until 2008-11-14;
    # the Wikipedia infobox (copy) and an Italian report give Zarya nadir for
    # the whole stay, with no relocation
    "Soyuz TMA-13": (
        "Zarya nadir",
        [
            "https://handwiki.org/wiki/Engineering:Soyuz_TMA-13",
            "https://astronautinews.it/2008/10/la-Sojuz-tma-13-aggancia-la-stazione-spaziale-internazionale",
        ],
    ),
    "SpaceX Crew-3": (
        "Harmony forward",
        [
            "https://www.nasa.gov/?p=436521",
            "https://orbital-velocity.com/station-schedule/crew-3-dragon-launch-docking",
            "https://blogs.nasa.gov/spacestation/2022/04/09/dragon-endeavour-with-ax-1-crew-approaches-station/",
        ],
    ),
}

# Departures looked up for this build (public_record), with their pages.
RESEARCHED_DEPARTURES = {}

# Berthed vehicles whose recorded arrival is really the robotic arm's
# capture: (capture, berthing, pages).  LL2 gives the capture time.
CAPTURES = {
    "SpaceX CRS-1": (
        # captured 6:56 am EDT, berthed 9:03 am EDT on 10 October 2012
        T("2012-10-10T10:56Z"),
        T("2012-10-10T13:03Z"),
        [
            "http://www.redorbit.com/video/dragon-captured-and-berthed-to-station/",
            "https://www.computerwoche.de/a/nasa-robotic-arm-grabs-docks-spacex-dragon,2524869",
        ],
    ),
    "Cygnus Orb-D1": (
        # captured 7:00 am EDT, berthed 8:44 am EDT on 29 September 2013
        T("2013-09-29T11:00Z"),
        T("2013-09-29T12:44Z"),
        [
            "http://www.newspacejournal.com/2013/09/29/cygnus-captured-by-the-iss/",
            "http://www.redorbit.com/news/space/1112960978/astronaut-crew-to-capture-cygnus-sunday-092913/",
        ],
    ),
}


def apply_gap_data(src, visits, notes):
    by_name = {v.name: v for v in visits}
    apply_gap_progress(src, visits, by_name, notes)
    apply_gap_departures(src, by_name)
    for name, (undock, redock, *_pages) in RESEARCHED_DEPARTURES.items():
        v = by_name[name]
        if v.departure is not None:
            raise SystemExit(f"{name}: researched departure, but one is known")
        v.departure = undock
        v.details.append(f"departure: public_record {' '.join(_pages[0])}")
    apply_gap_moves(src, by_name)
    apply_researched_ports_and_moves(by_name)
    apply_captures(by_name)


def apply_gap_progress(src, visits, by_name, notes):
    """progress_flights.csv: a new visit per flight that reached the station,
    or its sourced values merged into the visit already here."""
    for r in src.gap_progress:
        if r["reached_iss"] != "true":
            notes.append(f"{r['name']}: launch failure ({r['nasa_designation']}), not a visit")
            continue
        where = f"{GAP_FILE} progress_flights.csv {r['nasa_designation'] or r['name']}"
        launch = D(r["launch_date"]) if r["launch_date"] else None
        arrival = gap_when(r["docking_datetime_utc"], r["docking_date"])
        departure = gap_when(r["undocking_datetime_utc"], r["undocking_date"])
        port = gap_port(r["port"])
        v = by_name.get(r["name"])
        if v is None:
            v = Visit(r["name"], launch, arrival, departure, port, [], GAP_FILE, [where])
            if r["name"] in GAP_PORT_CHOICES:
                v.port, why = GAP_PORT_CHOICES[r["name"]]
                v.details.append(why)
            v.details.append(" ".join(urls(r)))
            visits.append(v)
            by_name[v.name] = v
            continue
        merge_gap_progress_row(v, r, where, launch, arrival, departure, port)


def merge_gap_progress_row(v, r, where, launch, arrival, departure, port):
    """The gap row's values win where they differ from the visit's, but a
    docking or undocking on another day stops the build."""
    changed = []
    if str(v.arrival) != str(arrival):
        if v.arrival.date != arrival.date:
            raise SystemExit(f"{v.name}: gap docking {arrival} is not on day {v.arrival}")
        changed.append(f"arrival {v.arrival} -> {arrival}")
        v.arrival = arrival
    if v.port != port:
        changed.append(f"port {v.port} -> {port}")
        v.port = port
        v.port_source = (GAP_FILE, f"{where}: {' '.join(urls(r))}")
    if departure is not None and str(v.departure) != str(departure):
        if v.departure is not None and v.departure.date != departure.date:
            raise SystemExit(f"{v.name}: gap undocking {departure} is not on day {v.departure}")
        changed.append(f"departure {v.departure or 'none'} -> {departure}")
        v.departure = departure
    if v.launch is None and launch is not None:
        changed.append(f"launch {launch}")
        v.launch = launch
    if changed:
        v.details.append(f"{where}: {', '.join(changed)}: {' '.join(urls(r))}")


def apply_gap_departures(src, by_name):
    """departures_missing.csv, joined on name and arrival; a departure both gap
    files give must agree."""
    gap_progress_names = {g["name"] for g in src.gap_progress}
    for r in src.gap_departures:
        v = by_name[r["vehicle_name"]]
        joined_on_gap_row = v.name in gap_progress_names
        if str(v.arrival).rstrip("Z") != r["arrival_date"].rstrip("Z") and not joined_on_gap_row:
            raise SystemExit(f"{v.name}: departures_missing.csv arrival {r['arrival_date']}")
        departure = gap_when(r["departure_datetime_utc"], r["departure_date"])
        if departure is None:
            continue
        if v.departure is not None:
            if str(v.departure) != str(departure):
                raise SystemExit(f"{v.name}: departures_missing.csv {departure} != {v.departure}")
            continue
        v.departure = departure
        v.details.append(f"departure: {GAP_FILE} departures_missing.csv: {' '.join(urls(r))}")


def apply_gap_moves(src, by_name):
    """Port moves from relocations.csv (read as GAP_RELOCATION_READING says)
    and from the notes of progress_flights.csv rows (GAP_NOTE_MOVES)."""
    for r in src.gap_relocations:
        v = by_name[r["vehicle_name"]]
        undock, redock, extra = GAP_RELOCATION_READING[(r["vehicle_name"], r["date"])]
        v.moves.append(
            Move(
                undock,
                redock,
                gap_port(r["from_port"]),
                gap_port(r["to_port"]),
                GAP_FILE,
                f"{GAP_FILE} relocations.csv: {' '.join(urls(r) + extra)}",
            )
        )
    for name, (undock, redock, from_port, to_port) in GAP_NOTE_MOVES.items():
        row = next(r for r in src.gap_progress if r["name"] == name)
        v = by_name[name]
        v.moves.append(
            Move(
                undock,
                redock,
                from_port,
                to_port,
                GAP_FILE,
                f"{GAP_FILE} progress_flights.csv {row['nasa_designation']} notes: {' '.join(urls(row))}",
            )
        )


def apply_researched_ports_and_moves(by_name):
    """Arrival ports and port moves from the pages looked up for this build."""
    for name, (port, pages) in RESEARCHED_ARRIVAL_PORTS.items():
        v = by_name[name]
        if pages is None:
            pages = next(m for m in RESEARCHED_MOVES if m[0] == name)[5]
            v.details.append(f"port: {v.port} is where it was moved; it docked at {port}")
        else:
            v.details.append(f"port: {v.port} corrected to {port}")
        v.port = port
        v.port_source = ("public_record", " ".join(pages))
    for name, undock, redock, from_port, to_port, pages in RESEARCHED_MOVES:
        by_name[name].moves.append(
            Move(undock, redock, from_port, to_port, "public_record", " ".join(pages))
        )


def apply_captures(by_name):
    """Berthed vehicles whose recorded arrival is the arm's capture (CAPTURES)."""
    for name, (capture, berth, pages) in CAPTURES.items():
        v = by_name[name]
        if str(v.arrival) != str(capture):
            raise SystemExit(f"{name}: recorded arrival {v.arrival} is not the capture {capture}")
        v.captured = capture
        v.arrival = berth
        v.details.append(
            f"arrival: berthing {berth}; the recorded {capture} is the capture: {' '.join(pages)}"
        )


PORT_PROBLEMS = []


def port_segments(v):
    """The visit's time at each port, in order: arrival port until the first
    move, and so on; the last segment ends at the departure (None while
    docked or unknown)."""
    segments = []
    port, start = v.port, v.arrival
    if v.port_source:
        source, detail = v.port_source
    else:
        source, detail = v.source, "arrival port and time as in the visit's source"
    for move in sorted(v.moves, key=lambda m: m.undock.sort_key()):
        if move.from_port != port:
            PORT_PROBLEMS.append(f"{v.name}: move from {move.from_port} but it is at {port}")
        if move.undock.sort_key() < start.sort_key():
            raise SystemExit(f"{v.name}: move on {move.undock} before {start}")
        segments.append(dict(port=port, start=start, end=move.undock, source=source, detail=detail))
        port, start = move.to_port, move.redock
        source, detail = move.source, move.detail
    if v.departure is not None and v.departure.sort_key() < start.sort_key():
        raise SystemExit(f"{v.name}: departs {v.departure} before reaching {port} at {start}")
    segments.append(dict(port=port, start=start, end=v.departure, source=source, detail=detail))
    return segments


def check_departures(src, visits, notes):
    """Consistency checks of the departures against corquaid's window and
    McDowell's landing times; a failure stops the build."""
    for v in visits:
        if v.departure is None:
            continue
        cq = getattr(v, "cq", None)
        if cq is not None and cq["absent_from_api_by_utc"]:
            lo = dt.date.fromisoformat(cq["last_seen_in_api_utc"][:10])
            hi = dt.date.fromisoformat(cq["absent_from_api_by_utc"][:10])
            # the maintainer sometimes removed a vehicle a few hours before a
            # scheduled undocking (Soyuz MS-23: gone 2023-09-26T10:13Z, undocked
            # 2023-09-27), so one day of tolerance on each side
            if not (lo - dt.timedelta(days=1) <= v.departure.date <= hi + dt.timedelta(days=1)):
                raise SystemExit(
                    f"{v.name}: departure {v.departure} outside corquaid window {lo}..{hi}"
                )
            if v.departure.date > hi:
                notes.append(
                    f"{v.name}: departure {v.departure} is a day after corquaid dropped it ({hi})"
                )
        ship = v.name
        for pat, rep in MCDOWELL_SHIP:
            ship = re.sub(pat, rep, ship)
        m = src.mission_by_ship.get(ship)
        if m:
            land = mcdowell_when(m["EDate"])
            if land and land.date < v.departure.date:
                if v.source == "ll2_spacedevs_2021":
                    # e.g. Soyuz TMA-16: McDowell 2010-03-17 11:24 vs LL2 undock
                    # 2010-03-18 08:03 and cosmos-book landing 2010-03-18 11:25;
                    # LL2 (two sources agree) is kept.
                    notes.append(
                        f"{v.name}: McDowell landing {land} is before LL2 departure {v.departure}; LL2 kept"
                    )
                else:
                    raise SystemExit(f"{v.name}: departure {v.departure} after landing {land}")


# ---------------------------------------------------------------------------
# Spacewalks
# ---------------------------------------------------------------------------
#
# Sources and merge rules
# * cosmos_book_hsf/derived_iss_eva_events_1998_2023.csv (268 ISS EVAs with
#   per-person UTC start/end) is the base list: it gives the UTC date and the
#   start/end times.
# * nasa_eva_us_russia/eva_normalized.csv (NASA table to 2013-08 plus the
#   nsgrantham additions to 2015-08) adds: the Russian EVA of 2010-10-15
#   (missing in cosmos-book), crew members missing in cosmos-book, the
#   shuttle mission ("STS-xxx/flight" in Vehicle), the increment ("Incr-NN"),
#   US/Russian segment (Country) and the shuttle/ISS airlock ("Shuttle
#   based EVA" / "ISS based EVA" in Purpose).  NASA dates are US local dates
#   and are not used when cosmos-book has a UTC start.  Hubble (HST), Mir and
#   Shenzhou EVAs are dropped.
# * iss_evas_2013_2025/iss_evas_2013_2025.csv adds 2013-2025: expedition,
#   designations (US EVA n / Russian EVA n, given by LL2 or quoted, or
#   inferred by counting), crew (corrected for 2022-11-17), the EVA of
#   2021-06-20 and the 8 EVAs of 2024-2025 (date + duration only).
# * Records of different sources are the same EVA when their dates are at
#   most one day apart and they share a crew member.  Crew = union of the
#   crews the sources give (cosmos-book lacks one partner in 9 EVAs).
# * Internal ("intravehicular") spacewalks in a depressurised Zvezda
#   compartment (2001-06-08, 2009-06-10) are KEPT: every source lists them.

# Documented time errors in cosmos-book (cosmos_book_hsf/SOURCE.md,
# iss_evas_2013_2025 notes).  Key: cosmos-book start date.
COSMOS_TIME_FIXES = {
    # end times one or two hours off: end = start + the duration of the
    # other sources (moonshot/Wikipedia, NASA where it overlaps)
    "2015-12-21": (
        "end",
        196,
        "end corrected: cosmos-book end gives 2h16, other sources 3h16 (196 min)",
    ),
    "2020-07-01": (
        "end",
        361,
        "end corrected: cosmos-book end gives 5h01, other sources 6h01 (361 min)",
    ),
    "2022-04-18": (
        "end",
        397,
        "end corrected: cosmos-book end gives 8h36, other sources 6h37 (397 min)",
    ),
    "2023-05-12": (
        "end",
        314,
        "end corrected: cosmos-book end gives 7h14, other sources 5h14 (314 min)",
    ),
    # the two crew files disagree on the start (11:25 / 11:35); 11:35 matches
    # the end 19:04 and the 7h29 of the other sources
    "2020-01-15": (
        "start",
        T("2020-01-15T11:35Z"),
        "start 11:35Z (one crew file says 11:25Z; 11:35 fits end and the 7h29 duration)",
    ),
    # start 01:40Z flagged suspicious in SOURCE.md: times dropped, duration kept
    "2023-04-19": (
        "drop",
        None,
        "cosmos-book start 01:40Z flagged suspicious: times dropped, duration 7h55 (both sources)",
    ),
    # dated 2017-01-05 in cosmos-book, 2017-01-06 in the other list (and in
    # NASA's record of the first 2017 battery spacewalk): clock times kept
    "2017-01-05": (
        "day+1",
        None,
        "date corrected from cosmos-book 2017-01-05 to 2017-01-06 (other list, NASA); clock times kept",
    ),
}

# NASA table rows whose crew field lacks the ';' separator
NASA_CREW_SPLIT = {
    "Doug Wheellock Tracy Caldwell Dyson": ["Doug Wheellock", "Tracy Caldwell Dyson"]
}


class EVA:
    def __init__(self):
        self.start = self.end = None
        self.date = None
        self.duration = None
        self.crew = []  # person ids, in source order
        self.cosmos = None
        self.nasa = None
        self.isse = None
        self.details = []
        self.sources = []

    def add_crew(self, pids):
        for pid in pids:
            if pid not in self.crew:
                self.crew.append(pid)


def nasa_crew(people, raw):
    names = NASA_CREW_SPLIT.get(raw) or [n.strip() for n in raw.split(";") if n.strip()]
    out = []
    for n in names:
        pid = people.resolve_given_first(n, "NASA EVA table")
        if pid is None:
            raise SystemExit(f"unresolved NASA EVA crew name {n!r}")
        out.append(pid)
    return out


def load_evas(src, people):
    evas = [cosmos_eva(people, x) for x in src.cosmos_evas]
    merge_nasa_evas(src, people, evas)
    merge_iss_evas(src, people, evas)
    evas.sort(key=lambda e: (e.date, e.start.sort_key() if e.start else dt.datetime.min))
    return evas


def cosmos_eva(people, x):
    """An EVA of cosmos-book's base list, with COSMOS_TIME_FIXES applied."""
    e = EVA()
    e.cosmos = x
    crew = []
    for n in html.unescape(x["crew"]).split(";"):
        pid = people.resolve_surname_first(n, "cosmos-book EVA")
        if pid is None:
            raise SystemExit(f"unresolved cosmos-book crew {n!r}")
        crew.append(pid)
    e.add_crew(crew)
    e.start, e.end = iso_when(x["start_utc"]), iso_when(x["end_utc"])
    e.date = e.start.date
    e.sources.append("cosmos_book_hsf")
    e.details.append(f"cosmos-book seq {x['seq']}")
    fix = COSMOS_TIME_FIXES.get(str(e.date))
    if fix:
        kind, value, why = fix
        if kind == "end":
            e.end = When(e.start.value + dt.timedelta(minutes=value), True)
        elif kind == "start":
            e.start = value
        elif kind == "drop":
            e.start = e.end = None
        elif kind == "day+1":
            e.start = When(e.start.value + dt.timedelta(days=1), True)
            e.end = When(e.end.value + dt.timedelta(days=1), True)
            e.date = e.start.date
        e.details.append(why)
    return e


def match_eva(evas, date, crew, taken):
    """Best EVA of the list: most shared crew, then nearest date; an EVA
    already matched by the same source is not matched twice (STS-123:
    NASA's US-local 2008-03-15 row must not fall on the 03-14 EVA)."""
    best = None
    for e in evas:
        days = abs((e.date - date).days)
        shared = len(set(crew) & set(e.crew))
        if days <= 1 and shared and id(e) not in taken:
            key = (shared, -days)
            if best is None or key > best[0]:
                best = (key, e)
    return best[1] if best else None


def matched_or_new_eva(evas, date, crew, taken, new_detail):
    e = match_eva(evas, date, crew, taken)
    if e is None:
        e = EVA()
        e.date = date
        e.details.append(new_detail)
        evas.append(e)
    taken.add(id(e))
    return e


def add_source_crew(people, e, crew, source):
    """The union of the crews the sources give; what a source adds is noted."""
    extra = [c for c in crew if c not in e.crew]
    if extra and e.crew:
        e.details.append(
            f"crew completed from {source}: " + ", ".join(people.display(c) for c in extra)
        )
    e.add_crew(crew)


def merge_nasa_evas(src, people, evas):
    """NASA table (ISS era, no Hubble/Mir/China)."""
    taken = set()
    for x in src.nasa_evas:
        if not x["date"] or x["date"] < "1998-12-01" or x["country"] == "China":
            continue
        if "HST" in x["vehicle"] or "Mir" in x["vehicle"]:
            continue
        crew = nasa_crew(people, x["crew"])
        date = dt.date.fromisoformat(NASA_DATE_FIXES.get((x["date"], x["crew"]), x["date"]))
        e = matched_or_new_eva(
            evas, date, crew, taken, "not in cosmos-book; date from NASA table (US local date)"
        )
        e.nasa = x
        if (x["date"], x["crew"]) in NASA_DATE_FIXES:
            e.details.append(
                f"NASA date {x['date']} is a month typo (same crew and 6h27 in cosmos-book)"
            )
        add_source_crew(people, e, crew, "NASA table")
        e.sources.append("nasa_eva_us_russia")


def merge_iss_evas(src, people, evas):
    """The 2013-2025 merged list."""
    taken = set()
    for x in src.iss_evas:
        crew = []
        for n in x["crew"].split(";"):
            pid = people.resolve_given_first(n.strip(), "iss_evas_2013_2025")
            if pid is None:
                raise SystemExit(f"unresolved iss_evas crew {n!r}")
            crew.append(pid)
        date = dt.date.fromisoformat(x["date_utc"])
        e = matched_or_new_eva(
            evas, date, crew, taken, "not in cosmos-book; date from iss_evas_2013_2025 (moonshot)"
        )
        e.isse = x
        add_source_crew(people, e, crew, "iss_evas_2013_2025")
        e.sources.append("iss_evas_2013_2025")


# NASA table date errors found by merging (same crew and the same duration
# in cosmos-book): NASA dates the Yurchikhin/Skripochka EVA (6 h 27 min)
# 10/15/2010; cosmos-book 2010-11-15T14:55Z.  There was one Expedition 25
# Russian EVA; its tasks (ROKVISS retrieval, Rassvet camera attempt finished
# on 2011-01-21) are those of 15 November.  The NASA date is a month typo.
NASA_DATE_FIXES = {("2010-10-15", "Fyodor Yurchikin;Oleg Skripochka"): "2010-11-15"}

# Where cosmos-book start/end and NASA's duration differ by more than 5 min,
# NASA's duration is used and the cosmos-book times are dropped (one of them
# is wrong and the sources do not say which).
NASA_TOLERANCE_MIN = 5

# Short purpose of each spacewalk, WRITTEN HERE (own words) from the tasks
# listed in the NASA table (to 2013) and in iss_evas_2013_2025 (2013-2025).
# Key: UTC date of the EVA.
PURPOSE = {
    "1998-12-07": "Connect power and data cables between Zarya, PMA-1 and the Unity node",
    "1998-12-09": "Install two early S-band communication antennas on Unity",
    "1998-12-12": "Set up foot restraints and a tool stand, free Zarya antennas, demo SAFER",
    "1999-05-30": "Mount a US and a Russian cargo crane, foot restraints and tool bags outside",
    "2000-05-22": "Re-secure the US crane, assemble the Russian Strela crane, replace an antenna",
    "2000-09-11": "Route cables between Zvezda and Zarya and install a magnetometer on Zvezda",
    "2000-10-15": "Connect the Z1 truss to Unity and deploy Z1 antennas",
    "2000-10-16": "Release the PMA-3 docking adapter and connect it to Unity",
    "2000-10-17": "Install DC converter units on Z1 and prepare it for the P6 truss",
    "2000-10-18": "Finish Z1 truss outfitting and test the SAFER self-rescue jet pack",
    "2000-12-03": "Connect the P6 solar array truss to Z1 and release its array blankets",
    "2000-12-05": "Connect P6 coolant lines, move an antenna, inspect a solar array wing",
    "2000-12-07": "Re-tension a P6 solar array wing for full deployment; install antennas",
    "2001-02-10": "Connect coolant lines and cables to attach the Destiny laboratory",
    "2001-02-12": "Connect PMA-2 to Destiny and fit the lab with a vent valve and handrails",
    "2001-02-14": "Install a spare antenna on Z1 and rehearse rescuing a disabled crewmate",
    "2001-03-11": "Disconnect PMA-3 cables and install a cradle and umbilical tray on Destiny",
    "2001-03-13": "Install the External Stowage Platform on Destiny and stow an antenna",
    "2001-04-22": "Install a UHF antenna and unfold the Canadarm2 robotic arm",
    "2001-04-24": "Connect Canadarm2 power and data cables and remove an antenna",
    "2001-06-08": "Internal EVA in Zvezda's depressurised node: move a docking cone for Pirs",
    "2001-07-15": "Prepare Unity for the Quest airlock and help berth it",
    "2001-07-18": "Install three high-pressure gas tanks on the Quest airlock",
    "2001-07-21": "First exit from Quest: install the fourth gas tank and handrails",
    "2001-08-16": "Install an ammonia servicer on P6 and two MISSE exposure experiments",
    "2001-08-18": "Install handrails and heater cables on Destiny for the S0 truss",
    "2001-10-08": "First EVA from Pirs: fit it with cables, handrails, ladder and crane post",
    "2001-10-15": "Install MPAC/SEEDS material samples and a Kromka experiment on Zvezda",
    "2001-11-12": "Connect Kurs docking antenna cables on Pirs and check the Strela crane",
    "2001-12-03": "Clear debris from Zvezda's aft port that stopped a Progress hard dock",
    "2001-12-10": "Install thermal blankets on P6 solar array gimbals",
    "2002-01-14": "Move a Strela crane boom to Pirs and install a ham radio antenna on Zvezda",
    "2002-01-25": "Install thruster plume deflectors, an antenna and experiments on Zvezda",
    "2002-02-20": "First Quest EVA without a shuttle present: prepare for the S0 truss",
    "2002-04-11": "Attach the S0 truss to Destiny with struts and connect its cables",
    "2002-04-13": "Install the aft struts holding S0 to Destiny and connect cables",
    "2002-04-14": "Release the Mobile Transporter's launch restraints and connect its cables",
    "2002-04-16": "Install handrails, lights and an airlock spur on the S0 truss",
    "2002-06-09": "Install a grapple fixture on P6 and prepare the Mobile Base System",
    "2002-06-11": "Bolt the Mobile Base System to the Mobile Transporter",
    "2002-06-13": "Replace a faulty wrist joint on Canadarm2",
    "2002-08-16": "Move debris shields from PMA-1 to Zvezda",
    "2002-08-26": "Install a parts frame on Zarya and swap experiments and antennas on Zvezda",
    "2002-10-10": "Connect the new S1 truss to S0 and deploy an S-band antenna",
    "2002-10-12": "Install a camera on Destiny and more S1-S0 connections",
    "2002-10-14": "Replace a Mobile Transporter cable reel and connect S1 ammonia lines",
    "2002-11-26": "Connect the new P1 truss to S0 and install a helmet-video antenna",
    "2002-11-28": "Connect P1 fluid lines and move a CETA cart from P1 to S1",
    "2002-11-30": "Finish P1 connections and deploy a UHF antenna",
    "2003-01-15": "Release P1 radiator locks and inspect the ammonia servicer",
    "2003-04-08": "Reconfigure truss cables for future segments and install a CETA light",
    "2004-02-26": "Swap materials samples and install Matryoshka; cut short by a suit fault",
    "2004-06-24": "Aborted after 14 minutes: oxygen problem in an Orlan suit",
    "2004-06-30": "Replace a failed power controller on S0 to restore a gyroscope",
    "2004-08-03": "Install ATV antennas and laser reflectors on Zvezda",
    "2004-09-03": "Replace a Zarya coolant flow unit and install ATV antennas on Zvezda",
    "2005-01-26": "Install the Rokviss robot-arm experiment and a workstation on Zvezda",
    "2005-03-28": "Install ATV and GPS antennas on Zvezda and release Nanosputnik",
    "2005-07-30": "Test shuttle heat-shield repairs and install a stowage platform fixture",
    "2005-08-01": "Replace a failed control moment gyroscope",
    "2005-08-03": "Attach ESP-2 and pull two protruding gap fillers from the orbiter tiles",
    "2005-08-18": "Retrieve Biorisk and exposure experiments; install an ATV camera",
    "2005-11-07": "Install a P1 camera and discard the P6 floating potential probe",
    "2006-02-03": "Release SuitSat, an old Orlan suit turned radio satellite; move a crane adapter",
    "2006-06-01": "Install a hydrogen vent for the Elektron oxygen generator",
    "2006-07-08": "Test the shuttle arm and boom as a work platform; secure the MT cable",
    "2006-07-10": "Restore the Mobile Transporter cable reel and stow a spare pump",
    "2006-07-12": "Test heat-shield repair materials and an infrared camera",
    "2006-08-03": "Install experiments and hardware on the S1 truss and the Quest airlock",
    "2006-09-12": "Connect the P3/P4 truss and prepare its solar arrays for deployment",
    "2006-09-13": "Release launch locks on the P3/P4 solar alpha rotary joint",
    "2006-09-15": "Retrieve MISSE-5, replace S-band antenna parts, release P4 radiator locks",
    "2006-11-22": "Golf-ball demonstration, move an ATV antenna, install an experiment",
    "2006-12-12": "Attach the P5 truss spacer to P4 and replace a camera",
    "2006-12-14": "Rewire power channels 2 and 3 to the permanent power system",
    "2006-12-16": "Rewire power channels 1 and 4; help retract a P6 solar array wing",
    "2006-12-18": "Help retract the stuck P6 port solar array wing",
    "2007-01-31": "Reconfigure cooling loop A to the permanent system",
    "2007-02-04": "Reconfigure cooling loop B and secure the P6 aft radiator",
    "2007-02-08": "Remove thermal shrouds and finish the shuttle power transfer cables",
    "2007-02-22": "Cut free a Progress antenna and adjust ATV antennas",
    "2007-05-30": "Install debris shields on Zvezda and an ATV GPS cable",
    "2007-06-06": "Finish the Zvezda debris shields and lay a network cable",
    "2007-06-11": "Connect the S3/S4 truss and prepare its solar arrays",
    "2007-06-13": "Help retract the P6 array and unlock the S3/S4 rotary joint",
    "2007-06-15": "Fix an orbiter thermal blanket and install a vent valve",
    "2007-06-17": "Open a hydrogen vent, install a camera stand and a network cable",
    "2007-07-23": "Jettison the early ammonia servicer and install a camera stand",
    "2007-08-11": "Install the S5 truss spacer and connect it to S4",
    "2007-08-13": "Replace a failed control moment gyroscope",
    "2007-08-15": "Move an S-band antenna from P6 to P1; ended early by glove damage",
    "2007-08-18": "Install inspection-boom restraints and retrieve MISSE 3 and 4",
    "2007-10-26": "Prepare Harmony and P6 for relocation; stow the old S-band antenna",
    "2007-10-28": "Detach P6 from Z1, outfit Harmony, inspect the starboard rotary joint",
    "2007-10-30": "Bolt P6 to P5 and inspect the port solar rotary joint",
    "2007-11-03": "Repair the torn P6 solar array wing with cuff links",
    "2007-11-09": "Prepare PMA-2 for its move to Harmony",
    "2007-11-20": "Connect coolant lines and cables on Harmony's starboard side",
    "2007-11-24": "Connect coolant lines on Harmony's port side",
    "2007-12-18": "Inspect the starboard solar array rotary joints",
    "2008-01-30": "Replace a failed solar array beta gimbal motor",
    "2008-02-11": "Prepare Columbus for installation and start a nitrogen tank swap",
    "2008-02-13": "Replace a nitrogen tank on the P1 truss",
    "2008-02-15": "Install experiments on Columbus and return a failed gyroscope",
    "2008-03-14": "Prepare Kibo's logistics module for berthing; begin Dextre assembly",
    "2008-03-15": "Attach Dextre's two arms",
    "2008-03-17": "Finish Dextre outfitting; install an experiment pallet on Columbus",
    "2008-03-20": "Replace a power controller and test heat-shield repair techniques",
    "2008-03-22": "Stow the orbiter inspection boom on the S1 truss",
    "2008-06-03": "Prepare Kibo's pressurised module and inspect a solar rotary joint",
    "2008-06-05": "Install Kibo robotic arm cameras and remove covers",
    "2008-06-08": "Replace a nitrogen tank on S1 and finish Kibo outfitting",
    "2008-07-10": "Remove a pyrobolt from a Soyuz descent module restraint",
    "2008-07-15": "Install a docking target for MRM-2 and a radiation experiment",
    "2008-11-18": "Swap a nitrogen tank and start cleaning the starboard SARJ",
    "2008-11-20": "Move CETA carts; clean and lubricate the starboard SARJ",
    "2008-11-22": "Continue replacing starboard SARJ trundle bearings",
    "2008-11-24": "Lubricate the port SARJ; install a GPS antenna and camera",
    "2008-12-23": "Install a Langmuir probe; EXPOSE-R returned inside when it failed",
    "2009-03-10": "Trim straps near Pirs antennas and reinstall EXPOSE-R",
    "2009-03-19": "Bolt the S6 truss to S5 and connect its cables",
    "2009-03-21": "Prepare P6 batteries for replacement; install a GPS antenna",
    "2009-03-23": "Relocate a CETA cart and lubricate Canadarm2",
    "2009-06-05": "Install docking antennas on Zvezda's zenith port for MRM-2",
    "2009-06-10": "Internal EVA in Zvezda's depressurised node: move a docking cone",
    "2009-07-18": "Prepare Kibo's exposed facility for attachment",
    "2009-07-20": "Transfer large spare parts to the station",
    "2009-07-22": "Replace two P6 batteries and prepare Kibo payloads",
    "2009-07-24": "Replace four P6 batteries",
    "2009-07-27": "Install cameras on Kibo and restore gyroscope power redundancy",
    "2009-09-01": "Remove an empty ammonia tank and retrieve experiments",
    "2009-09-03": "Install a new ammonia tank on the P1 truss",
    "2009-09-05": "Deploy an S3 pallet, replace a gyroscope, lay cables for Node 3",
    "2009-11-19": "Install a spare S-band antenna and prepare for Node 3",
    "2009-11-21": "Install Columbus ham antennas and deploy S3 payload attach points",
    "2009-11-23": "Install an oxygen tank outside Quest and MISSE-7 experiments",
    "2010-01-14": "Outfit Poisk with Kurs docking antennas and targets",
    "2010-02-12": "Prepare Tranquility for berthing and connect its cables",
    "2010-02-14": "Connect ammonia lines to Tranquility",
    "2010-02-17": "Finish Tranquility outfitting and remove Cupola covers",
    "2010-04-09": "Prepare an ammonia tank swap and replace a rate gyroscope",
    "2010-04-11": "Remove the old ammonia tank and install the new one",
    "2010-04-13": "Finish ammonia tank connections and stow the old tank",
    "2010-05-17": "Install a spare Ku-band antenna and a Dextre tool platform",
    "2010-05-19": "Replace four P6 batteries",
    "2010-05-21": "Replace two P6 batteries and install an ammonia jumper",
    "2010-07-27": "Replace an ATV docking camera and wire Rassvet for dockings",
    "2010-08-07": "Start replacing a failed ammonia pump; stopped by a leaking connector",
    "2010-08-11": "Remove the failed ammonia pump module",
    "2010-08-16": "Install the new ammonia pump module",
    "2010-11-15": "Install experiments on Zvezda and Poisk; retrieve ROKVISS",
    "2011-01-21": "Install a high-rate data antenna; finish a Rassvet camera",
    "2011-02-16": "Install experiments on Zvezda and retrieve Komplast samples",
    "2011-02-28": "Install a power cable and move a failed pump module",
    "2011-03-02": "Vent the failed pump; install cameras and a light",
    "2011-05-20": "Swap MISSE experiments; install a light and an ammonia jumper",
    "2011-05-22": "Refill a P6 radiator with ammonia and lubricate the port SARJ",
    "2011-05-25": "Install a Zarya grapple fixture and backup power cables",
    "2011-05-27": "Stow the orbiter inspection boom permanently on the station",
    "2011-07-12": "Move a failed pump to Atlantis; install the robotic refueling experiment",
    "2011-08-03": "Install a laser experiment, release ARISSat-1, remove a Kurs antenna",
    "2012-02-16": "Move a Strela crane from Pirs to Poisk and install an experiment",
    "2012-08-20": "Move a Strela crane to Zarya and add debris shields to Zvezda",
    "2012-08-30": "Replace a main bus switching unit; the new unit would not bolt down",
    "2012-09-05": "Clean bolt threads and install the new main bus switching unit",
    "2012-11-01": "Bypass an ammonia leak with jumpers and a spare radiator",
    "2013-04-19": "Install the Obstanovka plasma experiment; replace an ATV reflector",
    "2013-05-11": "Replace a P6 pump box to stop an ammonia leak",
    "2013-06-24": "Replace a Zarya flow valve and test Kurs ahead of Nauka",
    "2013-07-09": "Replace a Ku-band electronics box and retrieve experiments",
    "2013-07-16": "Route cables; ended early when water built up in a helmet",
    "2013-08-16": "Route power and network cables for the future Nauka module",
    "2013-08-22": "Install a camera pointing platform on Zvezda; tighten antenna covers",
    "2013-11-09": "Take the Olympic torch outside and prepare a camera platform",
    "2013-12-21": "Remove a failed ammonia pump module",
    "2013-12-24": "Install the spare ammonia pump module",
    "2013-12-27": "Attempt to install two Earth-imaging cameras on Zvezda",
    "2014-01-27": "Install high- and medium-resolution cameras on Zvezda",
    "2014-04-23": "Replace a failed computer (MDM) on the S0 truss",
    "2014-06-19": "Install a phased-array antenna and move an experiment",
    "2014-08-18": "Release a cubesat and swap experiments on Zvezda",
    "2014-10-07": "Stow a failed pump and install a backup power supply",
    "2014-10-15": "Replace a failed voltage regulator on power channel 3A",
    "2014-10-22": "Remove an experiment and old Kurs antennas; take surface samples",
    "2015-02-21": "Route cables on Harmony for future docking adapters",
    "2015-02-25": "Finish cabling; prepare Tranquility ports for module moves",
    "2015-03-01": "Install antennas and reflectors for commercial crew dockings",
    "2015-08-10": "Install handrail spanners, clean Zvezda windows, replace an antenna",
    "2015-10-28": "Prepare an MBSU repair, cover AMS, route docking adapter cables",
    "2015-11-06": "Restore the cooling system to its normal configuration",
    "2015-12-21": "Release a stuck Mobile Transporter brake before a Progress arrival",
    "2016-01-15": "Replace a voltage regulator; ended early by water in a helmet",
    "2016-02-03": "Install handrails and experiments; take hull samples",
    "2016-08-19": "Install the IDA-2 docking adapter on Harmony's forward port",
    "2016-09-01": "Retract a spare radiator and install HD cameras",
    "2017-01-06": "Install new lithium-ion batteries on power channel 3A",
    "2017-01-13": "Install new lithium-ion batteries on power channel 1A",
    "2017-03-24": "Upgrade a computer and prepare PMA-3 for relocation",
    "2017-03-30": "Upgrade a computer and connect PMA-3 heater cables",
    "2017-05-12": "Replace an avionics box and install a wireless antenna",
    "2017-05-23": "Contingency spacewalk to replace a failed computer (MDM)",
    "2017-08-17": "Deploy small satellites and test the Orlan-MKS suit",
    "2017-10-05": "Replace a Canadarm2 latching end effector",
    "2017-10-10": "Lubricate the new end effector and replace cameras",
    "2017-10-20": "Replace a Dextre fuse and install an HD camera",
    "2018-01-23": "Replace a Canadarm2 latching end effector",
    "2018-02-02": "Replace electronics of a Zvezda high-gain antenna",
    "2018-02-16": "Finish the end effector swap and move spares",
    "2018-03-29": "Install wireless antennas and replace a camera",
    "2018-05-16": "Move a cooling pump for storage and replace a transceiver",
    "2018-06-14": "Install HD cameras near the IDA-2 docking port",
    "2018-08-15": "Deploy student cubesats; install Icarus animal-tracking antennas",
    "2018-12-11": "Inspect the repaired hole in Soyuz MS-09; retrieve experiments",
    "2019-03-22": "Replace P4 nickel batteries with lithium-ion ones (channel 4A)",
    "2019-03-29": "Replace P4 batteries on power channel 2A",
    "2019-04-08": "Install redundant power cables for Canadarm2",
    "2019-05-29": "Remove experiments from Pirs, clean windows, install a handrail",
    "2019-08-21": "Install the IDA-3 docking adapter on Harmony's zenith port",
    "2019-10-06": "Replace P6 truss batteries (first of five)",
    "2019-10-11": "Replace P6 truss batteries (second of five)",
    "2019-10-18": "First all-female spacewalk: replace a failed battery charge unit",
    "2019-11-15": "Begin repairing the AMS-02 cooling system",
    "2019-11-22": "Cut AMS-02 cooling lines and install a vent",
    "2019-12-02": "Install a new cooling pump on AMS-02",
    "2020-01-15": "Replace P6 truss batteries (fourth of five)",
    "2020-01-20": "Finish the P6 battery replacement",
    "2020-01-25": "Final AMS-02 repair spacewalk",
    "2020-06-26": "Replace S6 truss batteries",
    "2020-07-01": "Finish the S6 battery swap",
    "2020-07-16": "Replace starboard truss batteries",
    "2020-07-21": "Install a leak locator housing; remove solar array lifting fixtures",
    "2020-11-18": "Prepare Pirs for removal and the station for Nauka",
    "2021-01-27": "Install the Bartolomeo Ka-band terminal on Columbus; remove P6 fixtures",
    "2021-02-01": "Replace batteries and upgrade external cameras",
    "2021-02-28": "Install a mounting kit for a future IROSA solar array (2B)",
    "2021-03-05": "Install a mounting kit for a future IROSA solar array (4B)",
    "2021-03-13": "Service the cooling system and communications gear",
    "2021-06-02": "Decommission the Pirs module",
    "2021-06-16": "Install the first IROSA roll-out solar array",
    "2021-06-20": "Continue installing the first IROSA array",
    "2021-06-25": "Install the second IROSA solar array",
    "2021-09-03": "Integrate the new Nauka module",
    "2021-09-09": "Continue integrating Nauka",
    "2021-09-12": "Install a support bracket for a future solar array",
    "2021-12-02": "Replace a faulty S-band antenna assembly",
    "2022-01-19": "Configure Prichal for visiting vehicles",
    "2022-03-15": "Install IROSA mounting brackets on the S4 truss",
    "2022-03-23": "Vent ammonia jumpers on P1 and reposition a radiator valve",
    "2022-04-18": "Activate Nauka and Prichal systems and the ERA robotic arm",
    "2022-04-28": "Continue activating Nauka and the ERA arm",
    "2022-07-21": "Work on commissioning the ERA robotic arm",
    "2022-08-17": "Outfit Nauka; cut short by a suit battery fault",
    "2022-09-02": "Prepare the ERA arm for operations",
    "2022-11-15": "Install an IROSA mounting bracket on the S6 truss",
    "2022-11-17": "Continue outfitting Nauka and ERA",
    "2022-12-03": "Install an IROSA solar array at 3A",
    "2022-12-22": "Install an IROSA solar array at 4A",
    "2023-01-20": "Finish IROSA brackets on the starboard truss",
    "2023-02-02": "Install IROSA brackets for the 1A array",
    "2023-04-19": "Outfit Nauka and prepare ERA (ninth of a series)",
    "2023-04-28": "Route cables for IROSA arrays; first spacewalk by an Arab astronaut",
    "2023-05-03": "Outfit Nauka and prepare ERA (tenth of a series)",
    "2023-05-12": "Finish outfitting Nauka and preparing ERA",
    "2023-06-09": "Install an IROSA solar array on power channel 1A",
    "2023-06-15": "Install an IROSA solar array on power channel 1B",
    "2023-06-22": "Route a network cable and jettison old hardware from Zvezda",
    "2023-08-09": "Attach debris shields to Rassvet",
    "2023-10-25": "Install a radar, launch a cubesat, inspect a leaking radiator",
    "2023-11-01": "Remove a P4 fixture ahead of future IROSA arrays",
    "2024-04-25": "Deploy a radar and install experiments on Poisk",
    "2024-06-24": "Retrieve an antenna; ended minutes in by a suit water leak",
    "2024-12-19": "Install an X-ray telescope, retrieve experiments, rewire Zvezda",
    "2025-01-16": "Replace a rate gyro; patch NICER light shields",
    "2025-01-30": "Remove a faulty radio communications unit",
    "2025-05-01": "Relocate an antenna and install an IROSA mounting bracket",
    "2025-10-16": "Install Ekran-M on Nauka, jettison cameras, clean windows",
    "2025-10-28": "Install a plasma injector on Nauka and move an ERA control panel",
}


def expedition_boundaries(src):
    """Start instant of each expedition (= end of the previous one), used to
    place SHUTTLE-mission spacewalks (stage EVAs carry their increment in the
    sources).  LL2 end_utc of Expedition N for N <= 36 (LL2's early 'start'
    values are crew arrivals, its early 'end' values the handovers, e.g. Exp 1
    ends at STS-102's undocking); LL2 start of N for N >= 38 (its Exp 38 end
    '2014-05-11' is a typo for 03-11)."""
    rows = {int(r["expedition"]): r for r in src.ll2_exp}
    starts = {1: T(rows[1]["start_utc"])}
    for n in range(1, 37):
        starts[n + 1] = T(rows[n]["end_utc"])
    for n in range(38, 64):
        starts[n] = T(rows[n]["start_utc"])
    # Expeditions 64-74 start at the undocking of the previous crew's Soyuz;
    # the dates are those of visits.csv (MS-16: LL2; MS-17 to MS-22, MS-24:
    # McDowell landing rule; MS-23, MS-25, MS-26: public record; MS-27:
    # corquaid).  LL2's own Exp 64 start is the change-of-command ceremony.
    for n, day in LATE_EXPEDITION_STARTS.items():
        starts[n] = D(day)
    return starts


LATE_EXPEDITION_STARTS = {
    64: "2020-10-21",
    65: "2021-04-17",
    66: "2021-10-17",
    67: "2022-03-30",
    68: "2022-09-29",
    69: "2023-03-28",
    70: "2023-09-27",
    71: "2024-04-06",
    72: "2024-09-23",
    73: "2025-04-19",
    74: "2025-12-09",
}


def expedition_at(starts, when):
    best = None
    for n, t in sorted(starts.items()):
        if when.sort_key() >= t.sort_key():
            best = n
    return best


def designation_from_isse(x):
    for col in ("designation_ll2", "designation_in_source_text", "designation_inferred"):
        v = (x[col] or "").strip()
        if v:
            m = re.match(r"^(US|Russian) EVA[- ](\d+)$", v)
            if not m:
                raise SystemExit(f"odd designation {v!r}")
            how = {
                "designation_ll2": "given by LL2",
                "designation_in_source_text": "quoted in the moonshot text",
                "designation_inferred": "inferred by counting (iss_evas_2013_2025)",
            }[col]
            return f"{m.group(1)} EVA {m.group(2)}", how
    return None, None


PIRS_ARRIVED, POISK_ARRIVED, PIRS_LEFT = (
    dt.date(2001, 9, 26),
    dt.date(2009, 11, 12),
    dt.date(2021, 7, 26),
)
QUEST_FIRST = dt.date(2001, 7, 21)  # STS-104 EVA 3, "First EVA based from ISS joint airlock"
INTERNAL_EVAS = {"2001-06-08", "2009-06-10"}
# Russian EVAs 2009-11 .. 2021-07 could use Pirs or Poisk; only where a
# source names the hatch is it filled in.
RU_AIRLOCK_NAMED = {
    "2019-05-29": ("Pirs", "LL2 event: 'exit ... through the Pirs airlock'"),
    "2020-11-18": ("Poisk", "LL2 event and moonshot text: exit through Poisk"),
}


def build_spacewalks(src, people):
    evas = load_evas(src, people)
    starts = expedition_boundaries(src)
    rows = [spacewalk_row(e, starts) for e in evas]
    name_spacewalks(rows)
    return rows


def spacewalk_row(e, starts):
    nasa, isse = e.nasa, e.isse
    detail = list(e.details)
    dur = spacewalk_duration(e, detail)
    mission = shuttle_mission(nasa, detail)
    expedition = spacewalk_expedition(e, starts, detail)
    russian = (nasa and nasa["country"] == "Russia") or (
        isse and isse["segment"].startswith("Russian")
    )
    airlock = spacewalk_airlock(e, mission, russian, detail)
    if mission:
        designation = None  # numbered per mission by name_spacewalks()
    else:
        designation, how = designation_from_isse(isse) if isse else (None, None)
        if designation:
            detail.append("designation " + how)
    return dict(
        e=e,
        date=e.date,
        start=e.start,
        end=e.end,
        dur=dur,
        mission=mission,
        expedition=expedition,
        airlock=airlock,
        designation=designation,
        russian=bool(russian),
        detail=detail,
    )


def spacewalk_duration(e, detail):
    """Minutes, from the start and end times; where they contradict NASA's
    duration by more than NASA_TOLERANCE_MIN the times are dropped."""
    nasa, isse = e.nasa, e.isse
    src_dur = None
    if nasa and nasa["duration_minutes"]:
        src_dur = int(nasa["duration_minutes"])
    elif isse and isse["duration_min_source"]:
        src_dur = int(isse["duration_min_source"])
    if not (e.start and e.end):
        return src_dur
    dur = minutes_between(e.start, e.end)
    if nasa and src_dur is not None and abs(dur - src_dur) > NASA_TOLERANCE_MIN:
        detail.append(
            f"cosmos-book times ({e.start}-{e.end}, {dur} min) contradict NASA {src_dur} min: times dropped"
        )
        e.start = e.end = None
        dur = src_dur
    return dur


def shuttle_mission(nasa, detail):
    """The shuttle mission of a shuttle-based EVA (NASA Vehicle 'STS-xxx/flight')."""
    if not nasa:
        return ""
    m = re.match(r"^(STS-\d+)\s*/", nasa["vehicle"])
    if m:
        return m.group(1)
    if "during STS" in nasa["vehicle"]:
        detail.append("ISS crew EVA during " + re.search(r"STS-\d+", nasa["vehicle"]).group(0))
    return ""


def spacewalk_expedition(e, starts, detail):
    """The expedition is placed by date (handover boundaries).  This corrects
    the source's value for 2009-06-05/10 (NASA Incr-19; Exp 20 began when
    Soyuz TMA-15 docked, 2009-05-29), 2012-11-01 (NASA Incr-32; Exp 33 began
    2012-09-16, Williams was its commander) and 2021-06-02 (moonshot 64; Exp
    65 began 2021-04-17)."""
    nasa, isse = e.nasa, e.isse
    when = e.start or When(e.date, False)
    computed = expedition_at(starts, when) if when.sort_key() >= starts[1].sort_key() else None
    given = None
    if isse and isse["expedition"]:
        given = int(isse["expedition"])
    elif nasa and nasa["iss_increment"]:
        given = int(nasa["iss_increment"])
    if given is not None and given != computed:
        detail.append(f"expedition {computed} by date (source says {given})")
    return computed


def spacewalk_airlock(e, mission, russian, detail):
    ds = str(e.date)
    if mission:
        if e.date < QUEST_FIRST or e.nasa["purpose"].startswith("Shuttle based"):
            return "Shuttle"
        return "Quest"
    if not russian:
        return "Quest"
    if ds in INTERNAL_EVAS:
        detail.append("internal EVA in depressurised Zvezda compartment (kept: all sources list it)")
        return "Zvezda transfer compartment"
    if PIRS_ARRIVED <= e.date < POISK_ARRIVED:
        return "Pirs"
    if e.date >= PIRS_LEFT:
        return "Poisk"
    if ds in RU_AIRLOCK_NAMED:
        airlock, why = RU_AIRLOCK_NAMED[ds]
        detail.append("airlock: " + why)
        return airlock
    return ""


def name_spacewalks(rows):
    """Shuttle EVAs: "STS-xxx EVA n" in date order within the mission; other
    EVAs without a designation in the sources: "Expedition N EVA n" in date
    order among the expedition's stage EVAs (a descriptive label, not an
    official number).  Also the purpose, crew and main source of each row."""
    per_mission = collections.Counter()
    per_exp = collections.Counter()
    for r in rows:
        if r["mission"]:
            per_mission[r["mission"]] += 1
            r["designation"] = f"{r['mission']} EVA {per_mission[r['mission']]}"
        elif r["designation"] is None:
            per_exp[r["expedition"]] += 1
            r["designation"] = f"Expedition {r['expedition']} EVA {per_exp[r['expedition']]}"
            r["detail"].append("descriptive designation (no official number in the sources)")
        r["purpose"] = PURPOSE.get(str(r["date"]), "")
        if not r["purpose"]:
            raise SystemExit(f"no purpose written for EVA {r['date']}")
        e = r["e"]
        r["crew"] = e.crew
        r["source"] = e.sources[0]
        r["detail"].insert(0, "sources: " + ", ".join(dict.fromkeys(e.sources)))


# ---------------------------------------------------------------------------
# Russian spacewalk numbers (iss_updates_2026/russian_eva_numbers.csv)
# ---------------------------------------------------------------------------
#
# iss_updates_2026/SOURCE.md: Roscosmos counts ("Nth Russian EVA (Mth
# planned)") anchor the planned (VKD) series; the numbers counted by
# iss_evas_2013_2025 are one too low in 2017-2018 and one to two too high from
# 2022-08-17.  Each row names the label the app had (app_designation); a row
# applies only when that label and the date both match a spacewalk here, and
# only with high or medium confidence.  Applied rows get the file's "VKD-nn";
# the two 2022 EVAs Roscosmos counted but gave no planned number get a
# descriptive label with their date (no number is invented).  The former label
# goes into the `replaces` column so the importer renames the loaded record.
# Low-confidence rows are not applied (listed by the build and in DATA_NOTES).

UPDATES = "iss_updates_2026"
VKD_APPLIED_CONFIDENCE = {"high", "medium"}
VKD_UNNUMBERED = "(not in VKD planned sequence)"
VKD_NOT_APPLIED = []


def apply_vkd_numbers(src, walks):
    by_key = {(str(w["date"]), w["designation"]): w for w in walks}
    for r in src.upd_vkd:
        if r["confidence"] not in VKD_APPLIED_CONFIDENCE:
            VKD_NOT_APPLIED.append(f"{r['date']} {r['designation']} ({r['confidence']})")
            continue
        w = by_key.get((r["date"], r["app_designation"]))
        if w is None:
            raise SystemExit(f"russian_eva_numbers.csv {r['date']} {r['app_designation']}: no such EVA")
        if r["designation"] == VKD_UNNUMBERED:
            new = f"Russian EVA of {r['date']}"
            how = "descriptive label: counted by Roscosmos but given no planned (VKD) number"
        else:
            new = r["designation"]
            how = "designation"
        first_url = r["source_urls"].split(" | ")[0].strip()
        w["replaces"] = w["designation"]
        w["designation"] = new
        w["detail"] = [
            d for d in w["detail"] if not d.startswith("designation ")
        ] + [
            f"{how}: {UPDATES} russian_eva_numbers.csv ({r['confidence']}; {first_url}); "
            f"formerly {w['replaces']}"
        ]


# ---------------------------------------------------------------------------
# Events the data lacked (iss_updates_2026/events_*.csv)
# ---------------------------------------------------------------------------
#
# Four events before the 2026-04-28 cut-off and four after it.  Each one is
# either loaded into the record it belongs to (high or medium confidence) or
# held back and listed (low): a low-confidence event is not a public record.
# How each event is used, checked against the file's row:
# * "Expedition 74 command change" (high): the Fincke to Kud-Sverchkov term in
#   command_terms.csv (commander_changes.csv gives the same day).
# * "SpaceX Crew-11 departure" and "Cygnus NG-23 departure" (medium): visits.csv
#   already has both days from iss_vehicle_gaps; the event must agree, and its
#   pages are added to the visit's source_detail.  Crew-11 keeps the
#   undocking time 22:20Z it has; the event's 22:05Z is the scheduled time.
# * "US EVA 94" (medium): a new spacewalk, written below from the row.
# * "Progress MS-34 arrival" (medium): visits.csv has the day; the event's
#   pages are added.
# * "SpaceX CRS-34 launch" (medium): held back.  A visit is a vehicle at the
#   station and needs its arrival day, and the only arrival is "SpaceX CRS-34
#   arrival" (low: scheduled, no report).  No arrival is invented.
# * "SpaceX CRS-34 arrival" and "VKD-66 (Russian EVA)" (low): held back.
EVENT_CONFIRMS_VISIT = {
    "SpaceX Crew-11 departure": ("spacex-crew-11", "departure"),
    "Cygnus NG-23 departure": ("cygnus-ng-23", "departure"),
    "Progress MS-34 arrival": ("progress-ms-34", "arrival"),
}
EVENT_IN_COMMAND_TERMS = {"Expedition 74 command change"}
EVENT_HELD_BACK = {
    "SpaceX CRS-34 launch": "no arrival of medium or high confidence: a visit needs one",
}
# US EVA 94, transcribed from the row's details (times given in EDT there,
# converted to UTC by the file): crew, airlock, start, end; the duration is end
# minus start (7 h 02 min, as the row says).  "Chris Williams" is Christopher
# Williams of Soyuz MS-28 (SOURCE.md: "C. Williams").
ADDED_EVAS = {
    "US EVA 94": dict(
        start="2026-03-18T12:52Z",
        end="2026-03-18T19:54Z",
        airlock="Quest",
        crew=["Jessica Meir", "Christopher Williams"],
        purpose="Prepare the 2A power channel for a future iROSA array; install jumpers",
    ),
}
EVENTS_NOT_LOADED = []


def apply_events(src, visits, walks, starts):
    by_slug = {v.slug: v for v in visits}
    for r in src.upd_events:
        name, confidence = r["name"], r["confidence"]
        urls = r["source_urls"].strip()
        if confidence not in {"high", "medium"}:
            EVENTS_NOT_LOADED.append(f"{r['date']} {name} ({confidence})")
            continue
        if name in EVENT_IN_COMMAND_TERMS:
            continue
        if name in EVENT_HELD_BACK:
            EVENTS_NOT_LOADED.append(f"{r['date']} {name} ({confidence}): {EVENT_HELD_BACK[name]}")
            continue
        if name in EVENT_CONFIRMS_VISIT:
            slug, which = EVENT_CONFIRMS_VISIT[name]
            v = by_slug[slug]
            day = getattr(v, which)
            if day is None or str(day.date) != r["date"]:
                raise SystemExit(f"{name}: event {r['date']} disagrees with visits.csv {day}")
            v.details.append(f"{which} confirmed: {UPDATES} events ({confidence}): {urls}")
            continue
        if r["kind"] == "spacewalk" and name in ADDED_EVAS:
            a = ADDED_EVAS[name]
            start, end = T(a["start"]), T(a["end"])
            if str(start.date) != r["date"] or r["datetime_utc"] != a["start"]:
                raise SystemExit(f"{name}: start differs from the event row")
            walks.append(
                dict(
                    e=None,
                    date=start.date,
                    start=start,
                    end=end,
                    dur=minutes_between(start, end),
                    mission="",
                    expedition=expedition_at(starts, start),
                    airlock=a["airlock"],
                    designation=name,
                    russian=False,
                    crew=list(a["crew"]),
                    crew_names=True,
                    purpose=a["purpose"],
                    source=UPDATES,
                    detail=[f"{UPDATES} events_gapfill ({confidence}): {urls}"],
                )
            )
            continue
        raise SystemExit(f"events: no rule for {name!r}")


# ---------------------------------------------------------------------------
# Command terms (iss_updates_2026/commander_changes.csv)
# ---------------------------------------------------------------------------
#
# One row per person per expedition whose command changed hands during it
# (Expeditions 65-74; none found earlier, see SOURCE.md).  Written as given:
# the commander's name without the agency in brackets, from_date and to_date
# (an empty to_date: still in command at the sources' newest date).  The
# row's source_urls, which also say how each date was fixed, become the
# source_detail.  Walker's handover to Hoshide is uncertain in the sources (27
# April to 2 May 2021); the file's 28 April (ANSA: "11 days") is kept and the
# doubt is in DATA_NOTES.md.  Expeditions 69 and 71 had no change and are not
# listed: their single commander comes from the crew roles.


def build_command_terms(src):
    terms = []
    for r in src.upd_commanders:
        name = re.sub(r"\s*\([^)]*\)$", "", r["commander"]).strip()
        terms.append(
            dict(
                expedition=int(r["expedition"]),
                commander=name,
                start=D(r["from_date"]),
                end=D(r["to_date"]) if r["to_date"] else None,
                source=UPDATES,
                detail=f"{UPDATES} commander_changes.csv: {r['source_urls'].strip()}",
            )
        )
    return terms


# ---------------------------------------------------------------------------
# Modules and major assembly elements
# ---------------------------------------------------------------------------
#
# Source: gcat_mcdowell/derived_iss_elements.csv (GCAT auxcat + satcat rows).
# * The MPLM logistics flights (Leonardo/Raffaello 2001-2011, kind
#   logistics_module_flight) are shuttle cargo visits, not station elements,
#   and are left out; the permanent Leonardo PMM (2011) is kept.
# * AMS-02 is a science payload, not an assembly element: left out.
# * launch = GCAT launch DATE.  attached = GCAT DDate (the attach/dock time;
#   for arm-installed elements GCAT gives the hand-over time from the
#   shuttle, normally within an hour or two of berthing); values flagged '?'
#   by GCAT are kept as dates only.  Exceptions below.
# * Poisk and Nauka are not in the GCAT extract: added from the public record.

GCAT_MODULES = {
    # gcat_id: (slug, name, kind, tie-break rank within one launch)
    "S25544": ("zarya", "Zarya", "pressurized module", 0),
    "S25575": ("unity", "Unity", "node", 0),
    "A06141": ("pma-1", "PMA-1", "docking adapter", 1),
    "A06140": ("pma-2", "PMA-2", "docking adapter", 2),
    "S26400": ("zvezda", "Zvezda", "pressurized module", 0),
    "A06325": ("pma-3", "PMA-3", "docking adapter", 1),
    "A06328": ("z1-truss", "Z1 truss", "truss", 0),
    "A06373": ("p6-truss", "P6 truss", "truss", 0),
    "S26700": ("destiny", "Destiny", "pressurized module", 0),
    "A06499": ("canadarm2", "Canadarm2", "robotics", 0),
    "A06542": ("quest", "Quest", "airlock", 0),
    "A06581": ("pirs", "Pirs", "docking module", 0),
    "A06649": ("s0-truss", "S0 truss", "truss", 0),
    "A06687": ("mobile-base-system", "Mobile Base System", "robotics", 0),
    "A06728": ("s1-truss", "S1 truss", "truss", 0),
    "A06756": ("p1-truss", "P1 truss", "truss", 0),
    "A07058": ("p3-truss", "P3 truss", "truss", 0),
    "A07059": ("p4-truss", "P4 truss", "truss", 1),
    "A07144": ("p5-truss", "P5 truss", "truss", 0),
    "A07198": ("s3-truss", "S3 truss", "truss", 0),
    "A07199": ("s4-truss", "S4 truss", "truss", 1),
    "A07268": ("s5-truss", "S5 truss", "truss", 0),
    "A07305": ("harmony", "Harmony", "node", 0),
    "A07337": ("columbus", "Columbus", "pressurized module", 0),
    "A07371": ("kibo-elm-ps", "Kibo Experiment Logistics Module", "pressurized module", 0),
    "A07369": ("dextre", "Dextre", "robotics", 1),
    "A07398": ("kibo-pm", "Kibo Pressurized Module", "pressurized module", 0),
    "A07476": ("s6-truss", "S6 truss", "truss", 0),
    "A07559": ("kibo-ef", "Kibo Exposed Facility", "external platform", 0),
    "A07634": ("elc-1", "ExPRESS Logistics Carrier 1", "external platform", 0),
    "A07674": ("tranquility", "Tranquility", "node", 0),
    "A07675": ("cupola", "Cupola", "pressurized module", 1),
    "A07725": ("rassvet", "Rassvet", "pressurized module", 0),
    "A07796": ("leonardo-pmm", "Leonardo PMM", "pressurized module", 0),
    "A08570": ("beam", "BEAM", "pressurized module", 0),
    "A08583": ("ida-2", "IDA-2", "docking adapter", 0),
    "A09460": ("ida-3", "IDA-3", "docking adapter", 0),
    "A09666": ("bishop", "Bishop airlock", "airlock", 0),
    "A09906": ("prichal", "Prichal", "node", 0),
}
OWNER_AGENCY = {
    "JSC": "NASA",
    "MSFC": "NASA",
    "RKKE": "RSA",
    "ESA": "ESA",
    "JAXA": "JAXA",
    "CSA": "CSA",
    # commercially owned US-segment elements: listed under NASA,
    # which sponsored them (agencies.csv has no Bigelow/Nanoracks)
    "BIGEL": "NASA",
    "NANR": "NASA",
}

# LL2 event 51 (STS-88): Zarya mated to PMA-1 on Unity, 1998-12-07T02:07Z.
UNITY_MATED = T("1998-12-07T02:07Z")
MODULE_NOTES = {
    "zarya": "first element (no attach time); GCAT: grappled by Endeavour's arm 1998-12-06T23:47Z; owner JSC (US-funded, Russian-built)",
    "unity": "attached = mating with Zarya (LL2 STS-88 event 1998-12-07T02:07Z); GCAT status AO (launched with PMA-1/PMA-2)",
    "pma-1": "launched on Unity; attached = Unity-Zarya mating 1998-12-07T02:07Z (LL2); GCAT DDate 1998-12-05T22:08Z is on the shuttle",
    "pma-2": "launched on Unity; attached = Unity-Zarya mating (LL2); moved to Destiny 2001-02-10 (GCAT DDate) and later to Harmony",
    "pma-3": "later relocated (GCAT gives the first attachment, to Unity)",
    "p6-truss": "first mounted on Z1; GCAT gives the 2000 attachment (moved to P5 in 2007)",
    "pirs": "GCAT DDate 2001-09-26T15:36Z is the separation of its Progress M-SO1 carrier; docked to Zvezda 2001-09-17 (public record); departed 2021-07-26 (undocked with Progress MS-16, public record)",
    "p4-truss": "launched and attached as one segment with P3 (GCAT status AO): P3's time",
    "s4-truss": "launched and attached as one segment with S3 (GCAT status AO): S3's time",
    "cupola": "launched on Tranquility's forward port: attached = Tranquility's time; GCAT 2010-02-15T05:24Z is its move to the nadir port",
    "kibo-elm-ps": "first berthed on Harmony zenith, moved to Kibo PM in 2008",
    "leonardo-pmm": "the MPLM Leonardo converted to a permanent module; moved to Tranquility forward in 2015",
    "ida-2": "GCAT time flagged uncertain: date only; connected during the EVA of 2016-08-19",
    "ida-3": "GCAT time flagged uncertain: date only; connected during the EVA of 2019-08-21",
    "beam": "GCAT time flagged uncertain: date only; owner Bigelow (listed under NASA)",
    "bishop": "owner Nanoracks (listed under NASA)",
    "prichal": "delivered and docked to Nauka nadir by Progress M-UM",
}
# Not in the GCAT extract (its SOURCE.md: Poisk S36086 and Nauka S49044 are in
# the satcat file, which could not be read in full): public record, dates only.
ADDED_MODULES = [
    dict(
        slug="poisk",
        name="Poisk",
        agency="RSA",
        kind="docking module",
        launch=D("2009-11-10"),
        attached=D("2009-11-12"),
        detail="Mini-Research Module 2; launched on Progress M-MIM2, docked to Zvezda zenith (public record)",
    ),
    dict(
        slug="nauka",
        name="Nauka",
        agency="RSA",
        kind="pressurized module",
        launch=D("2021-07-21"),
        attached=D("2021-07-29"),
        detail="Multipurpose Laboratory Module; docked to Zvezda nadir after Pirs left (public record)",
    ),
]


# External elements a visitor expects (iss_updates_2026/external_elements.csv,
# 2026-11): only rows absent from the GCAT list (already_in_app_modules
# starting "no"); the other rows confirm what is here.  Written as the file
# gives them: launch date, launch vehicle, installed date (a date only; a
# month alone, "2009-11", is not a day and is left empty), location, mass.
# The flight links to its visit where visits.csv has it.  Agencies map to
# agencies.csv: AMS-02 (NASA/DOE and an international collaboration) under
# NASA, ERA (ESA, operated by Roscosmos) and Bartolomeo (ESA / Airbus) under
# ESA.  Kinds use this file's vocabulary.  Every row here is high or medium.
# "iROSA pair 4" is not installed and has no launch: not an element yet.
EXTERNAL_ELEMENTS = {
    # name in the file: (slug, kind, agency, visit slug or "")
    "ESP-1 (External Stowage Platform 1)": ("esp-1", "external platform", "NASA", "sts-102"),
    "ESP-2 (External Stowage Platform 2)": ("esp-2", "external platform", "NASA", "sts-114"),
    "ESP-3 (External Stowage Platform 3)": ("esp-3", "external platform", "NASA", "sts-118"),
    "ELC-2 (ExPRESS Logistics Carrier 2)": ("elc-2", "external platform", "NASA", "sts-129"),
    "ELC-4 (ExPRESS Logistics Carrier 4)": ("elc-4", "external platform", "NASA", "sts-133"),
    "ELC-3 (ExPRESS Logistics Carrier 3)": ("elc-3", "external platform", "NASA", "sts-134"),
    "AMS-02 (Alpha Magnetic Spectrometer)": ("ams-02", "science payload", "NASA", "sts-134"),
    "ERA (European Robotic Arm)": ("era", "robotics", "ESA", ""),
    "Bartolomeo": ("bartolomeo", "external platform", "ESA", "spacex-crs-20"),
    "iROSA 1 (power channel 2B)": ("irosa-1", "solar array", "NASA", "spacex-crs-22"),
    "iROSA 2 (power channel 4B)": ("irosa-2", "solar array", "NASA", "spacex-crs-22"),
    "iROSA 3 (power channel 3A)": ("irosa-3", "solar array", "NASA", "spacex-crs-26"),
    "iROSA 4 (power channel 4A)": ("irosa-4", "solar array", "NASA", "spacex-crs-26"),
    "iROSA 5 (power channel 1A)": ("irosa-5", "solar array", "NASA", "spacex-crs-28"),
    "iROSA 6 (power channel 1B)": ("irosa-6", "solar array", "NASA", "spacex-crs-28"),
}
ELEMENTS_NOT_ADDED = []
# A location claim the file itself rates low (one AI-written page) is left out.
LOCATION_FIXES = {
    "ESP-3 (External Stowage Platform 3)": (
        "P3 truss UCCAS-1 (zenith)",
        "the 2010 move to S3 is not given: one AI-written page only (low)",
    ),
}


def external_elements(src, visit_slugs):
    mods = []
    for r in src.upd_elements:
        if not r["already_in_app_modules"].startswith("no"):
            continue
        if r["name"] not in EXTERNAL_ELEMENTS:
            if r["launch_date"]:
                raise SystemExit(f"external_elements.csv: no mapping for {r['name']!r}")
            ELEMENTS_NOT_ADDED.append(f"{r['name']}: no launch date ({r['note'][:60]})")
            continue
        if r["confidence"] not in {"high", "medium"}:
            raise SystemExit(f"external_elements.csv: {r['name']} is {r['confidence']}")
        slug, kind, agency, visit = EXTERNAL_ELEMENTS[r["name"]]
        if visit and visit not in visit_slugs:
            raise SystemExit(f"external_elements.csv: {r['name']}: no visit {visit!r}")
        installed = r["installed_date"].strip()
        attached = None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", installed):
            attached = D(installed)
        elif "T" in installed:
            attached = D(str(T(installed).date))  # a time is given: keep the day
        detail = [
            f"{UPDATES} external_elements.csv ({r['confidence']}): {r['source_urls'].strip()}",
            f"agency in the file: {r['agency']}",
        ]
        if installed and attached is None:
            detail.append(f"installed {installed}: no day given, left empty")
        location = r["location"].strip()
        if r["name"] in LOCATION_FIXES:
            location, why = LOCATION_FIXES[r["name"]]
            detail.append(f"location: {why}")
        if r["note"].strip():
            detail.append(r["note"].strip())
        mods.append(
            dict(
                slug=slug,
                name=r["name"],
                agency=agency,
                kind=kind,
                launch=D(r["launch_date"]),
                attached=attached,
                mass=int(r["mass_kg"]) if r["mass_kg"].strip() else "",
                location=location,
                launch_vehicle=r["launch_vehicle"].strip(),
                delivered_by=visit,
                rank=5,
                source=UPDATES,
                detail=detail,
            )
        )
    return mods


def build_modules(src, visit_slugs=()):
    aux = {r["JCAT"]: r for r in src.gcat_auxcat}
    by_id = {r["gcat_id"]: r for r in src.gcat_elements}
    mods = [gcat_module(gid, by_id, aux) for gid in GCAT_MODULES]
    for a in ADDED_MODULES:
        mods.append(
            dict(
                slug=a["slug"],
                name=a["name"],
                agency=a["agency"],
                kind=a["kind"],
                launch=a["launch"],
                attached=a["attached"],
                mass="",
                rank=0,
                source="public_record",
                detail=[a["detail"]],
            )
        )
    mods.extend(external_elements(src, set(visit_slugs)))
    mods.sort(
        key=lambda m: (
            m["launch"].date,
            m["rank"],
            m["attached"].sort_key() if m["attached"] else dt.datetime.min,
        )
    )
    for i, m in enumerate(mods, start=1):
        m["position"] = i
    return mods


def gcat_module(gid, by_id, aux):
    """A module from its GCAT element row, with the exceptions to GCAT's attach time."""
    slug, name, kind, rank = GCAT_MODULES[gid]
    r = by_id[gid]
    attached = iso_when(r["dock_or_attach_time"]) if r["dock_or_attach_time"] else None
    raw_ddate = aux.get(gid, {}).get("DDate", "")
    if raw_ddate.strip().endswith("?") and attached is not None:
        attached = D(str(attached.date))
    detail = [f"derived_iss_elements.csv {gid} ({r['catalog']}, {r['official_name'].strip()})"]
    if slug == "zarya":
        attached = None
    elif slug in ("unity", "pma-1", "pma-2"):
        attached = UNITY_MATED
    elif slug == "pirs":
        attached = D("2001-09-17")
    elif slug in ("p4-truss", "s4-truss", "cupola"):
        parent = {"p4-truss": "A07058", "s4-truss": "A07198", "cupola": "A07674"}[slug]
        attached = iso_when(by_id[parent]["dock_or_attach_time"])
    if slug in MODULE_NOTES:
        detail.append(MODULE_NOTES[slug])
    mass = r["mass_kg"].strip()
    return dict(
        slug=slug,
        name=name,
        agency=OWNER_AGENCY[r["owner_org"]],
        kind=kind,
        launch=D(r["launch_date"]),
        attached=attached,
        mass=int(float(mass)) if mass else "",
        rank=rank,
        source="gcat_mcdowell",
        detail=detail,
    )


# ---------------------------------------------------------------------------
# Names against the people list (astronauts.csv, written by the people
# helper): if it exists, a person is written in the first of his source
# spellings that it knows (as name or alias; case and dots ignored).
# ---------------------------------------------------------------------------


def name_key(s):
    """Same normalisation as the importer (stations/importer/records.py
    normalize_name): dots to spaces, curly apostrophe, case-folded; accents
    are significant."""
    return re.sub(r"\s+", " ", s.replace(".", " ").replace("’", "'")).strip().casefold()


def load_people_list(path):
    if not os.path.exists(path):
        return None
    known = set()
    for r in read_csv(path):
        known.add(name_key(r.get("name", "")))
        for a in re.split(r"[|\n]", r.get("aliases", "") or ""):
            if a.strip():
                known.add(name_key(a))
    return known


def choose_spellings(people, pids, known):
    """pid -> written name; plus the list of names that do not resolve."""
    out, unresolved = {}, []
    for pid in pids:
        first = people.display(pid)
        if known is None or name_key(first) in known:
            out[pid] = first
            continue
        cands = (
            [first]
            + [n for n, _ in people.variants[pid].most_common()]
            + list(people.spellings[pid])
        )
        hit = next((c for c in cands if name_key(c) in known), None)
        out[pid] = hit or first
        if hit is None:
            unresolved.append(first)
    return out, unresolved


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def fmt(w):
    return "" if w is None else str(w)


# Visits name the pages each value came from (iss_vehicle_gaps source_urls).
VISIT_DETAIL_LIMIT = 1500


def join_detail(parts, limit=300):
    text = "; ".join(p for p in parts if p)
    if len(text) > limit:
        raise SystemExit(f"source_detail over {limit} chars: {text}")
    return text


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    return derive(args.data, args.out)


def derive(data_dir, out_dir):
    """Read the sources in data_dir, write the CSV files into out_dir, print
    the report; returns the exit status (1 if a sanity check failed)."""
    os.makedirs(out_dir, exist_ok=True)
    for log in (PORT_PROBLEMS, VKD_NOT_APPLIED, EVENTS_NOT_LOADED, ELEMENTS_NOT_ADDED):
        log.clear()  # module-level logs: a second run in one process starts afresh
    src = Sources(data_dir)
    people = build_people(src)
    visits, visit_notes = build_visits(src, people)
    walks = build_spacewalks(src, people)
    apply_vkd_numbers(src, walks)
    apply_events(src, visits, walks, expedition_boundaries(src))
    modules = build_modules(src, [v.slug for v in visits])
    terms = build_command_terms(src)

    known = load_people_list(os.path.join(out_dir, "astronauts.csv"))
    pids = list(
        dict.fromkeys([c for v in visits for c in v.crew] + [c for w in walks if not w.get("crew_names") for c in w["crew"]])
    )
    names, unresolved = choose_spellings(people, pids, known)

    used_types = sorted({v.type for v in visits}, key=list(SPACECRAFT_TYPES).index)
    write_csv(
        os.path.join(out_dir, "spacecraft_types.csv"),
        ["slug", "name", "operator", "purpose"],
        [[t, *SPACECRAFT_TYPES[t]] for t in used_types],
    )
    write_csv(
        os.path.join(out_dir, "visits.csv"), VISIT_FIELDS, [visit_csv_row(v, names) for v in visits]
    )
    write_csv(os.path.join(out_dir, "visit_ports.csv"), VISIT_PORT_FIELDS, visit_port_csv_rows(visits))
    write_csv(
        os.path.join(out_dir, "spacewalks.csv"),
        SPACEWALK_FIELDS,
        [spacewalk_csv_row(w, names) for w in walks],
    )
    write_csv(os.path.join(out_dir, "modules.csv"), MODULE_FIELDS, [module_csv_row(m) for m in modules])
    write_csv(
        os.path.join(out_dir, "command_terms.csv"),
        ["expedition", "commander", "start", "end", "source", "source_detail"],
        [
            [t["expedition"], t["commander"], fmt(t["start"]), fmt(t["end"]), t["source"], t["detail"]]
            for t in terms
        ],
    )
    if known is not None:
        for t in terms:
            if name_key(t["commander"]) not in known:
                unresolved.append(t["commander"])

    problems = sanity_checks(visits, walks, modules) + PORT_PROBLEMS
    print(
        f"spacecraft types: {len(used_types)}  visits: {len(visits)}  spacewalks: {len(walks)}  modules: {len(modules)}  command terms: {len(terms)}"
    )
    print_notes(visit_notes, people.log, known, unresolved, problems)
    return 1 if problems else 0


VISIT_FIELDS = [
    "slug",
    "name",
    "spacecraft_type",
    "launch",
    "arrival",
    "captured",
    "departure",
    "departure_status",
    "last_seen",
    "port",
    "mode",
    "crew",
    "source",
    "source_detail",
]
VISIT_PORT_FIELDS = ["visit", "port", "start", "end", "source", "source_detail"]
SPACEWALK_FIELDS = [
    "designation",
    "date",
    "start",
    "end",
    "duration_minutes",
    "expedition",
    "mission",
    "airlock",
    "crew",
    "purpose",
    "source",
    "source_detail",
    "replaces",
]
MODULE_FIELDS = [
    "slug",
    "name",
    "agency",
    "kind",
    "launch",
    "attached",
    "mass_kg",
    "location",
    "launch_vehicle",
    "delivered_by",
    "position",
    "source",
    "source_detail",
]


def visit_csv_row(v, names):
    return [
        v.slug,
        v.name,
        v.type,
        fmt(v.launch),
        fmt(v.arrival),
        fmt(v.captured),
        fmt(v.departure),
        v.departure_status,
        v.last_seen.isoformat() if v.last_seen else "",
        v.port,
        v.mode,
        "|".join(names[c] for c in v.crew),
        v.source,
        join_detail(v.details, limit=VISIT_DETAIL_LIMIT),
    ]


def visit_port_csv_rows(visits):
    return [
        [
            v.slug,
            seg["port"],
            fmt(seg["start"]),
            fmt(seg["end"]),
            seg["source"],
            join_detail([seg["detail"]], limit=VISIT_DETAIL_LIMIT),
        ]
        for v in visits
        if v.port
        for seg in port_segments(v)
    ]


def spacewalk_csv_row(w, names):
    return [
        w["designation"],
        str(w["date"]),
        fmt(w["start"]),
        fmt(w["end"]),
        "" if w["dur"] is None else w["dur"],
        "" if w["expedition"] is None else w["expedition"],
        w["mission"],
        w["airlock"],
        "|".join(w["crew"] if w.get("crew_names") else (names[c] for c in w["crew"])),
        w["purpose"],
        w["source"],
        join_detail(w["detail"], limit=500),
        w.get("replaces", ""),
    ]


def module_csv_row(m):
    return [
        m["slug"],
        m["name"],
        m["agency"],
        m["kind"],
        fmt(m["launch"]),
        fmt(m["attached"]),
        m["mass"],
        m.get("location", ""),
        m.get("launch_vehicle", ""),
        m.get("delivered_by", ""),
        m["position"],
        m["source"],
        join_detail(m["detail"], limit=1000),
    ]


def print_notes(visit_notes, people_log, known, unresolved, problems):
    for n in EVENTS_NOT_LOADED:
        print("note: event held back (not a public record):", n)
    for n in ELEMENTS_NOT_ADDED:
        print("note: external_elements.csv row not added:", n)
    for n in VKD_NOT_APPLIED:
        print("note: russian_eva_numbers.csv row not applied:", n)
    for n in visit_notes:
        print("note:", n)
    for n in people_log:
        print("note:", n)
    if known is None:
        print("astronauts.csv not found: crew names not checked")
    else:
        print(f"crew names not found in astronauts.csv: {len(unresolved)}")
        for n in sorted(set(unresolved)):
            print("  unresolved:", n)
    for p in problems:
        print("PROBLEM:", p)


def sanity_checks(visits, walks, modules):
    problems = []
    if len({v.slug for v in visits}) != len(visits):
        problems.append("visit slugs not unique")
    if len({w["designation"] for w in walks}) != len(walks):
        problems.append("spacewalk designations not unique")
    if len({m["slug"] for m in modules}) != len(modules):
        problems.append("module slugs not unique")
    for v in visits:
        if v.launch and v.launch.sort_key() > v.arrival.sort_key():
            problems.append(f"{v.name}: arrival before launch")
        if v.departure:
            if (
                v.departure.has_time
                and v.arrival.has_time
                and v.departure.sort_key() < v.arrival.sort_key()
            ):
                problems.append(f"{v.name}: departure before arrival")
            if v.departure.date < v.arrival.date:
                problems.append(f"{v.name}: departure date before arrival date")
        if len(set(v.crew)) != len(v.crew):
            problems.append(f"{v.name}: somebody twice in the crew")
    for w in walks:
        if w["start"] and w["end"] and w["end"].sort_key() < w["start"].sort_key():
            problems.append(f"{w['designation']}: end before start")
        if w["start"] and w["start"].date != w["date"]:
            problems.append(f"{w['designation']}: date is not the UTC date of the start")
        if w["start"] and w["end"] and minutes_between(w["start"], w["end"]) != w["dur"]:
            problems.append(f"{w['designation']}: duration != end - start")
        if w["dur"] is not None and w["dur"] < 0:
            problems.append(f"{w['designation']}: negative duration")
        if len(set(w["crew"])) != len(w["crew"]):
            problems.append(f"{w['designation']}: somebody twice in one spacewalk")
        if not w["crew"]:
            problems.append(f"{w['designation']}: no crew")
    for m in modules:
        if m["attached"] and m["attached"].date < m["launch"].date:
            problems.append(f"{m['slug']}: attached before launch")
    first = walks[0]
    if not (
        first["designation"] == "STS-88 EVA 1"
        and str(first["date"]) == "1998-12-07"
        and first["dur"] == 441
    ):
        problems.append("first ISS EVA is not STS-88 EVA 1 on 1998-12-07, 7 h 21 min")
    return problems


if __name__ == "__main__":
    sys.exit(main())
