#!/usr/bin/env python3
"""Derive the people and expedition CSVs of the ISS Portal from the source datasets.

Run:  python3 stations/data/build/derive_people.py [--data /work/shared/data] [--verbose]

Pure standard library. Reads the dataset folders under the data directory (see each
folder's SOURCE.md) and writes, next to this script's parent folder (stations/data/):

    agencies.csv            abbreviation,name,kind,country
    astronauts.csv          slug,name,aliases,agency,nationality,birth_date,source,source_detail
    expeditions.csv         number,start,end,source,source_detail
    expedition_members.csv  expedition,astronaut,role,joined,left,source
    sources.csv             key,name,url,license,credit,current_to,notes

This file is kept only as a record of how the data was derived; the app reads the CSVs.
Only facts are taken from the sources (names, dates, roles), never prose.

WHO IS INCLUDED (astronauts.csv)
  Everybody who has been aboard the ISS:
  * McDowell rides.tsv: every person on a flight whose missions.tsv Station is "ISS"
    (shuttle crews that docked, Soyuz/Dragon/Axiom crews, taxi crews, tourists), except
    - STS-125 (H00282): McDowell marks it "ISS" but it was the Hubble servicing flight and
      never docked (absent from LL2's 37 shuttle dockings). Its crew is included only if
      they visited the ISS on another flight.
    - Soyuz MS-10 (H00332): launch abort, never reached the station (both crew flew later).
  * corquaid people_in_space_history.csv (2021-01 .. 2026-04): every row not flagged
    on_iss=False (Shenzhou, Polaris Dawn, Fram2 and Artemis II crews are excluded). People
    not already known from McDowell (flights after 2024-05-19) are added from this source.

MERGE RULES (one row per person)
  * McDowell's astronaut id (AS-nnnnn) is the identity for everybody who flew by 2024-05.
  * Other datasets are joined to that id by surname key (transliteration-folded, see
    surname_key) plus a shared ISS flight (cosmos-book, tidytuesday), or surname + given
    name / birth year (ASPA, NASA yearbook), or full-name similarity (corquaid).
    NAME_LINKS below pins the few links the rules cannot make.
  * Sources that split one person under two spellings are merged by this join; the
    other spellings become aliases (e.g. Krikalev/Krikalyov, Onufrienko/Onufriyenko,
    Lopez-Alegria/López-Alegría, Caldwell/Caldwell Dyson, Kud-Sverchkov/Kud'-Sverchkov).
  * ASPA tblPeople has two "Oleg Kononenko" rows (b. 1938 and b. 1964); the ISS cosmonaut
    is the 1964 one. cosmos-book KONONENKO_OG.md (Oleg G., b. 1938) is not used.

NAMES
  name = the common English form: given name the person is known by + surname.
  For Russian cosmonauts the tidytuesday (Stavnichuk & Corlett) transliteration is used,
  else corquaid's; for everybody else McDowell's "used" given name (his quotes/initials
  mark it) with the ASPA/tidytuesday surname. DISPLAY_NAMES overrides the few cases where
  that is not the common form. aliases = every other spelling found in any dataset
  (McDowell, tidytuesday, ASPA, cosmos-book, NASA yearbook, corquaid, the EVA lists),
  plus nickname forms; a few are plain misspellings in a source (ALIAS_MISSPELLINGS),
  kept only so that records from that source resolve.

BIRTH DATES
  Full dates from ASPA tblPeople, cosmos-book people.json and the NASA yearbook.
  Used when the available sources agree; when they disagree, the majority wins, then the
  one whose year matches tidytuesday's year_of_birth; otherwise the field stays empty
  unless DOB_OVERRIDES gives a public-record date. A date given by ASPA alone is used,
  except ASPA dates on day 1 when cosmos-book gives only year-month (placeholders).

EXPEDITIONS
  Convention: an expedition starts when the previous crew's vehicle undocks (handover)
  and ends when its own departing crew's vehicle undocks. Dates are UTC dates.
  * Exp 1 starts 2000-11-02 (Soyuz TM-31 docking, LL2; the official start).
  * Exp 2-6 start at the undocking of the shuttle (or Soyuz TMA-1) that took the previous
    crew home (LL2 docking events). LL2 gives STS-111's departure as 2002-07-15: an error
    (the shuttle landed 2002-06-19); corrected to 2002-06-15 (LL2's own expedition list
    agrees).
  * Exp 7-64 start at the LL2 undocking time of the Soyuz that took the previous crew home
    (McDowell's summary names that Soyuz), cross-checked against McDowell's derived date
    (landing - 3.5 h) and ASPA. Exp 20 and 59 start at an arrival (Soyuz TMA-15 and MS-12
    docking): the previous crew did not leave. LL2 is preferred to McDowell's derived
    date: McDowell's Soyuz TMA-16 landing "2010 Mar 17" is a day early (LL2, ASPA: 03-18).
  * Exp 65-68 and 71 use McDowell's derived handover date (landing - 3.5 h), checked
    against ASPA's starts (which match official handovers from ISS-62 on). Exp 69 and 70
    (no derived date: uncrewed MS-22 undocking, MS-23 not in McDowell) and 72 from ASPA.
  * Exp 73 starts 2025-04-19 (Soyuz MS-26 undocking; public record, inside corquaid's
    bounds). Exp 74 starts 2025-12-09: corquaid people-in-space.json expedition_start_date
    1765240860 = 2025-12-09T00:41Z raw, 01:41Z after the documented +1 h CET correction.
    Exp 74 is still running at the corquaid snapshot of 2026-04-28: no end.
  * ASPA's placeholder end for ISS-72 ("31-Dec-24") and its wrong ISS-16 dates are not used.

EXPEDITION MEMBERS
  * Exp 1-71: McDowell rides.tsv Segments (EXnn/CDR, EXnn/FEn, sub-expeditions 65.1 etc.).
    A person is "commander" if McDowell lists them as CDR of the expedition or of one of its
    sub-expeditions (mid-increment change of command), else "flight_engineer".
    KNOWN ERROR corrected: Exp 10 lists Sharipov as both FE1 and CDR; Chiao was the
    commander, Sharipov a flight engineer. EXTRA_MEMBERS adds the few members McDowell
    leaves out (Soyuz TMA-17M crew in Exp 44; Caldwell Dyson in Exp 70).
  * Exp 71 (after McDowell's 2024-05-19 edition), 72-74: corquaid rows whose positions include
    "Flight Engineer" and whose observed expeditions include the number. corquaid's
    "Commander" positions mix seat roles, so commanders come from COMMANDERS_AFTER_MCDOWELL.
  * joined/left only when the person arrived after the expedition start or left before its
    end: arrival = docking of the vehicle they came on, departure = undocking of the vehicle
    they left on (LL2 docking events to 2020; corquaid docking dates from 2021; expedition
    handover dates for Soyuz departures; DRAGON_UNDOCKINGS for Dragons from 2021).
"""

import argparse
import collections
import csv
import datetime
import difflib
import html
import json
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.dirname(HERE)

# --------------------------------------------------------------------------------------
# Explicit tables (corrections and choices). Every entry says why.
# --------------------------------------------------------------------------------------

# McDowell flights marked Station=ISS whose crews did NOT reach the station.
EXCLUDED_FLIGHTS = {
    "H00282": "STS-125: Hubble servicing mission 4, never docked to the ISS (not in LL2 dockings)",
    "H00332": "Soyuz MS-10: launch abort 2018-10-11, did not reach orbit",
}

# McDowell employer/sponsor code of an ISS ride -> agency abbreviation.
SPONSOR_AGENCY = {
    "NASA": "NASA",
    "RKKE": "RSA",
    "TSPK": "RSA",
    "TSPKR": "RSA",
    "IMBP": "RSA",
    "VKS": "RSA",
    "TSKPR/PERVK": "RSA",  # Shipenko, Peresild: film crew flown by Roscosmos
    "CSA": "CSA",
    "JAXA": "JAXA",
    "NASDA": "JAXA",
    "ESA": "ESA",
    "CNES": "CNES",
    "SPAD": "SpaceAdv",
    "TSKPR": "SpaceAdv",  # Maezawa, Hirano: employer SPAD (Space Adventures)
    "AEB": "AEB",
    "ANGK": "ANGKASA",
    "KARI": "KARI",
    "KAZK": "KazCosmos",
    "MBRSC": "MBRSC",
    "AXIOM": "Axiom",
    "SAUDSC": "SSA",
    "TUA": "TUA",
    "AMI": "Axiom",  # Villadei: Italian Air Force officer flying on Axiom Ax-3 (no space agency)
    "NAKD": "RSA",  # Vasilevskaya: Belarusian participant flown on a Roscosmos Soyuz
}
# corquaid agency labels -> abbreviation (people not in McDowell)
CORQUAID_AGENCY = {"NASA": "NASA", "Roscosmos": "RSA", "JAXA": "JAXA", "ESA": "ESA", "CSA": "CSA"}

# Agency choice for people whose sources disagree or who flew for several.
AGENCY_OVERRIDES = {
    "AS-00426": ("NASA", "Whitson: 3 NASA flights/long-duration stays, later Axiom Ax-2/Ax-4"),
    "AS-00341": ("NASA", "Lopez-Alegria: STS-92, STS-113, Exp 14 for NASA; Ax-1/Ax-3 for Axiom"),
    "CQ:Shubhanshu Shukla": ("ISRO", "Ax-4 seat bought by ISRO (corquaid says Axiom Space)"),
    "CQ:Tibor Kapu": ("Axiom", "Hungarian HUNOR programme participant on Axiom Ax-4"),
    "CQ:Sławosz Uznański-Wiśniewski": ("ESA", "ESA project astronaut (corquaid: ESA)"),
}

AGENCIES = [
    # abbreviation, name, kind, country
    ("NASA", "National Aeronautics and Space Administration", "agency", "US"),
    ("RSA", "Roscosmos (Russian Federal Space Agency)", "agency", "RU"),
    ("ESA", "European Space Agency", "agency", ""),
    ("JAXA", "Japan Aerospace Exploration Agency", "agency", "JP"),
    ("CSA", "Canadian Space Agency", "agency", "CA"),
    ("SpaceX", "SpaceX", "company", "US"),
    ("NG", "Northrop Grumman", "company", "US"),
    ("Boeing", "Boeing", "company", "US"),
    ("Axiom", "Axiom Space", "company", "US"),
    ("SpaceAdv", "Space Adventures", "company", "US"),
    ("CNES", "Centre national d'études spatiales", "agency", "FR"),
    ("AEB", "Brazilian Space Agency (Agência Espacial Brasileira)", "agency", "BR"),
    ("ANGKASA", "Malaysian National Space Agency (Agensi Angkasa Negara)", "agency", "MY"),
    ("KARI", "Korea Aerospace Research Institute", "agency", "KR"),
    ("KazCosmos", "Kazakhstan National Space Agency (KazCosmos)", "agency", "KZ"),
    ("MBRSC", "Mohammed bin Rashid Space Centre", "agency", "AE"),
    ("SSA", "Saudi Space Agency", "agency", "SA"),
    ("TUA", "Turkish Space Agency (Türkiye Uzay Ajansı)", "agency", "TR"),
    ("ISRO", "Indian Space Research Organisation", "agency", "IN"),
]

# Links between datasets that the automatic rules cannot make (identity -> record).
NAME_LINKS = {
    # identity: {"cosmos": people.json source_file stem, "aspa": PersonID, "tt": number}
    "AS-00359": {"tt": "André-Deshays, Claudie (Haigneré)"},  # Haigneré under her maiden name
    "AS-00390": {"tt": "Duque, Pedro"},  # tidytuesday gives Duque and Baturin the same id 385
    "AS-00554": {"tt": "Onishi, Takuya"},  # tidytuesday gives the ship only as "Soyuz MS"
    "AS-00555": {"tt": "Rubins, Kathleen"},  # same
    "AS-00470": {"cosmos": "MUSZAPHAR_S"},  # Sheikh Muszaphar Shukor (McDowell adds "Al Masrie")
    "AS-00483": {"cosmos": "YI_S", "tt": "Yi, Soyeon (Lee So-hyun)"},  # Yi So-yeon (McDowell: "Yi Soyeon")
}

# McDowell writes these names family name first ("Maezawa Yusaku").
FAMILY_NAME_FIRST = {"AS-00602", "AS-00603", "AS-00483"}

# Display names where the automatic choice is not the common English form.
DISPLAY_NAMES = {
    "AS-00467": "Tracy Caldwell Dyson",          # ASPA surname "Dyson"
    "AS-00431": "Frank De Winne",                # ASPA "DeWinne"
    "AS-00454": "Heidemarie Stefanyshyn-Piper",  # ASPA typo "Heidemaire"
    "AS-00469": "Alvin Drew",                    # B. Alvin Drew
    "AS-00470": "Sheikh Muszaphar Shukor",       # McDowell adds "Al Masrie"
    "AS-00483": "Yi So-yeon",                    # Korean order
    "AS-00564": "Serena Auñón-Chancellor",
    "AS-00565": "Nick Hague",                    # Tyler Nicklaus "Nick" Hague
    "AS-00661": "Jasmin Moghbeli",               # ASPA typo "Moghbell"
    "AS-00685": "Marina Vasilevskaya",           # corquaid typo "Vasilevskay"
    "AS-00643": "Sultan Al Neyadi",
    "AS-00575": "Hazza Al Mansouri",
    "AS-00576": "Ivan Vagner",                   # corquaid "Ivan Wagner"
    "AS-00535": "Oleg Novitsky",                 # tidytuesday "Novitski"
    "AS-00541": "Sergey Ryazansky",              # tidytuesday "Ryazanski"
    "AS-00335": "Mary Ellen Weber",
    "AS-00465": "John Olivas",                   # John "Danny" Olivas
    "AS-00204": "Franklin Chang-Díaz",
    "AS-00341": "Michael López-Alegría",
    "AS-00440": "André Kuipers",
    "AS-00380": "Léopold Eyharts",
    "AS-00359": "Claudie Haigneré",
    "AS-00513": "Guy Laliberté",
    "AS-00676": "Alper Gezeravcı",
    "AS-00299": "Hans Schlegel",
    "AS-00516": "Randolph Bresnik",
    "AS-00551": "Aidyn Aimbetov",
    "AS-00344": "Chris Hadfield",
    "CQ:Christoper Williams": "Christopher Williams",  # corquaid typo "Christoper"
}

# Source spellings that must not become aliases: typos in datasets that only this script
# reads (the spellings of the datasets the spacewalk/visit tables are built from are kept,
# typos included, so that their records resolve).
ALIAS_EXCLUDE = {
    "Heidemaire Stefanyshyn-Piper",  # ASPA
    "Jasmin Moghbell",               # ASPA
    "Samantha Cristofretti",         # tidytuesday
    "David Saint-Jaques",            # tidytuesday
    "Roverto Vittori",               # tidytuesday
    "Kostantin M. Kozeev", "Kostantin Kozeev",  # McDowell typo (see EXTRA_ALIASES)
    "Niclolas J. M. Patrick", "Niclolas Patrick",  # NASA yearbook
    "Dorothy M. Metcalf-Lindenberger", "Dorothy Metcalf-Lindenberger",  # NASA yearbook
    "Richard Garriottdecayeux",      # cosmos-book surname field run together
}

# Extra aliases: well-known short forms that no dataset gives in that form (public record).
EXTRA_ALIASES = {
    "AS-00218": ["Bill Shepherd"],
    "AS-00366": ["Ed Lu"],
    "AS-00505": ["Doug Hurley"],
    "AS-00503": ["Drew Feustel"],
    "AS-00573": ["Drew Morgan"],
    "AS-00391": ["C.J. Sturckow"],           # ASPA also has him as "CJ Sturckow" (duplicate row)
    "AS-00492": ["Richard Garriott de Cayeux"],  # cosmos-book file GARRIOTTdeCAYEUX
    "AS-00414": ["Konstantin M. Kozeev", "Konstantin Kozeev"],  # McDowell's spelling, typo fixed
}

# Birth dates where the sources disagree and the date is well established.
DOB_OVERRIDES = {
    "AS-00344": ("1959-08-29", "ASPA 1959-08-29 (cosmos-book 1959-08-19 wrong; public record: CSA biography)"),
    "AS-00455": ("1966-09-12", "ASPA 1966-09-12 (cosmos-book 1966-09-22 wrong; public record)"),
    "AS-00461": ("1965-10-27", "cosmos-book 1965-10-27 (ASPA 1965-08-27 wrong; public record)"),
    "AS-00541": ("1974-11-13", "cosmos-book 1974-11-13 (ASPA 1974-11-14 wrong; public record)"),
    "AS-00644": ("1981-02-26", "ASPA 1981-02-26 (cosmos-book gives 1975-02-19, Prokopyev's birth date)"),
}

# Nationality where the rule (Roscosmos -> RU, else cosmos-book's first country) is not right.
NATIONALITY_OVERRIDES = {
    "AS-00685": ("BY", "Belarusian participant flown by Roscosmos"),
    "AS-00492": ("US", "US citizen born in the UK (cosmos-book GBR/USA; tidytuesday U.K./U.S.)"),
    "AS-00462": ("US", "Hungarian-born US citizen (cosmos-book HUN; tidytuesday U.S.)"),
}

# Station commanders after McDowell's 2024-05-19 edition, in order of command. corquaid's
# positions confirm Williams, Onishi, Ryzhikov, Fincke and Kud-Sverchkov ("Flight Engineer"
# then "Commander"); Ovchinin (commander 2025-03 to 2025-04 after Williams left on Crew-9)
# is public record (corquaid's "Commander" for him is his Soyuz seat).
COMMANDERS_AFTER_MCDOWELL = {
    72: ("AS-00460", "AS-00553"),   # Sunita Williams, then Aleksey Ovchinin
    73: ("AS-00554", "AS-00557"),   # Takuya Onishi, then Sergey Ryzhikov
    74: ("AS-00439", "AS-00577"),   # Michael Fincke, then Sergey Kud-Sverchkov
}

# Members McDowell leaves out: (expedition, person) -> (source, arrival vehicle, departure vehicle, why)
EXTRA_MEMBERS = {
    (44, "AS-00482"): ("tidytuesday_astronauts", "TMA17M", "TMA17M",
                       "Soyuz TMA-17M crew docked 2015-07-23, seven weeks before Exp 44 ended; tidytuesday "
                       "gives 44 as their first expedition, McDowell starts them at 45"),
    (44, "AS-00548"): ("tidytuesday_astronauts", "TMA17M", "TMA17M", "as above (Yui)"),
    (44, "AS-00549"): ("tidytuesday_astronauts", "TMA17M", "TMA17M", "as above (Lindgren)"),
    (70, "AS-00467"): ("corquaid_iss_apis", "MS25", "MS25",
                       "corquaid lists Caldwell Dyson as Exp 70 flight engineer from the MS-25 docking "
                       "(2024-03-25); McDowell counts her as visiting crew (EP-21) until Exp 71"),
}

# McDowell KNOWN ERROR (SOURCE.md): Exp 10 lists Sharipov as FE1 and as CDR.
COMMANDER_FIXES = {(10, "AS-00379"): "Chiao was the Exp 10 commander; Sharipov a flight engineer"}

# Vehicle a person left on, where McDowell's segments end before the landing (in flight on
# 2024-05-19) and it differs from the launch vehicle.
DOWN_VEHICLE_OVERRIDES = {
    "AS-00482": ("MS25", "Kononenko launched on Soyuz MS-24, landed on MS-25 (2024-09-23)"),
    "AS-00666": ("MS25", "Chub launched on Soyuz MS-24, landed on MS-25 (2024-09-23)"),
}

# Shuttle flights whose undocking took the previous crew home (Exp 2-6 starts).
SHUTTLE_HANDOVERS = {2: "STS102", 3: "STS105", 4: "STS108", 5: "STS111", 6: "STS113"}

# Soyuz whose undocking is the start of an expedition (2021 on; before that LL2 has the dates).
SOYUZ_HANDOVERS = {"MS17": 65, "MS18": 66, "MS19": 67, "MS21": 68, "MS22": 69, "MS23": 70,
                   "MS24": 71, "MS25": 72, "MS26": 73, "MS27": 74}

# Vehicles still docked at the corquaid snapshot (2026-04-28).
STILL_DOCKED = {"MS28", "SPXC12"}

EXPEDITION_START_PUBLIC_RECORD = {
    73: ("2025-04-19", "public_record",
         "Soyuz MS-26 undocking 2025-04-19 (public record: NASA/Roscosmos); inside corquaid's "
         "bounds (MS-26 crew last listed 2025-04-08, gone by 2025-04-21)"),
}

# Crew Dragon undockings from 2021 (public record, UTC dates). LL2 stops in 2020, McDowell
# gives landings, corquaid only the time a vehicle left its list; check_dragon_undockings()
# asserts docking <= undocking <= landing (McDowell) and <= removal from corquaid's list.
DRAGON_UNDOCKINGS = {
    "SPXC1": ("2021-05-02", "00:35Z; splashdown 06:56Z"),
    "SPXC2": ("2021-11-08", "19:05Z; splashdown 2021-11-09"),
    "SPXC3": ("2022-05-05", "05:05Z; splashdown 2022-05-06"),
    "SPXC4": ("2022-10-14", "16:05Z; splashdown 20:55Z"),
    "SPXC5": ("2023-03-11", "07:20Z; splashdown 2023-03-12"),
    "SPXC6": ("2023-09-03", "11:05Z; splashdown 2023-09-04"),
    "SPXC7": ("2024-03-11", "15:20Z; splashdown 2024-03-12"),
    "SPXC8": ("2024-10-23", "03:05Z; splashdown 2024-10-25"),
    "SPXC9": ("2025-03-18", "05:05Z; splashdown 21:57Z"),
    "SPXC10": ("2025-08-08", "22:15Z; splashdown 2025-08-09"),
    "SPXC11": ("2026-01-14", "22:20Z; early return, splashdown 2026-01-15"),
}

# Corrections to single dates in a source.
VEHICLE_DATE_FIXES = {
    ("STS111", "undock"): ("2002-06-15", "LL2 gives 2002-07-15, after the 2002-06-19 landing; "
                                         "LL2's own Exp 4 end is 2002-06-15"),
    ("TMA19", "dock"): ("2010-06-17", "LL2 gives 2010-07-17, a month after the 2010-06-15 launch (month typo)"),
    ("TMA16M", "dock"): ("2015-03-28", "LL2 gives 2015-03-27T01:33Z, before the 2015-03-27T19:42Z launch; "
                                       "the docking was 01:33Z the next day"),
    ("MS26", "dock"): ("2024-09-11", "corquaid gives 2024-09-12 but listed the crew aboard at "
                                     "2024-09-12T06:51Z, before that 'launch'; Soyuz MS-26 launched "
                                     "and docked on 2024-09-11 (public record)"),
}

# Names in the spacewalk sources that belong to nobody who was aboard the ISS.
NOT_ISS_PEOPLE = {
    "Mike Massimino": "Hubble servicing (STS-109/125), never at the ISS",
    "John Grunsfeld": "Hubble servicing (STS-103/109/125), never at the ISS",
    "Claude Nicollier": "Hubble servicing (STS-103), never at the ISS",
    "Sergei Avdeyev": "Mir EVA 1999, never at the ISS",
    "Jean-Pierre Heignere": "Mir EVA 1999 (J.-P. Haigneré), never at the ISS",
    "Liu Boming": "Shenzhou 7 EVA 2008",
    "Zhai Zhigang": "Shenzhou 7 EVA 2008",
    "Doug Wheellock Tracy Caldwell Dyson": "two people run together in the NASA export "
                                           "(Douglas Wheelock; Tracy Caldwell Dyson)",
}

SOURCES = [
    # key, name, url, license (in plain words, shown on the site), credit (shown on the
    # site), notes (for staff only, in the admin: the licence as SOURCE.md states it, doubts)
    ("mcdowell_astro", "Jonathan McDowell: human spaceflight missions and rides (2024-05-19 edition)",
     "https://planet4589.org/space/astro/tsv/",
     "Creative Commons Attribution (CC BY), as its author publishes his lists",
     "J. McDowell, planet4589.org (missions and rides lists, edition of 19 May 2024).",
     "SOURCE.md: CC-BY presumed (McDowell; not verified); mirror unlicensed. Copied from the "
     "Aethelred-The-Ready/Space-stats mirror (missions.tsv, rides.tsv)."),
    ("corquaid_iss_apis", "corquaid International Space Station APIs (people in space, docked spacecraft)",
     "https://github.com/corquaid/international-space-station-APIs",
     "MIT License, Copyright (c) 2021 Cormac Quaid",
     "Cormac Quaid, International Space Station APIs (MIT), January 2021 to April 2026.",
     "History rebuilt from the repository's git history 2021-01 to 2026-04 "
     "(docked_spacecraft_history.csv, people_in_space_history.csv); raw times early by the "
     "Paris offset, corrected."),
    ("aspa_osmed", "Astronaut and Spaceflight Participant Archive (ASPA)",
     "https://github.com/OSMED-admin/aspa",
     "Open Data Commons Attribution License v1.0 (ODC-By 1.0)",
     "Kanikkannan L, Hogan K, Reynolds RJ (2025), Astronaut and Spaceflight Participant Archive "
     "(ASPA), OSMED, ODC-By 1.0. Birth dates and expedition dates used; modified: dates checked "
     "against other sources and some corrected.",
     ""),
    ("cosmos_book_hsf", "Cosmos: The Infographic Book of Space, human spaceflight data",
     "https://github.com/cosmos-book/cosmos-book.github.io",
     "Creative Commons Attribution-ShareAlike 3.0 (CC BY-SA 3.0)",
     "Stuart Lowe & Chris North, Cosmos: The Infographic Book of Space, human-spaceflight data "
     "(CC BY-SA 3.0). Birth dates, nationalities and name spellings used.",
     ""),
    ("tidytuesday_astronauts", "Astronaut database (Stavnichuk & Corlett 2020), TidyTuesday 2020-07-14",
     "https://github.com/rfordatascience/tidytuesday/tree/master/data/2020/2020-07-14",
     "MIT License (the TidyTuesday copy); the original is published on Mendeley Data",
     "Mariya Stavnichuk & Tatsuya Corlett, Astronaut database, Mendeley Data "
     "(https://data.mendeley.com/datasets/86tsnnbv2w/1), prepared for TidyTuesday by Georgios "
     "Karamanis. Name spellings used.",
     "SOURCE.md: MIT (repo); upstream Mendeley dataset (check its license, likely CC BY 4.0)."),
    ("nasa_astronaut_yearbook", "NASA Astronaut Yearbook (NASA Astronauts, 1959-Present)",
     "https://www.kaggle.com/nasa/astronaut-yearbook",
     "Public domain (a work of NASA, the US government)",
     "NASA Astronaut Fact Book data, via Kaggle (nasa/astronaut-yearbook). Birth dates used.",
     "SOURCE.md: NASA / US-gov public domain (Kaggle CC0, not re-verified)."),
    ("ll2_spacedevs_2021", "The Space Devs Launch Library 2 (January 2021 snapshot)",
     "https://ll.thespacedevs.com/2.1.0/",
     "No licence stated by The Space Devs; facts used with credit",
     "The Space Devs - Launch Library 2. Docking and undocking times used.",
     "SOURCE.md: not stated (The Space Devs API)."),
    ("nasa_eva_us_russia", "NASA Extra-vehicular Activity (EVA) - US and Russia",
     "https://data.nasa.gov/Raw-Data/Extra-vehicular-Activity-EVA-US-and-Russia/9kcy-zwvn",
     "Public domain (NASA); the additions state no licence",
     "NASA data portal, EVA - US and Russia; additions compiled by N. Grantham (nsgrantham/spacewalks). "
     "Name spellings used.",
     "SOURCE.md: NASA public domain; additions have no license."),
    ("iss_evas_2013_2025", "ISS spacewalks 2013-2025 (moonshot, cosmos-book, Launch Library 2 merged)",
     "https://github.com/atrenwick/moonshot",
     "Creative Commons Attribution-ShareAlike (CC BY-SA) for the lists taken from Wikipedia",
     "atrenwick/moonshot spacewalk list (from Wikipedia's lists of spacewalks), cosmos-book "
     "(Stuart Lowe & Chris North) and The Space Devs. Name spellings used.",
     "SOURCE.md: mixed: Wikipedia-derived text (CC BY-SA), moonshot repo unlicensed."),
    # listed for the modules table that derive_flights.py writes from the same data folder
    ("gcat_mcdowell", "GCAT: General Catalog of Artificial Space Objects (J. McDowell), ISS extract",
     "https://planet4589.org/space/gcat/",
     "Creative Commons Attribution (CC BY), as its author publishes it",
     "J. McDowell, GCAT, planet4589.org.",
     "SOURCE.md: CC-BY (per author; verify). auxcat/satcat ISS rows, via the "
     "CKalitin/mcdowell-dataset-analysis mirror."),
    # listed for visits.csv and visit_ports.csv, which derive_flights.py writes
    ("iss_vehicle_gaps", "ISS visiting-vehicle gap data: Progress flights, missing departures, relocations",
     "",
     "Facts (dates, times, ports) from public pages; those from Wikipedia articles are CC BY-SA",
     "Compiled for this project from public pages: Wikipedia, raumfahrtkalender.de, RSC Energia "
     "and Roscosmos releases, NASA status reports and news reports. Wikipedia contributors "
     "(CC BY-SA); The Space Devs - Launch Library 2; Cormac Quaid, International Space Station "
     "APIs (MIT); J. McDowell, planet4589.org.",
     "Each value names its pages in the record's source_detail. SOURCE.md: facts only; values "
     "carried over from the stations dataset keep its credits (LL2; corquaid, MIT; McDowell GCAT)."),
    # the 2026 update files (commander changes, Russian EVA numbers, external elements, events),
    # read by derive_flights.py; each row there names its pages, copied into source_detail
    ("iss_updates_2026", "ISS updates 2026: command changes, Russian spacewalk numbers, external elements, events",
     "",
     "Facts (names, dates, numbers) from public pages",
     "Compiled for this project from public pages: NASA, ESA, TASS, Interfax, RIA, RussianSpaceWeb, "
     "Space.com, SpaceRef and others; corquaid ISS APIs (MIT).",
     "Each record names its pages in its source_detail. Only rows of high or medium confidence "
     "are used (SOURCE.md)."),
    ("public_record", "Public record",
     "",
     "Facts (dates, names), not subject to copyright",
     "Well-established facts from NASA, Roscosmos, ESA and JAXA announcements, used where the "
     "datasets are silent or disagree.",
     "Each use is named in source_detail and DATA_NOTES.md."),
]

# ======================================================================================
# Helpers
# ======================================================================================

def fold(s):
    """Strip accents (ı -> i, ł -> l too)."""
    s = s.replace("ı", "i").replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def match_key(s):
    """The app's name matching: case-insensitive, dots ignored, spaces collapsed."""
    return re.sub(r"\s+", " ", s.replace(".", " ").lower()).strip()


def surname_key(s):
    """Transliteration-folded key: Krikalev = Krikalyov, Onufrienko = Onufriyenko ..."""
    s = re.sub(r"[^a-z]", "", fold(s).lower())
    for a, b in (("kh", "h"), ("yo", "e"), ("ye", "e"), ("yu", "iu"), ("ya", "ia"),
                 ("iy", "i"), ("yi", "i"), ("y", "i"), ("ii", "i"), ("j", "i"), ("ks", "x"),
                 ("ie", "e"), ("ae", "e"), ("tch", "ch"), ("w", "v")):
        s = s.replace(a, b)
    return s


def mission_tag(s):
    """'Soyuz TMA-04M' -> 'TMA04M', 'SpaceX Crew-1' -> 'SPXC1', 'Ax-1' -> 'AX1'."""
    s = re.sub(r"[^A-Z0-9]", "", fold(s).upper())
    for p in ("SOYUZ", "SPACEX", "DRAGON", "AXIOM"):
        if s.startswith(p):
            s = s[len(p):]
    s = s.replace("DRAGON", "")
    m = re.match(r"^CREW(\d+)$", s)
    if m:
        s = "SPXC" + m.group(1)
    m = re.match(r"^AX(?:IOM)?(\d+)$", s)
    if m:
        s = "AX" + m.group(1)
    if s == "DM2":
        s = "DM2"
    return s


def is_initial(tok):
    return bool(re.fullmatch(r"(?:[A-Z]\.?)+|(?:[A-Z]\.)+[A-Z]?\.?", tok))


def smart_title(s):
    """'MCCLAIN' -> 'McClain', 'SAINT-JACQUES' -> 'Saint-Jacques', "O'HARA" -> "O'Hara"."""
    def cap(w):
        if not w:
            return w
        w = w[0].upper() + w[1:].lower()
        if w.startswith("Mc") and len(w) > 2:
            w = "Mc" + w[2].upper() + w[3:]
        return w
    return re.sub(r"[^\s\-']+", lambda m: cap(m.group(0)), s)


def parse_mdy(s, two_digit=False):
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", s.strip())
    if not m:
        return None
    mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if two_digit:
        y += 1900
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def parse_mcdowell_date(s):
    """'2000 Oct 31 0752:47' -> '2000-10-31' (None for '-')."""
    m = re.match(r"(\d{4}) (\w{3})\s+(\d{1,2})", s.strip())
    if not m:
        return None
    return datetime.date(int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))).isoformat()


def iso_date(ts):
    return ts[:10] if ts else ""


COUNTRY3 = {"USA": "US", "URS": "RU", "SOV": "RU", "RUS": "RU", "CHN": "CN", "JPN": "JP",
            "FRA": "FR", "CAN": "CA", "DEU": "DE", "ITA": "IT", "GBR": "GB", "SAU": "SA",
            "IND": "IN", "NLD": "NL", "BEL": "BE", "HUN": "HU", "ISR": "IL", "KAZ": "KZ",
            "ARE": "AE", "MYS": "MY", "BRA": "BR", "KOR": "KR", "ESP": "ES", "SWE": "SE",
            "DNK": "DK", "CHE": "CH", "ZAF": "ZA", "AUT": "AT", "IRN": "IR", "POL": "PL",
            "TUR": "TR", "BLR": "BY"}
COUNTRY_NAMES = {"United States": "US", "United States of America": "US", "Russia": "RU",
                 "Japan": "JP", "Canada": "CA", "Italy": "IT", "France": "FR",
                 "Germany": "DE", "Denmark": "DK", "United Arab Emirates": "AE",
                 "Saudi Arabia": "SA", "Israel": "IL", "Turkey": "TR", "Sweden": "SE",
                 "Belarus": "BY", "India": "IN", "Poland": "PL", "Hungary": "HU",
                 "Kazakhstan": "KZ", "Brazil": "BR", "Malaysia": "MY", "South Korea": "KR",
                 "Spain": "ES", "Belgium": "BE", "Netherlands": "NL", "United Kingdom": "GB",
                 "South Africa": "ZA", "Switzerland": "CH", "Austria": "AT"}


# ======================================================================================
# Loading
# ======================================================================================

class Sources:
    def __init__(self, root):
        self.root = root
        self.load_mcdowell()
        self.load_cosmos()
        self.load_tidytuesday()
        self.load_aspa()
        self.load_yearbook()
        self.load_corquaid()
        self.load_ll2()
        self.load_eva_names()

    def path(self, *p):
        return os.path.join(self.root, *p)

    # McDowell ------------------------------------------------------------------------
    def load_mcdowell(self):
        self.missions = {}
        for line in open(self.path("mcdowell_astro", "missions.tsv"), encoding="utf-8"):
            if line.startswith("#"):
                continue
            f = [x.strip() for x in line.rstrip("\n").split("\t")]
            self.missions[f[0]] = {"id": f[0], "tag": f[1], "ship": f[4], "ldate": f[5],
                                   "edate": f[6], "station": f[10]}
        self.iss_flights = {k for k, m in self.missions.items()
                            if m["station"] == "ISS" and k not in EXCLUDED_FLIGHTS}
        self.tag_to_ship = {m["tag"]: m["ship"] for m in self.missions.values()}
        self.rides = []
        for line in open(self.path("mcdowell_astro", "rides.tsv"), encoding="utf-8"):
            if line.startswith("#"):
                continue
            f = [x.strip() for x in line.rstrip("\n").split("\t")]
            if len(f) < 15:
                continue
            self.rides.append({"role": f[6], "name": f[7], "employer": f[9], "sponsor": f[10],
                               "id": f[11], "hsfid": f[5], "segments": f[14]})
        self.summary = {r["expedition"]: r for r in csv.DictReader(
            open(self.path("mcdowell_astro", "derived_iss_expeditions_summary.csv"), encoding="utf-8"))}

    # cosmos-book ---------------------------------------------------------------------
    def load_cosmos(self):
        self.cosmos = json.load(open(self.path("cosmos_book_hsf", "people.json"), encoding="utf-8"))
        for c in self.cosmos:
            c["name_u"] = html.unescape(c["name"])
            c["surname"] = c["name_u"].split(",")[0].strip()
            c["tags"] = {mission_tag(m.get("name", "")) for m in c.get("missions", [])}
            c["stem"] = os.path.basename(c["source_file"])[:-3]

    # tidytuesday ---------------------------------------------------------------------
    def load_tidytuesday(self):
        self.tt = collections.defaultdict(list)
        for r in csv.DictReader(open(self.path("tidytuesday_astronauts", "astronauts.csv"), encoding="utf-8")):
            for k in ("ascend_shuttle", "descend_shuttle", "in_orbit", "mission_title"):
                r[k] = r[k].replace("\u00ad", "-")
            # "number" is not unique (Baturin and Duque share 385): key by (number, name)
            self.tt[(r["number"], r["name"])].append(r)
        self.tt_tags = {n: {mission_tag(r[k]) for r in rs for k in
                            ("ascend_shuttle", "descend_shuttle", "in_orbit", "mission_title")}
                        for n, rs in self.tt.items()}

    # ASPA ----------------------------------------------------------------------------
    def load_aspa(self):
        # tblPeople.csv is cp1252 (one "André").
        self.aspa = list(csv.DictReader(open(self.path("aspa_osmed", "tblPeople.csv"), encoding="cp1252")))
        for r in self.aspa:
            r["PersonFName"] = r["PersonFName"].strip()
            r["PersonLName"] = r["PersonLName"].strip()
        self.aspa_exp = {int(r["expedition_number"]): r for r in csv.DictReader(
            open(self.path("aspa_osmed", "derived_iss_expeditions_iso.csv"), encoding="utf-8"))}

    # NASA yearbook -------------------------------------------------------------------
    def load_yearbook(self):
        self.yb = list(csv.DictReader(open(self.path("nasa_astronaut_yearbook", "astronauts.csv"), encoding="utf-8")))
        for r in self.yb:
            toks = [t for t in r["Name"].replace(",", " ").split() if t not in ("Jr.", "Jr", "Sr.", "II", "III")]
            r["surname"] = toks[-1]
            r["given"] = toks[0]

    # corquaid ------------------------------------------------------------------------
    def load_corquaid(self):
        self.cq_people = list(csv.DictReader(open(self.path("corquaid_iss_apis", "people_in_space_history.csv"), encoding="utf-8")))
        self.cq_vehicles = list(csv.DictReader(open(self.path("corquaid_iss_apis", "docked_spacecraft_history.csv"), encoding="utf-8")))
        self.cq_latest = json.load(open(self.path("corquaid_iss_apis", "people-in-space_latest.json"), encoding="utf-8"))

    # LL2 -----------------------------------------------------------------------------
    def load_ll2(self):
        self.ll2_dock = list(csv.DictReader(open(self.path("ll2_spacedevs_2021", "derived_iss_docking_events_1998_2020.csv"), encoding="utf-8")))
        self.ll2_exp = {int(r["expedition"]): r for r in csv.DictReader(
            open(self.path("ll2_spacedevs_2021", "derived_iss_expeditions_ll2.csv"), encoding="utf-8"))}

    # names used by the spacewalk sources (for alias coverage only) -------------------
    def load_eva_names(self):
        self.eva_names = collections.Counter()
        for r in csv.DictReader(open(self.path("nasa_eva_us_russia", "eva_normalized.csv"), encoding="utf-8")):
            if r["date"] and r["date"] >= "1998-12-01":
                for c in r["crew"].split(";"):
                    if c.strip():
                        self.eva_names[("nasa_eva_us_russia", c.strip())] += 1
        for r in csv.DictReader(open(self.path("iss_evas_2013_2025", "iss_evas_2013_2025.csv"), encoding="utf-8")):
            for c in r["crew"].split(";"):
                if c.strip():
                    self.eva_names[("iss_evas_2013_2025", c.strip())] += 1


# ======================================================================================
# People
# ======================================================================================

def mc_parse_name(raw):
    """McDowell 'T. Niklaus 'Nick' Hague, Col. USAF, NASA' -> (tokens, nicknames)."""
    n = raw.split(",")[0]
    nicks = re.findall(r"'([^']+)'", n)
    n = re.sub(r"'[^']+'", " ", n).replace("*", "")
    toks = [t for t in n.split() if t not in ("Jr", "Jr.", "II", "III")]
    return toks, nicks


def mc_clean_name(raw):
    toks, _ = mc_parse_name(raw)
    return " ".join(toks)


NICKNAMES = {  # nickname -> formal given name (for matching only)
    "mike": "michael", "bob": "robert", "butch": "barry", "suni": "sunita", "kate": "kathleen",
    "tom": "thomas", "nick": ("niklaus", "nicholas"), "chris": "christopher", "christoper": "christopher",
    "don": "donald", "jeff": "jeffrey", "dan": "daniel", "doug": "douglas", "steve": "steven",
    "tim": "timothy", "ricky": "richard", "rick": "richard", "joe": "joseph", "bill": "william",
    "jim": "james", "pat": "patrick", "ken": "kenneth", "ron": "ronald", "greg": "gregory",
    "ed": "edward", "andy": "andrew", "drew": "andrew", "heide": "heidemarie", "tammy": "tamara",
    "clay": "clayton", "stan": "stanley", "dave": "david", "danny": "john", "cady": "catherine",
    "woody": "warren", "duke": "nicole", "alexander": "aleksandr", "alexey": "aleksey",
    "aleksei": "aleksey", "alexei": "aleksey", "andrei": "andrey", "sergei": "sergey",
    "yuriy": "yuri", "yury": "yuri", "dmitriy": "dmitri", "dmitry": "dmitri",
}


def given_keys_of(tok):
    """Keys of a given name and of the formal names it may be short for."""
    t = fold(tok).lower().strip(".")
    forms = NICKNAMES.get(t, ())
    forms = (forms,) if isinstance(forms, str) else forms
    return {surname_key(x)[:3] for x in (t,) + tuple(forms)}


def surname_keys_of(name):
    """Keys of the last one, two and three name tokens ('Frank de Winne' -> winne, dewinne...)."""
    toks = [t for t in re.split(r"\s+", fold(name).replace("'", "")) if t and not is_initial(t)]
    keys = set()
    for n in (1, 2, 3):
        if len(toks) > n or (n == 1 and toks):
            keys.add(surname_key("".join(toks[-n:])))
    keys.discard("")
    return keys


def surname_matches(sur, skeys):
    k = surname_key(re.sub(r"\(.*?\)", "", sur))
    if not k:
        return False
    if k in skeys:
        return True
    for s in skeys:
        if len(k) >= 5 and len(s) >= 5:
            if k in s or s in k:
                return True
            if difflib.SequenceMatcher(None, s, k).ratio() >= 0.85:
                return True
    return False


class Person:
    def __init__(self, key):
        self.key = key
        self.mc_names = []        # McDowell raw names
        self.rides = []           # McDowell ISS rides
        self.all_tags = set()     # McDowell tags of all flights (for matching)
        self.cq_rows = []         # corquaid person-flight rows
        self.cosmos = None
        self.tt = None
        self.aspa = None
        self.yb = None
        self.extra_names = []     # (source, name)
        self.detail = []

    @property
    def first_seen(self):
        dates = [r["ldate"] for r in self.rides] + [iso_date(r["launched_utc_corrected"]) for r in self.cq_rows]
        return min(d for d in dates if d)

    def token_keys(self):
        """Surname keys from McDowell and corquaid names."""
        keys = set()
        for n in self.mc_names:
            keys |= surname_keys_of(mc_clean_name(n))
            if self.key in FAMILY_NAME_FIRST:
                keys.add(surname_key(mc_clean_name(n).split()[0]))
        for r in self.cq_rows:
            keys |= surname_keys_of(r["name"])
        return keys

    def given_keys(self):
        keys = set()
        for n in self.mc_names:
            toks, nicks = mc_parse_name(n)
            toks = [t for t in toks if not is_initial(t)]
            if self.key in FAMILY_NAME_FIRST:
                toks = toks[1:]
            if toks:
                keys |= given_keys_of(toks[0])
            for x in nicks:
                keys |= given_keys_of(x)
        for r in self.cq_rows:
            keys |= given_keys_of(r["name"].split()[0])
        if self.cosmos:
            sur, giv = cosmos_parts(self.cosmos)
            for t in re.sub(r"[\'\"]", " ", giv).split():
                if not is_initial(t):
                    keys |= given_keys_of(t)
        return keys


def build_people(S):
    people = mcdowell_people(S)
    # --- link cosmos / tidytuesday / ASPA / yearbook to McDowell people
    for p in people.values():
        link_sources(S, p)
    add_corquaid_people(S, people)
    for p in people.values():
        if p.key.startswith("CQ:"):
            link_sources(S, p)
    return people


def mcdowell_people(S):
    """One Person per McDowell id with an ISS ride, with the tags of all their flights."""
    people = collections.OrderedDict()
    for r in S.rides:
        if r["hsfid"] not in S.iss_flights:
            continue
        p = people.setdefault(r["id"], Person(r["id"]))
        m = S.missions[r["hsfid"]]
        p.mc_names.append(r["name"])
        p.rides.append({"hsfid": r["hsfid"], "tag": m["tag"], "ship": m["ship"],
                        "ldate": parse_mcdowell_date(m["ldate"]), "segments": r["segments"],
                        "sponsor": r["sponsor"], "employer": r["employer"], "seat": r["role"]})
    for r in S.rides:
        if r["id"] in people and r["hsfid"] in S.missions:
            people[r["id"]].all_tags.add(mission_tag(S.missions[r["hsfid"]]["ship"]))
            people[r["id"]].all_tags.add(mission_tag(S.missions[r["hsfid"]]["tag"]))
    return people


def add_corquaid_people(S, people):
    """corquaid: everybody recorded aboard the ISS, joined to a McDowell person
    by name or added as a new person ("CQ:" + name)."""
    groups = collections.OrderedDict()
    for r in S.cq_people:
        if r["on_iss"] == "False":
            continue
        groups.setdefault(match_key(fold(r["name"])), []).append(r)
    index = {}
    for p in people.values():
        for n in all_names(S, p):
            index.setdefault(match_key(fold(n)), set()).add(p.key)
    for k, rows in groups.items():
        name = rows[0]["name"]
        p = find_corquaid_person(S, people, index.get(k, set()), name)
        if p is None:
            p = people.setdefault("CQ:" + name, Person("CQ:" + name))
        p.cq_rows.extend(rows)


def find_corquaid_person(S, people, hits, name):
    """The person a corquaid name belongs to: the exact name, else one surname
    match (with the given name where several share it), else a close spelling."""
    if len(hits) == 1:
        return people[next(iter(hits))]
    toks = fold(name).split()
    same_surname = [q for q in people.values() if surname_matches(toks[-1], q.token_keys())]
    cand = same_surname
    if len(cand) > 1:
        cand = [q for q in cand if given_keys_of(toks[0]) & q.given_keys()]
    if len(cand) == 1 and (given_keys_of(toks[0]) & cand[0].given_keys() or len(same_surname) == 1):
        return cand[0]
    best, score = None, 0
    for q in people.values():
        for n in all_names(S, q):
            s = difflib.SequenceMatcher(None, fold(name).lower(), fold(n).lower()).ratio()
            if s > score:
                best, score = q, s
    return best if score >= 0.88 else None


def all_names(S, p):
    out = [mc_clean_name(n) for n in p.mc_names]
    out += [r["name"] for r in p.cq_rows]
    if p.tt:
        out.append(tt_display(S.tt[p.tt][0]["name"]))
    if p.aspa:
        out.append(p.aspa["PersonFName"] + " " + p.aspa["PersonLName"])
    if p.cosmos:
        sur, giv = cosmos_parts(p.cosmos)
        out.append(giv.split()[0] + " " + sur if giv else sur)
    if p.yb:
        out.append(p.yb["Name"].strip())
    return out


def tt_display(n):
    """tidytuesday 'Krikalev, Sergei' -> 'Sergei Krikalev' (keeps middle initials)."""
    if "," not in n:
        return n
    sur, giv = n.split(",", 1)
    giv = re.sub(r",?\s*\b(Jr\.?|II|III)$", "", giv.strip()).strip()
    return (giv + " " + sur.strip()).strip()


def cosmos_parts(c):
    """cosmos 'FINCKE, Edward Michael 'Mike'' -> ('Fincke', "Edward Michael 'Mike'")."""
    n = c["name_u"]
    sur, _, giv = n.partition(",")
    giv = re.sub(r"\(.*?\)", "", giv)
    giv = re.sub(r",?\s*(Jr\.?|II|III)\s*$", "", giv.strip().rstrip(","))
    giv = giv.replace(",", " ").strip()
    sur = re.sub(r"\(.*?\)", "", sur).strip()
    if sur.isupper() or sur[:1].isupper() and sur[1:2].isupper():
        sur = smart_title(sur)
    return sur, re.sub(r"\s+", " ", giv)


def link_sources(S, p):
    """Join the cosmos-book, tidytuesday, ASPA and NASA yearbook records of a person
    (NAME_LINKS pins the links the rules cannot make)."""
    tk = p.token_keys()
    tags = p.all_tags | {mission_tag(r["spacecraft"]) for r in p.cq_rows}
    links = NAME_LINKS.get(p.key, {})
    link_cosmos(S, p, links, tk, tags)
    link_tidytuesday(S, p, links, tk, tags)
    years = set()
    if p.cosmos and p.cosmos.get("dob"):
        years.add(p.cosmos["dob"][:4])
    if p.tt:
        years.add(S.tt[p.tt][0]["year_of_birth"])
    gk = p.given_keys()
    link_aspa(S, p, links, tk, gk, years)
    link_yearbook(S, p, links, tk, gk, years)


def link_cosmos(S, p, links, tk, tags):
    """cosmos-book: surname + a shared flight."""
    if "cosmos" in links:
        p.cosmos = next((c for c in S.cosmos if c["stem"] == links["cosmos"]), None)
        return
    cand = [c for c in S.cosmos if c["tags"] & tags and surname_matches(c["surname"], tk)
            and c["stem"] != "KONONENKO_OG"]
    if len(cand) == 1:
        p.cosmos = cand[0]
    elif len(cand) > 1:
        p.detail.append("ambiguous cosmos: " + ";".join(c["stem"] for c in cand))


def link_tidytuesday(S, p, links, tk, tags):
    """tidytuesday: surname + a shared flight."""
    if "tt" in links:
        p.tt = next(k for k in S.tt if k[1] == links["tt"])
        return
    cand = [n for n, rs in S.tt.items()
            if S.tt_tags[n] & tags and surname_matches(rs[0]["name"].split(",")[0], tk)]
    if len(cand) == 1:
        p.tt = cand[0]
    elif len(cand) > 1:
        p.detail.append("ambiguous tt: " + ";".join(cand))


def link_aspa(S, p, links, tk, gk, years):
    """ASPA: surname, then given name, then birth year."""
    if "aspa" in links:
        p.aspa = next((r for r in S.aspa if r["PersonID"] == str(links["aspa"])), None)
        return
    cand = [r for r in S.aspa if surname_matches(r["PersonLName"], tk)]
    if p.cosmos and p.cosmos.get("dob"):
        exact = [r for r in cand if parse_mdy(r["DOB"]) == p.cosmos["dob"]]
        if len(exact) == 1:
            cand = exact
    if len(cand) > 1:
        cand = [r for r in cand if given_keys_of(r["PersonFName"].split()[0] if r["PersonFName"] else "") & gk] or cand
    if len(cand) > 1 and years:
        cand = [r for r in cand if r["DOB"][-4:] in years] or cand
    if len(cand) == 1 and (given_keys_of(cand[0]["PersonFName"].split()[0] if cand[0]["PersonFName"] else "") & gk
                           or cand[0]["DOB"][-4:] in years):
        p.aspa = cand[0]
    elif cand:
        p.detail.append("unlinked aspa: " + ";".join(r["PersonFName"] + " " + r["PersonLName"] for r in cand))


def link_yearbook(S, p, links, tk, gk, years):
    """NASA yearbook: surname + given name (+ birth year)."""
    if "yb" in links:
        p.yb = next((r for r in S.yb if r["Name"].strip() == links["yb"]), None)
        return

    def yb_given(r):
        toks = [t for t in r["Name"].split() if not is_initial(t)]
        return given_keys_of(toks[0])
    cand = [r for r in S.yb if surname_matches(r["surname"], tk) and yb_given(r) & gk]
    if len(cand) > 1 and years:
        cand = [r for r in cand if (parse_mdy(r["Birth Date"], True) or "")[:4] in years]
    if len(cand) == 1:
        p.yb = cand[0]




# ======================================================================================
# Person attributes
# ======================================================================================

def person_agency(p):
    if p.key in AGENCY_OVERRIDES:
        return AGENCY_OVERRIDES[p.key][0]
    if p.rides:
        c = collections.Counter()
        first = {}
        for i, r in enumerate(p.rides):
            a = SPONSOR_AGENCY[r["sponsor"]]
            c[a] += 1
            first.setdefault(a, i)
        return sorted(c, key=lambda a: (-c[a], first[a]))[0]
    labels = {r["agency"] for r in p.cq_rows}
    for lab in labels:
        if lab in CORQUAID_AGENCY:
            return CORQUAID_AGENCY[lab]
    raise SystemExit(f"no agency for {p.key}: {labels}")


def person_nationality(p, agency):
    if p.key in NATIONALITY_OVERRIDES:
        return NATIONALITY_OVERRIDES[p.key][0], "override"
    if agency == "RSA":
        return "RU", "Roscosmos cosmonaut"
    if p.cosmos and p.cosmos.get("country"):
        code = COUNTRY3.get(p.cosmos["country"][0])
        if code:
            return code, "cosmos-book"
    for r in p.cq_rows:
        if r["country"] in COUNTRY_NAMES:
            return COUNTRY_NAMES[r["country"]], "corquaid"
    if p.aspa and p.aspa["PrimaryNationality_Birth Citizen"] in COUNTRY_NAMES:
        return COUNTRY_NAMES[p.aspa["PrimaryNationality_Birth Citizen"]], "ASPA"
    country = {a[0]: a[3] for a in AGENCIES}[agency]
    if country:
        return country, "agency"
    raise SystemExit(f"no nationality for {p.key}")


def person_dob(S, p):
    """Returns (date or '', how)."""
    if p.key in DOB_OVERRIDES:
        return DOB_OVERRIDES[p.key][0], DOB_OVERRIDES[p.key][1]
    cand = {}
    if p.aspa:
        d = parse_mdy(p.aspa["DOB"])
        if d:
            cand["aspa"] = d
    if p.cosmos and re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.cosmos.get("dob", "")):
        cand["cosmos"] = p.cosmos["dob"]
    if p.yb:
        d = parse_mdy(p.yb["Birth Date"], two_digit=True)
        if d:
            cand["nasa_yearbook"] = d
    tt_year = S.tt[p.tt][0]["year_of_birth"] if p.tt else None
    partial = p.cosmos.get("dob", "") if p.cosmos else ""
    if not cand:
        return "", "no full date in sources" + (f" (cosmos-book: {partial})" if partial else "")
    values = collections.Counter(cand.values())
    if len(values) == 1:
        d = next(iter(values))
        srcs = "=".join(sorted(cand))
        if len(cand) == 1 and "aspa" in cand:
            # ASPA alone: reject day-1 placeholders that cosmos-book gives only to the month
            if d.endswith("-01") and (d.endswith("-01-01") or (partial and len(partial) == 7)):
                return "", f"ASPA {d} looks like a placeholder (cosmos-book: {partial or '-'})"
        if tt_year and tt_year != d[:4]:
            srcs += f" (tidytuesday year {tt_year} disagrees)"
        return d, srcs
    best, n = values.most_common(1)[0]
    if n >= 2:
        other = "; ".join(f"{k} {v}" for k, v in sorted(cand.items()) if v != best)
        return best, "majority " + "=".join(sorted(k for k, v in cand.items() if v == best)) + f" (not {other})"
    if tt_year:
        fit = {v for v in cand.values() if v[:4] == tt_year}
        if len(fit) == 1:
            d = fit.pop()
            return d, "=".join(k for k, v in cand.items() if v == d) + ", year confirmed by tidytuesday (not " + \
                "; ".join(f"{k} {v}" for k, v in cand.items() if v != d) + ")"
    return "", "sources disagree: " + "; ".join(f"{k} {v}" for k, v in sorted(cand.items()))


def display_name(S, p, agency):
    if p.key in DISPLAY_NAMES:
        return DISPLAY_NAMES[p.key]
    tt_name = S.tt[p.tt][0]["name"] if p.tt else None
    cq_name = p.cq_rows[0]["name"] if p.cq_rows else None
    if agency == "RSA":
        if tt_name and "," in tt_name:
            sur, giv = tt_name.split(",", 1)
            giv = [t for t in re.sub(r"\(.*?\)", "", giv).split() if not is_initial(t)][0]
            return f"{giv} {sur.strip()}"
        if cq_name:
            return cq_name
        if p.aspa:
            return f"{p.aspa['PersonFName']} {p.aspa['PersonLName']}"
        return mc_clean_name(p.mc_names[0])
    # everybody else: McDowell's used given name + a clean surname
    if p.mc_names:
        toks, nicks = mc_parse_name(p.mc_names[0])
        if p.key in FAMILY_NAME_FIRST:
            toks = toks[1:] + toks[:1]
        given = [t for t in toks if not is_initial(t)]
        g = given[0] if len(given) >= 2 else None
        if g is None and tt_name:
            g = [t for t in tt_name.split(",", 1)[1].split() if not is_initial(t)][0]
        if p.aspa:
            sur = p.aspa["PersonLName"]
        elif tt_name and "," in tt_name:
            sur = tt_name.split(",")[0]
        else:
            sur = given[-1]
        return f"{g} {sur}"
    return cq_name


def person_surname_keys(S, p, name):
    keys = set()
    if p.key not in FAMILY_NAME_FIRST:
        keys.add(surname_key(name.split(" ", 1)[1]))
    if p.tt:
        keys.add(surname_key(re.sub(r"\(.*?\)", "", S.tt[p.tt][0]["name"].split(",")[0])))
    if p.aspa:
        keys.add(surname_key(p.aspa["PersonLName"]))
    if p.cosmos:
        keys.add(surname_key(cosmos_parts(p.cosmos)[0]))
    for r in p.cq_rows:
        keys |= surname_keys_of(r["name"])
    keys.discard("")
    return keys


def short_form(tokens, skeys):
    """Given name + surname, dropping initials and middle names/patronymics:
    ['Yuriy', 'Ivanovich', 'Malenchenko'] -> 'Yuriy Malenchenko'. None if the surname
    cannot be told apart (then no short form is made)."""
    toks = [t for t in tokens if not is_initial(t) and t not in ("Jr", "Jr.", "II", "III")]
    for i in range(1, len(toks)):
        if surname_key("".join(toks[i:])) in skeys:
            return toks[0] + " " + " ".join(toks[i:])
    return None


def dot_initials(a):
    """'Lee J Archambault' -> 'Lee J. Archambault' (matching ignores dots anyway)."""
    return re.sub(r"\b([A-Z])\b(?![.'’-])", r"\1.", a)


def person_aliases(S, p, name):
    """Every other spelling of the person found in the datasets (deduplicated the way the
    app matches names: case-insensitive, dots and extra spaces ignored)."""
    skeys = person_surname_keys(S, p, name)
    raw = mcdowell_aliases(p, skeys)  # (source, alias)
    if p.tt:
        n = re.sub(r"\s*\(.*?\)", "", S.tt[p.tt][0]["name"])
        raw.append(("tidytuesday", tt_display(n)))
        raw.append(("tidytuesday", short_form(tt_display(n).split(), skeys)))
    if p.aspa:
        raw.append(("aspa", p.aspa["PersonFName"] + " " + p.aspa["PersonLName"]))
    if p.cosmos:
        raw += cosmos_aliases(p)
    if p.yb:
        n = p.yb["Name"].strip()
        raw.append(("nasa_yearbook", n))
        raw.append(("nasa_yearbook", short_form(n.split(), skeys)))
    for r in p.cq_rows:
        raw.append(("corquaid", r["name"]))
    raw += [(src, n) for src, n in p.extra_names]
    raw += [("extra", n) for n in EXTRA_ALIASES.get(p.key, [])]
    return distinct_aliases(name, [a for _, a in raw])


def mcdowell_aliases(p, skeys):
    raw = []
    for n in p.mc_names:
        toks, nicks = mc_parse_name(n)
        if p.key in FAMILY_NAME_FIRST:
            raw.append(("mcdowell", " ".join(toks)))
            toks = toks[1:] + toks[:1]
        raw.append(("mcdowell", " ".join(toks)))
        raw.append(("mcdowell", short_form(toks, skeys)))
        for nick in nicks:
            raw.append(("mcdowell", short_form([nick] + toks[1:], skeys)))
    return raw


def cosmos_aliases(p):
    raw = []
    sur, giv = cosmos_parts(p.cosmos)
    nicks = re.findall(r"['\"]([^'\"]+)['\"]", giv)
    giv = [t for t in re.sub(r"['\"][^'\"]+['\"]", " ", giv).split()]
    plain = [t for t in giv if not is_initial(t)]
    if plain and p.key not in FAMILY_NAME_FIRST:
        raw.append(("cosmos", plain[0] + " " + sur))
        if giv[0] == plain[0] and len(giv) > 1 and all(is_initial(t) for t in giv[1:]):
            raw.append(("cosmos", " ".join(giv + [sur])))
    for nick in nicks:
        if nick.isalpha() and nick[0].isupper() and nick not in ("Buranov",):
            raw.append(("cosmos", nick + " " + sur))
    return raw


def distinct_aliases(name, spellings):
    """The spellings other than the name, each once, with an accent-free form too."""
    seen = {match_key(name)}
    out = []
    for a in spellings:
        if not a:
            continue
        a = dot_initials(re.sub(r"\s+", " ", a).strip())
        k = match_key(a)
        if k in seen or a in ALIAS_EXCLUDE:
            continue
        seen.add(k)
        out.append(a)
        # an accent-free form too, so plain-ASCII records resolve
        f = fold(a)
        if match_key(f) not in seen:
            seen.add(match_key(f))
            out.append(f)
    f = fold(name)
    if match_key(f) not in seen:
        out.append(f)
    return out


# ======================================================================================
# Vehicles: docking / undocking dates
# ======================================================================================

def vehicle_tag(name):
    """Tag of a crewed vehicle in any source: 'Crew-1 Dragon' -> SPXC1, 'Axiom-1 Dragon' -> AX1."""
    n = fold(name)
    if "Starliner" in n and "CFT" in n:
        return "CFT"
    m = re.search(r"Ax(?:iom)?-(\d+)", n)
    if m:
        return "AX" + m.group(1)
    return mission_tag(n)


def vehicle_dates(S, exp_start):
    dock, undock, how = {}, {}, {}
    for r in S.ll2_dock:
        tag = vehicle_tag(r["crewed_mission_mcdowell"] or r["vehicle"])
        d, u = iso_date(r["docking_utc"]), iso_date(r["departure_utc"])
        if d and (tag not in dock or d < dock[tag]):
            dock[tag] = d
            how[(tag, "dock")] = "ll2_spacedevs_2021"
        if u and (tag not in undock or u > undock[tag]):
            undock[tag] = u
            how[(tag, "undock")] = "ll2_spacedevs_2021"
    for r in S.cq_vehicles:
        tag = vehicle_tag(r["name"])
        d = iso_date(r["docked_utc_corrected"])
        if d and tag not in dock:
            dock[tag] = d
            how[(tag, "dock")] = "corquaid_iss_apis"
    # Soyuz departures from 2021 are the expedition handovers
    for tag, n in SOYUZ_HANDOVERS.items():
        if tag not in undock and n in exp_start:
            undock[tag] = exp_start[n]
            how[(tag, "undock")] = f"start of Expedition {n}"
    for tag, (d, why) in DRAGON_UNDOCKINGS.items():
        undock[tag] = d
        how[(tag, "undock")] = "public_record"
    for (tag, what), (d, why) in VEHICLE_DATE_FIXES.items():
        (dock if what == "dock" else undock)[tag] = d
        how[(tag, what)] = "corrected: " + why
    return dock, undock, how


# ======================================================================================
# Expeditions
# ======================================================================================

def expedition_starts(S, dock_ll2, undock_ll2):
    """Returns {n: (date, source_key, detail)}."""
    out = {1: ("2000-11-02", "ll2_spacedevs_2021",
               "Soyuz TM-31 docking 2000-11-02T09:21Z (LL2): official start of Exp 1")}
    for n, tag in SHUTTLE_HANDOVERS.items():
        d = undock_ll2[tag]
        note = ""
        if ("STS111", "undock") in VEHICLE_DATE_FIXES and tag == "STS111":
            note = " (LL2's 2002-07-15 corrected)"
        out[n] = (d, "ll2_spacedevs_2021", f"{S.tag_to_ship[tag]} undocking{note}")
    for n in range(7, 65):
        if n == 20:
            out[n] = (dock_ll2["TMA15"], "ll2_spacedevs_2021", "Soyuz TMA-15 docking (6-person crew begins)")
            continue
        if n == 59:
            out[n] = (dock_ll2["MS12"], "ll2_spacedevs_2021", "Soyuz MS-12 docking (no crew left at the boundary)")
            continue
        ship = S.summary[str(n)]["prev_crew_soyuz"]
        tag = vehicle_tag(ship)
        out[n] = (undock_ll2[tag], "ll2_spacedevs_2021", f"{ship} undocking (LL2)")
    for n in range(65, 72):
        if n in (69, 70):
            a = S.aspa_exp[n]["start_date"]
            what = {69: "uncrewed Soyuz MS-22 undocking", 70: "Soyuz MS-23 undocking"}[n]
            out[n] = (a, "aspa_osmed", f"{what} (ASPA ISS-{n} start; McDowell derives none)")
            continue
        d = S.summary[str(n)]["derived_start_approx_utc"]
        out[n] = (d[:10], "mcdowell_astro",
                  f"{S.summary[str(n)]['prev_crew_soyuz']} undocking ~{d[11:16]}Z (landing - 3.5 h, McDowell)")
    out[72] = (S.aspa_exp[72]["start_date"], "aspa_osmed", "Soyuz MS-25 undocking (ASPA ISS-72 start)")
    out[73] = EXPEDITION_START_PUBLIC_RECORD[73]
    ts = S.cq_latest["expedition_start_date"]
    assert S.cq_latest["iss_expedition"] == 74
    # corquaid's epochs are early by the Paris UTC offset (+1 h in December): see SOURCE.md
    t = datetime.datetime.fromtimestamp(ts, datetime.UTC) + datetime.timedelta(hours=1)
    out[74] = (t.date().isoformat(), "corquaid_iss_apis",
               f"Soyuz MS-27 undocking: people-in-space.json expedition_start_date {ts} "
               f"= {t:%Y-%m-%dT%H:%MZ} after the +1 h CET correction")
    return out


def build_expeditions(S, starts):
    nums = sorted(starts)
    rows = []
    for n in nums:
        start, src, detail = starts[n]
        end = starts[n + 1][0] if n + 1 in starts else ""
        end_detail = ("end = start of Exp %d" % (n + 1)) if end else \
            "no end: still running at the corquaid snapshot of 2026-04-28"
        rows.append({"number": n, "start": start, "end": end, "source": src,
                     "source_detail": f"start: {detail}; {end_detail}"})
    return rows


def cross_check_expeditions(S, rows):
    """Differences from the other date conventions (printed, and summarised in DATA_NOTES)."""
    notes = []
    for r in rows:
        n = r["number"]
        m = S.summary.get(str(n), {})
        a = S.aspa_exp.get(n, {})
        l = S.ll2_exp.get(n, {})
        for label, val in (("McDowell derived", (m.get("derived_start_approx_utc") or "")[:10]),
                           ("ASPA", a.get("start_date") or ""),
                           ("LL2", (l.get("start_utc") or "")[:10])):
            if val and val != r["start"]:
                notes.append((n, "start", label, val, r["start"]))
        for label, val in (("McDowell derived", (m.get("derived_end_approx_utc") or "")[:10]),
                           ("ASPA", a.get("end_date") or ""),
                           ("LL2", (l.get("end_utc") or "")[:10])):
            if val and r["end"] and val != r["end"]:
                notes.append((n, "end", label, val, r["end"]))
    return notes


# ======================================================================================
# Expedition members
# ======================================================================================

def parse_segments(segs):
    """'EX59/FE3,EX60/CDR,MS12:3/KDR' -> ([(59, None, 'FE3'), (60, None, 'CDR')], 'MS12')."""
    ex, down = [], None
    for t in segs.split(","):
        t = t.strip()
        m = re.match(r"EX(\d+)(?:\.(\d))?[/:](\w+)$", t)  # "EX71:FE1" is a typo for EX71/FE1
        if m:
            ex.append((int(m.group(1)), m.group(2), m.group(3)))
            continue
        m = re.match(r"([A-Z][A-Z0-9]*):\d", t)
        if m:
            down = m.group(1)
    return ex, down


def build_members(S, people, exps, dock, undock, slugs):
    problems = []
    mem = mcdowell_members(people)
    mc_max = max(n for n, _ in mem)
    cq_members = corquaid_members(people)
    add_corquaid_members(mem, people, cq_members, mc_max)
    for (n, key), (src, up, down, why) in EXTRA_MEMBERS.items():
        assert (n, key) not in mem, (n, key)
        mem[(n, key)] = {"cdr": False, "up": up, "down": down, "source": src, "subs": []}
    for n, keys in COMMANDERS_AFTER_MCDOWELL.items():
        for key in keys:
            if (n, key) not in mem:
                problems.append(f"commander {key} of Exp {n} is not a member")
            else:
                mem[(n, key)]["cdr"] = True
    # corquaid agrees with McDowell where both cover (Exp 64-70)?
    diff = []
    for n in range(64, mc_max):
        mc = {k for (m, k) in mem if m == n and mem[(m, k)]["source"] == "mcdowell_astro"}
        cq = cq_members.get(n, set())
        if cq - mc or mc - cq:
            diff.append((n, sorted(slugs[k] for k in cq - mc), sorted(slugs[k] for k in mc - cq)))
    exp = {r["number"]: r for r in exps}
    rows = [member_row(exp[n], key, e, dock, undock, slugs, problems) for (n, key), e in mem.items()]
    rows.sort(key=lambda r: (r["expedition"], r["role"] != "commander", r["joined"] or "", r["astronaut"]))
    return rows, diff, problems


def mcdowell_members(people):
    """(expedition, person) -> membership, from McDowell's ride segments (Exp 1-71)."""
    mem = collections.OrderedDict()
    for p in people.values():
        for ride in p.rides:
            ex, down = parse_segments(ride["segments"])
            if not ex:
                continue
            down = DOWN_VEHICLE_OVERRIDES.get(p.key, (down,))[0] or ride["tag"]
            for n, sub, role in ex:
                e = mem.setdefault((n, p.key), {"cdr": False, "up": ride["tag"], "down": down,
                                                "source": "mcdowell_astro", "subs": []})
                is_cdr = role == "CDR" and (n, p.key) not in COMMANDER_FIXES
                if is_cdr:
                    e["cdr"] = True
                    e["subs"].append(f"{n}.{sub}" if sub else str(n))
    return mem


def corquaid_members(people):
    """expedition -> the people corquaid lists as its flight engineers."""
    cq_members = collections.defaultdict(set)
    for p in people.values():
        rows = sorted(p.cq_rows, key=lambda r: r["first_seen_in_api_utc"])
        for r in rows:
            if "Flight Engineer" not in r["positions_observed"].split(";"):
                continue
            for n in r["iss_expeditions_observed"].split(";"):
                if n:
                    cq_members[int(n)].add(p.key)
    return cq_members


def add_corquaid_members(mem, people, cq_members, mc_max):
    """corquaid's members of the expeditions from McDowell's last one on (Exp 71 additions, 72-74)."""
    for n in sorted(cq_members):
        if n < mc_max:
            continue
        for key in sorted(cq_members[n]):
            if (n, key) in mem:
                continue
            p = people[key]
            # rows of one flight share the launch time (e.g. Starliner CFT + Crew-9 for Wilmore)
            flight = next(r["launched_utc_corrected"] for r in p.cq_rows
                          if str(n) in r["iss_expeditions_observed"].split(";"))
            rows = sorted((r for r in p.cq_rows if r["launched_utc_corrected"] == flight),
                          key=lambda r: r["first_seen_in_api_utc"])
            up = vehicle_tag(rows[0]["spacecraft"])
            down = DOWN_VEHICLE_OVERRIDES.get(key, (vehicle_tag(rows[-1]["spacecraft"]),))[0]
            mem[(n, key)] = {"cdr": key in COMMANDERS_AFTER_MCDOWELL.get(n, ()), "up": up, "down": down,
                             "source": "corquaid_iss_apis", "subs": []}


def member_row(ex, key, e, dock, undock, slugs, problems):
    """An expedition_members.csv row: joined/left only where the person came or
    went inside the expedition (the docking and undocking of their vehicles)."""
    n = ex["number"]
    arr, dep = dock.get(e["up"]), undock.get(e["down"])
    if arr is None:
        problems.append(f"Exp {n} {key}: no docking date for {e['up']}")
    if dep is None and e["down"] not in STILL_DOCKED:
        problems.append(f"Exp {n} {key}: no undocking date for {e['down']}")
    joined = arr if arr and arr > ex["start"] else ""
    left = dep if dep and (not ex["end"] or dep < ex["end"]) else ""
    if joined and ex["end"] and joined >= ex["end"]:
        problems.append(f"Exp {n} {key}: joined {joined} not before end {ex['end']}")
    if left and left <= ex["start"]:
        problems.append(f"Exp {n} {key}: left {left} not after start {ex['start']}")
    return {"expedition": n, "astronaut": slugs[key],
            "role": "commander" if e["cdr"] else "flight_engineer",
            "joined": joined, "left": left, "source": e["source"],
            "_up": e["up"], "_down": e["down"], "_key": key}


# ======================================================================================
# Output
# ======================================================================================

def slugify(name):
    s = re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-")
    return s


def resolve_extra_names(S, people, names):
    """Attach the spellings used by the spacewalk/docking sources to people (as aliases).
    Returns the names that belong to nobody who was aboard the ISS."""
    def index():
        idx = collections.defaultdict(set)
        for p in people.values():
            for n in [p.name] + p.aliases:
                idx[match_key(n)].add(p.key)
                idx[match_key(fold(n))].add(p.key)
        return idx
    idx = index()
    unresolved = []
    for src, name in names:
        if match_key(name) in idx or match_key(fold(name)) in idx:
            continue
        if name in NOT_ISS_PEOPLE:
            unresolved.append((src, name, NOT_ISS_PEOPLE[name]))
            continue
        toks = fold(name).replace(".", " ").split()
        hit = None
        if len(toks) >= 2:
            cand = [p for p in people.values()
                    if surname_matches(toks[-1], p.token_keys() | surname_keys_of(p.name))]
            same_given = [p for p in cand if given_keys_of(toks[0]) & (p.given_keys() | given_keys_of(p.name.split()[0]))]
            if len(same_given) == 1:
                hit = same_given[0]
            elif len(cand) == 1 and is_initial(toks[0]):
                hit = cand[0]
        if hit is None:
            best, score = None, 0.0
            for p in people.values():
                for n in [p.name] + p.aliases:
                    s = difflib.SequenceMatcher(None, fold(name).lower(), fold(n).lower()).ratio()
                    if s > score:
                        best, score = p, s
            if score >= 0.86:
                hit = best
        if hit is None:
            unresolved.append((src, name, "no ISS person matches"))
            continue
        hit.extra_names.append((src, name))
        hit.aliases = person_aliases(S, hit, hit.name)
        idx = index()
    return unresolved


def write_csv(path, fields, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--out", default=OUT_DIR)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    derive(args.data, args.out, args.verbose)


def derive(data_dir, out_dir, verbose=False):
    """Read the sources in data_dir, write the CSV files into out_dir, print the
    report; a failed sanity check raises AssertionError."""
    S = Sources(data_dir)
    people = build_people(S)
    describe_people(S, people)
    unresolved = resolve_extra_names(S, people, extra_source_names(S))
    slugs = assign_slugs(people)
    exps, xnotes, dock, undock, vhow = derive_expeditions(S)
    members, diff, problems = build_members(S, people, exps, dock, undock, slugs)
    arows = [astronaut_row(p) for p in sorted(people.values(), key=lambda p: p.slug)]
    write_outputs(out_dir, arows, exps, members)
    report(S, people, arows, exps, members, xnotes, diff, problems, unresolved, vhow, verbose)
    sanity_checks(arows, exps, members)


def describe_people(S, people):
    """Each person's agency, nationality, birth date, display name and aliases."""
    for p in people.values():
        p.agency = person_agency(p)
        p.nationality, p.nat_how = person_nationality(p, p.agency)
        p.dob, p.dob_how = person_dob(S, p)
        p.name = display_name(S, p, p.agency)
        p.aliases = person_aliases(S, p, p.name)


def extra_source_names(S):
    """(source, name) of every spelling in the spacewalk and docking sources."""
    names = [(src, n) for (src, n) in sorted(S.eva_names)]
    for r in S.cq_vehicles:
        for c in r["crew"].split(";"):
            if c.strip():
                names.append(("corquaid_iss_apis", c.strip()))
    return names


def assign_slugs(people):
    """person key -> slug of the display name; two people on one slug stop the build."""
    slugs = {}
    for p in people.values():
        s = slugify(p.name)
        if s in slugs.values():
            raise SystemExit(f"duplicate slug {s}")
        slugs[p.key] = s
        p.slug = s
    return slugs


def derive_expeditions(S):
    """Expedition rows (from the LL2 dates, corrected), their cross-check notes,
    and the vehicles' docking and undocking dates with how each was found."""
    dock0, undock0, _ = vehicle_dates(S, {})
    for (tag, what), (d, why) in VEHICLE_DATE_FIXES.items():
        (dock0 if what == "dock" else undock0)[tag] = d
    starts = expedition_starts(S, dock0, undock0)
    exps = build_expeditions(S, starts)
    xnotes = cross_check_expeditions(S, exps)
    dock, undock, vhow = vehicle_dates(S, {n: s[0] for n, s in starts.items()})
    check_dragon_undockings(S, dock, undock)
    check_vehicle_dates(S, dock, undock)
    return exps, xnotes, dock, undock, vhow


def astronaut_row(p):
    if p.key.startswith("AS-"):
        src = "mcdowell_astro"
        detail = f"rides.tsv {p.key}"
    else:
        src = "corquaid_iss_apis"
        detail = "people_in_space_history.csv (" + ", ".join(sorted({r["spacecraft"] for r in p.cq_rows})) + ")"
    if p.key in AGENCY_OVERRIDES:
        detail += f"; agency: {AGENCY_OVERRIDES[p.key][1]}"
    if p.key in NATIONALITY_OVERRIDES:
        detail += f"; nationality: {NATIONALITY_OVERRIDES[p.key][1]}"
    detail += f"; DOB: {p.dob_how}"
    if len(detail) > 300:
        detail = detail[:297] + "..."
    return {"slug": p.slug, "name": p.name, "aliases": "|".join(p.aliases),
            "agency": p.agency, "nationality": p.nationality, "birth_date": p.dob,
            "source": src, "source_detail": detail}


# current_to: the date of the newest facts in a dataset (its snapshot), where known;
# the site says how current its records are from the latest of these.
SOURCES_CURRENT_TO = {"corquaid_iss_apis": "2026-04-28", "mcdowell_astro": "2024-05-19",
                      "iss_vehicle_gaps": "2026-04-28"}


def write_outputs(out_dir, arows, exps, members):
    os.makedirs(out_dir, exist_ok=True)
    write_csv(os.path.join(out_dir, "agencies.csv"), ["abbreviation", "name", "kind", "country"],
              [dict(zip(["abbreviation", "name", "kind", "country"], a)) for a in AGENCIES])
    write_csv(os.path.join(out_dir, "astronauts.csv"),
              ["slug", "name", "aliases", "agency", "nationality", "birth_date", "source", "source_detail"], arows)
    write_csv(os.path.join(out_dir, "expeditions.csv"),
              ["number", "start", "end", "source", "source_detail"], exps)
    write_csv(os.path.join(out_dir, "expedition_members.csv"),
              ["expedition", "astronaut", "role", "joined", "left", "source"], members)
    write_csv(os.path.join(out_dir, "sources.csv"), ["key", "name", "url", "license", "credit", "current_to", "notes"],
              [dict(zip(["key", "name", "url", "license", "credit", "notes"], s),
                    current_to=SOURCES_CURRENT_TO.get(s[0], ""))
               for s in SOURCES])


def sanity_checks(arows, exps, members):
    """Fail loudly if the output breaks the model's rules or the known facts."""
    slugs = {a["slug"] for a in arows}
    assert len(slugs) == len(arows), "duplicate slug"
    keys = collections.Counter(match_key(n) for a in arows for n in [a["name"]] + a["aliases"].split("|") if n)
    clash = [k for k, c in keys.items() if c > 1]
    assert not clash, f"one name or alias for two people: {clash}"
    agencies = {a[0] for a in AGENCIES}
    assert all(a["agency"] in agencies for a in arows), "unknown agency"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|", a["birth_date"]) for a in arows)
    assert all(re.fullmatch(r"[A-Z]{2}", a["nationality"]) for a in arows)
    for a, b in zip(exps, exps[1:]):
        assert a["end"] == b["start"] and a["number"] + 1 == b["number"], (a, b)
    for e in exps:
        assert not e["end"] or e["end"] >= e["start"], e
    assert exps[0]["start"] == "2000-11-02"
    assert [e for e in exps if not e["end"]] == [exps[-1]]
    seen = set()
    for m in members:
        k = (m["expedition"], m["astronaut"])
        assert k not in seen, k
        seen.add(k)
        assert m["astronaut"] in slugs
        assert not (m["joined"] and m["left"]) or m["left"] >= m["joined"], m
    e1 = {m["astronaut"]: m["role"] for m in members if m["expedition"] == 1}
    assert e1 == {"william-shepherd": "commander", "yuri-gidzenko": "flight_engineer",
                  "sergei-krikalev": "flight_engineer"}, e1
    per = collections.Counter(m["expedition"] for m in members if m["role"] == "commander")
    assert all(per[e["number"]] >= 1 for e in exps), "expedition without commander"
    several = sorted(n for n, c in per.items() if c > 1)
    print("expeditions with a change of command:", several)
    print("sanity checks passed")


def check_dragon_undockings(S, dock, undock):
    """The public-record undockings must lie between docking and landing / removal from the API."""
    land = {m["tag"]: parse_mcdowell_date(m["edate"]) for m in S.missions.values()}
    gone = {}
    for r in S.cq_vehicles:
        if r["absent_from_api_by_utc"]:
            gone[vehicle_tag(r["name"])] = iso_date(r["absent_from_api_by_utc"])
    for tag, (d, why) in DRAGON_UNDOCKINGS.items():
        assert dock[tag] <= d, (tag, dock[tag], d)
        if land.get(tag):
            assert d <= land[tag], (tag, d, land[tag])
        if tag in gone:
            assert d <= gone[tag], (tag, d, gone[tag])


def check_vehicle_dates(S, dock, undock):
    """Every crewed ISS flight docks 0-3 days after launch and undocks before it lands."""
    for m in S.missions.values():
        if m["id"] not in S.iss_flights:
            continue
        tag = vehicle_tag(m["ship"])
        launch = parse_mcdowell_date(m["ldate"])
        land = parse_mcdowell_date(m["edate"]) if m["edate"] != "-" else None
        days = (datetime.date.fromisoformat(dock[tag]) - datetime.date.fromisoformat(launch)).days
        assert 0 <= days <= 3, (m["ship"], launch, dock[tag])
        if land and tag in undock and tag != "TMA16":  # McDowell's TMA-16 landing date is a day early
            assert undock[tag] <= land, (m["ship"], undock[tag], land)


def report(S, people, arows, exps, members, xnotes, diff, problems, unresolved, vhow, verbose):
    print(f"people: {len(arows)}  expeditions: {len(exps)}  members: {len(members)}")
    per = collections.defaultdict(list)
    for m in members:
        per[m["expedition"]].append(m)
    bad = []
    for e in exps:
        ms = per[e["number"]]
        cdrs = [m["astronaut"] for m in ms if m["role"] == "commander"]
        print(f"  Exp {e['number']:>2} {e['start']} .. {e['end'] or 'ongoing':10} crew {len(ms):>2} commanders {', '.join(cdrs)}")
        if not ms or not cdrs:
            bad.append(e["number"])
    print("expeditions without crew or commander:", bad or "none")
    print("McDowell/corquaid membership differences (Exp 64-70):", diff or "none")
    print("problems:", problems or "none")
    print("names in the spacewalk/docking sources that are not ISS people here:")
    for u in unresolved:
        print("   ", u)
    if verbose:
        for n, what, label, val, ours in xnotes:
            print(f"  Exp {n} {what}: {label} {val} vs {ours}")


if __name__ == "__main__":
    main()
