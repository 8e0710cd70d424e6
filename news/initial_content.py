"""The articles ``manage.py load_news`` creates: real events in the station's history.

Written for ISS Portal. Each entry is dated at its event (UTC) and names the
station records it is about by natural key: expedition numbers, people by name
(tried as a slug, as a name and as one of their recorded spellings, first
match wins), spacewalk designations and visit slugs. A record the station data
does not hold is skipped. ``expeditions_on`` links whatever expedition the
data says was running on that day.
"""

import datetime


def utc(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


NEWS = "news"
BLOG = "blog"
FEATURE = "feature"
BYLINE = "ISS Portal staff"
BLOG_BYLINE = "ISS Portal daily blog"

ARTICLES = [
    {
        "slug": "zarya-first-station-module-launched",
        "kind": NEWS,
        "title": "Zarya, the station's first module, is in orbit",
        "summary": "A Proton rocket launched Zarya from Baikonur on 20 November 1998: "
        "the first piece of the International Space Station.",
        "publish_at": utc(1998, 11, 20, 8, 0),
        "tags": ["Assembly", "Modules", "Roscosmos", "NASA"],
        "links": {},
        "body": """\
The International Space Station began on 20 November 1998, when a Russian
Proton rocket lifted off from the Baikonur Cosmodrome in Kazakhstan carrying
**Zarya**, the first of the station's modules.

Zarya, whose name means "sunrise", was built in Russia and paid for by the
United States. Its Russian designation is FGB, for *functional cargo block*.

## What Zarya does

In the first months of the station Zarya supplied what the young outpost
needed to stay in orbit on its own:

- electrical power from its solar arrays;
- propulsion and attitude control;
- storage space and docking ports.

No crew flew with it. The next step was the American node Unity, due to be
joined to Zarya by a Space Shuttle crew a few weeks later.
""",
    },
    {
        "slug": "endeavour-joins-unity-and-zarya",
        "kind": NEWS,
        "title": "Endeavour's crew joins Unity to Zarya",
        "summary": "On the STS-88 mission, Space Shuttle Endeavour carried the Unity node "
        "to orbit and its crew joined it to Zarya: the first two station modules, together.",
        "publish_at": utc(1998, 12, 7, 6, 0),
        "tags": ["Assembly", "Modules", "Space Shuttle", "NASA"],
        "links": {
            "visits": ["sts-88"],
            "astronauts": [
                ("Robert Cabana",),
                ("Frederick Sturckow", "Rick Sturckow"),
                ("Nancy Currie", "Nancy Currie-Gregg", "Nancy J. Currie"),
                ("Jerry Ross",),
                ("James Newman",),
                ("Sergei Krikalev",),
            ],
        },
        "body": """\
Space Shuttle Endeavour launched from the Kennedy Space Center on 4 December
1998 with **Unity**, the first American-built piece of the station, in its
payload bay. Unity is a node: a connecting module with six berthing ports
that later modules attach to.

The crew first fixed Unity to the shuttle's docking system. Then Nancy Currie
used the shuttle's robotic arm to capture Zarya, which had been waiting in
orbit since 20 November, and brought the two modules together. For the first
time the station was more than a single module.

The crew of six was led by Robert Cabana and included the Russian cosmonaut
Sergei Krikalev, who would return two years later as a member of the first
long-duration crew.
""",
    },
    {
        "slug": "first-station-spacewalk",
        "kind": BLOG,
        "title": "The first spacewalk at the station",
        "summary": "Jerry Ross and James Newman stepped outside on 7 December 1998 to "
        "connect Zarya and Unity: the first of more than 250 spacewalks at the station.",
        "publish_at": utc(1998, 12, 8, 6, 0),
        "tags": ["Spacewalks", "Assembly", "Space Shuttle"],
        "links": {
            "spacewalks": ["STS-88 EVA 1"],
            "visits": ["sts-88"],
            "astronauts": [("Jerry Ross",), ("James Newman",)],
        },
        "body": """\
With Unity and Zarya joined, the two modules still had to be wired together.
On 7 December 1998 **Jerry Ross** and **James Newman** left Endeavour's airlock
for the first spacewalk ever made at the International Space Station.

Working for more than seven hours, they connected power and data cables
between the two modules, so that systems on either side could talk to each
other and to controllers on the ground.

It was the first of three spacewalks the pair made during the STS-88 mission.
Building the station and keeping it running has needed hundreds more since:
see the [spacewalks](/spacewalks/) section for every one of them.
""",
    },
    {
        "slug": "zvezda-service-module-docks",
        "kind": NEWS,
        "title": "Zvezda docks: the station gets its living quarters",
        "summary": "The Russian service module Zvezda, launched on 12 July 2000, docked with "
        "Zarya and Unity on 26 July 2000, readying the station for its first crew.",
        "publish_at": utc(2000, 7, 26, 6, 0),
        "tags": ["Assembly", "Modules", "Roscosmos"],
        "links": {},
        "body": """\
The station's third module, **Zvezda** ("star"), docked with Zarya and Unity
on 26 July 2000, two weeks after a Proton rocket launched it from Baikonur.

Zvezda is the service module of the Russian segment. It brought what a crew
needs to live aboard:

- sleeping quarters, a galley and a toilet;
- life support systems;
- engines for keeping the station's orbit up, and a docking port at its aft
  end for Progress cargo ships and other vehicles.

With Zvezda in place, the station was ready for people to move in. The first
resident crew was scheduled to arrive that autumn.
""",
    },
    {
        "slug": "expedition-1-crew-arrives",
        "kind": NEWS,
        "title": "Expedition 1 arrives: the station's first residents",
        "summary": "William Shepherd, Yuri Gidzenko and Sergei Krikalev docked aboard "
        "Soyuz TM-31 on 2 November 2000, beginning the station's continuous human presence.",
        "publish_at": utc(2000, 11, 2, 12, 0),
        "tags": ["Expeditions", "Crew", "Soyuz", "Milestones"],
        "links": {
            "expeditions": [1],
            "visits": ["soyuz-tm-31"],
            "astronauts": [
                ("William Shepherd",),
                ("Yuri Gidzenko",),
                ("Sergei Krikalev",),
            ],
        },
        "body": """\
On 2 November 2000 the Soyuz TM-31 spacecraft docked with the International
Space Station, two days after launching from Baikonur. Aboard were the three
members of **Expedition 1**:

| Crew member | Agency | Role |
|---|---|---|
| William Shepherd | NASA | Expedition commander |
| Yuri Gidzenko | Roscosmos | Soyuz commander |
| Sergei Krikalev | Roscosmos | Flight engineer |

They were the first people to live aboard the station. Their first months
were spent bringing its systems to life, unpacking supplies and receiving the
visiting shuttle crews that kept adding to the station.

People have lived aboard without a break ever since: every expedition since
has handed the station over to the next.
""",
    },
    {
        "slug": "destiny-laboratory-attached",
        "kind": NEWS,
        "title": "Destiny, the American laboratory, joins the station",
        "summary": "Space Shuttle Atlantis delivered the Destiny laboratory on the STS-98 "
        "mission; it was attached to Unity on 10 February 2001.",
        "publish_at": utc(2001, 2, 10, 18, 0),
        "tags": ["Assembly", "Modules", "Science", "Space Shuttle", "NASA"],
        "links": {
            "expeditions": [1],
            "visits": ["sts-98"],
            "astronauts": [
                ("Marsha Ivins",),
                ("Thomas Jones", "Tom Jones"),
                ("Robert Curbeam",),
            ],
        },
        "body": """\
Space Shuttle Atlantis launched on 7 February 2001 carrying **Destiny**, the
United States laboratory module. On 10 February Marsha Ivins used the
shuttle's robotic arm to move Destiny from the payload bay to Unity's forward
port, while Thomas Jones and Robert Curbeam worked outside on a spacewalk to
connect it.

Destiny is where much of the station's American research is done. Its racks
hold experiments in biology, physics and materials science.

The Expedition 1 crew, aboard since November, welcomed Atlantis's crew and
opened the new laboratory during the visit.
""",
    },
    {
        "slug": "canadarm2-and-the-first-canadian-spacewalk",
        "kind": BLOG,
        "title": "Canadarm2 arrives, and a Canadian walks in space",
        "summary": "On 22 April 2001 Chris Hadfield became the first Canadian to walk in "
        "space, installing the station's robotic arm, Canadarm2.",
        "publish_at": utc(2001, 4, 22, 20, 0),
        "tags": ["Spacewalks", "Robotics", "Space Shuttle", "CSA"],
        "links": {
            "expeditions": [2],
            "visits": ["sts-100"],
            "spacewalks": ["STS-100 EVA 1"],
            "astronauts": [
                ("Chris Hadfield", "Christopher Hadfield"),
                ("Scott Parazynski",),
            ],
        },
        "body": """\
Space Shuttle Endeavour's STS-100 mission brought the station its own robotic
arm, **Canadarm2**, built for the Canadian Space Agency.

On 22 April 2001 Chris Hadfield and Scott Parazynski went outside to install
and connect it. Hadfield became the first Canadian to leave a spacecraft and
walk in space.

Canadarm2 can move end over end between fixtures on the station's hull. It
has since helped assemble modules, moved spacewalkers around and caught
visiting cargo ships so they could be berthed.
""",
    },
    {
        "slug": "harmony-node-arrives",
        "kind": NEWS,
        "title": "Harmony arrives, with two women in command",
        "summary": "Space Shuttle Discovery delivered the Harmony node on STS-120 in "
        "October 2007, while Pamela Melroy and Peggy Whitson commanded the two spacecraft.",
        "publish_at": utc(2007, 10, 26, 18, 0),
        "tags": ["Assembly", "Modules", "Space Shuttle", "Milestones"],
        "links": {
            "expeditions": [16],
            "visits": ["sts-120"],
            "astronauts": [("Pamela Melroy",), ("Peggy Whitson",)],
        },
        "body": """\
Space Shuttle Discovery launched on 23 October 2007 carrying **Harmony**, the
station's second node, built in Italy. Its crew installed the module on
26 October; it was later moved to its permanent place at the front of the
Destiny laboratory.

The mission was also a first of another kind. Discovery was commanded by
**Pamela Melroy** and the station by **Peggy Whitson**, leading Expedition 16:
the first time two women commanded spacecraft in orbit at the same time.

Harmony became the station's hub for visiting vehicles. Its ports connect
the European and Japanese laboratories and host docking adapters used by
today's commercial spacecraft.
""",
    },
    {
        "slug": "columbus-european-laboratory",
        "kind": NEWS,
        "title": "Columbus: Europe's laboratory in orbit",
        "summary": "The European Space Agency's Columbus laboratory arrived on Space "
        "Shuttle Atlantis (STS-122) and was attached to Harmony on 11 February 2008.",
        "publish_at": utc(2008, 2, 11, 18, 0),
        "tags": ["Assembly", "Modules", "Science", "ESA", "Space Shuttle"],
        "links": {
            "expeditions": [16],
            "visits": ["sts-122"],
            "astronauts": [("Hans Schlegel",), ("Léopold Eyharts", "Leopold Eyharts")],
        },
        "body": """\
**Columbus**, the European Space Agency's research laboratory, was attached
to the starboard side of Harmony on 11 February 2008. Space Shuttle Atlantis
had launched with it on 7 February.

Two ESA astronauts flew on the mission: Hans Schlegel of Germany, who made a
spacewalk during the flight, and Léopold Eyharts of France, who stayed aboard as a
member of Expedition 16 to bring the new laboratory into service.

Columbus holds experiment racks inside and platforms outside for instruments
exposed to space. It is controlled from the Columbus Control Centre near
Munich.
""",
    },
    {
        "slug": "kibo-pressurized-module-installed",
        "kind": NEWS,
        "title": "Kibo's main laboratory joins the station",
        "summary": "Japan's Kibo Pressurized Module, the largest single module of the "
        "station, was installed on 3 June 2008 during the STS-124 mission.",
        "publish_at": utc(2008, 6, 3, 18, 0),
        "tags": ["Assembly", "Modules", "Science", "JAXA", "Space Shuttle"],
        "links": {
            "expeditions": [17],
            "visits": ["sts-124"],
            "astronauts": [("Akihiko Hoshide",)],
        },
        "body": """\
Space Shuttle Discovery's STS-124 crew installed the **Kibo Pressurized
Module** on 3 June 2008. JAXA astronaut Akihiko Hoshide was part of the crew.

Kibo ("hope") is Japan's contribution to the station and was delivered in
three flights:

1. the Experiment Logistics Module, a storage room, on STS-123 in March 2008;
2. the Pressurized Module, the main laboratory and the largest single module
   of the station, on STS-124;
3. the Exposed Facility, a porch for experiments in open space, on STS-127 in
   July 2009.

Kibo also has its own small robotic arm and an airlock for passing
experiments and small satellites outside.
""",
    },
    {
        "slug": "tranquility-and-the-cupola",
        "kind": NEWS,
        "title": "Tranquility and the Cupola arrive",
        "summary": "Space Shuttle Endeavour docked on 10 February 2010 carrying Tranquility, "
        "the third node, with the seven-windowed Cupola attached to it.",
        "publish_at": utc(2010, 2, 12, 18, 0),
        "tags": ["Assembly", "Modules", "Space Shuttle", "ESA"],
        "links": {
            "expeditions": [22],
            "visits": ["sts-130"],
            "astronauts": [("Robert Behnken", "Bob Behnken"), ("Nicholas Patrick",)],
        },
        "body": """\
Space Shuttle Endeavour docked with the station on 10 February 2010 on the
STS-130 mission. In its payload bay were two pieces built in Italy for the
station: **Tranquility**, the third node, and the **Cupola**, launched
attached to Tranquility's end.

The crew installed Tranquility on Unity's port side, with spacewalks by
Robert Behnken and Nicholas Patrick to connect it. Tranquility houses much of
the station's life support and exercise equipment.

Later in the mission the Cupola was moved to Tranquility's Earth-facing port.
With six windows around it and one in the middle, it became the station's
observation deck and the control post for robotic operations.
""",
    },
    {
        "slug": "atlantis-last-shuttle-visit",
        "kind": BLOG,
        "title": "The last Space Shuttle visit",
        "summary": "Atlantis docked on 10 July 2011 on STS-135, the final flight of the "
        "Space Shuttle programme and the 37th shuttle mission to the station.",
        "publish_at": utc(2011, 7, 10, 18, 0),
        "tags": ["Space Shuttle", "Milestones", "NASA"],
        "links": {
            "expeditions": [28],
            "visits": ["sts-135"],
            "astronauts": [
                ("Christopher Ferguson", "Chris Ferguson"),
                ("Douglas Hurley", "Doug Hurley"),
                ("Sandra Magnus",),
                ("Rex Walheim",),
            ],
        },
        "body": """\
Space Shuttle Atlantis launched on 8 July 2011 and docked with the station on
10 July, on the last flight of the Space Shuttle programme. Its crew of four
was led by Christopher Ferguson, with Douglas Hurley as pilot and Sandra
Magnus and Rex Walheim as mission specialists.

Atlantis brought a large load of supplies and spare parts in the Raffaello
cargo module, stocking the station for the years without shuttle flights.

STS-135 was the 37th shuttle mission to the station, from Endeavour's
assembly flight in December 1998 onwards. When Atlantis landed on 21 July
2011, crews were left with Soyuz as their only ride to orbit until Douglas
Hurley returned on a new American spacecraft in 2020.
""",
    },
    {
        "slug": "first-spacex-dragon-berthed",
        "kind": NEWS,
        "title": "The first commercial spacecraft reaches the station",
        "summary": "SpaceX's Dragon was captured by the station's robotic arm on 25 May 2012 "
        "and berthed to Harmony: the first commercial vehicle to visit.",
        "publish_at": utc(2012, 5, 25, 18, 0),
        "tags": ["SpaceX", "Commercial cargo", "Robotics", "Milestones"],
        "links": {
            "expeditions": [31],
            "visits": [("spacex-dragon-c2", "spacex-dragon-c2-plus", "dragon-c2")],
            "astronauts": [("Donald Pettit", "Don Pettit"), ("André Kuipers", "Andre Kuipers")],
        },
        "body": """\
On 25 May 2012 Expedition 31 astronaut **Don Pettit**, working with ESA's
**André Kuipers**, reached out with Canadarm2 and caught SpaceX's **Dragon**
spacecraft, three days after it launched on a Falcon 9 rocket from Cape
Canaveral. The crew then berthed it to the station at Harmony.

It was the first time a spacecraft built and operated by a private company
had visited the station. The demonstration flight carried food and supplies
up and, unlike most cargo ships of the time, brought cargo back down to
Earth, splashing down in the Pacific Ocean.

The flight opened the way for regular commercial cargo missions, and later
for commercial crew.
""",
    },
    {
        "slug": "a-year-in-space-kelly-and-kornienko",
        "kind": FEATURE,
        "title": "A year in space: Scott Kelly and Mikhail Kornienko come home",
        "summary": "After 340 days aboard, Scott Kelly and Mikhail Kornienko landed in "
        "Kazakhstan on 2 March 2016 (1 March in the United States).",
        "publish_at": utc(2016, 3, 2, 6, 0),
        "tags": ["Crew", "Long-duration", "Science", "Soyuz", "Milestones"],
        "links": {
            "expeditions": [43, 44, 45, 46],
            "visits": ["soyuz-tma-16m", "soyuz-tma-18m"],
            "astronauts": [
                ("Scott Kelly",),
                ("Mikhail Kornienko",),
                ("Gennady Padalka",),
                ("Sergey Volkov", "Sergei Volkov"),
            ],
        },
        "body": """\
NASA astronaut **Scott Kelly** and Roscosmos cosmonaut **Mikhail Kornienko**
launched on Soyuz TMA-16M with Gennady Padalka on 27 March 2015. They came
home on Soyuz TMA-18M with Sergey Volkov, landing in Kazakhstan on the
morning of 2 March 2016, local time, the evening of 1 March in Houston:
340 days later.

## Why a year

Most station crews stay about six months. A mission to Mars would keep people
in weightlessness far longer, and the one-year mission was designed to learn
how the body copes: bones and muscles, eyes, the heart and blood vessels,
sleep and the mind.

## Twins on the ground

Scott Kelly's identical twin brother, Mark Kelly, also a former astronaut,
took part from Earth. Comparing the two brothers over the year gave
researchers a rare chance to separate the effects of spaceflight from the
differences between individuals.

During the mission Kelly served as commander of Expeditions 45 and 46.
""",
    },
    {
        "slug": "twenty-years-of-people-aboard",
        "kind": FEATURE,
        "title": "Twenty years of people aboard",
        "summary": "On 2 November 2020 the station marked twenty years of continuous human "
        "presence, with the Expedition 64 crew aboard.",
        "publish_at": utc(2020, 11, 2, 12, 0),
        "tags": ["Anniversaries", "Expeditions", "Milestones"],
        "links": {
            "expeditions": [1, 64],
            "astronauts": [
                ("Kathleen Rubins", "Kate Rubins"),
                ("Sergey Ryzhikov", "Sergei Ryzhikov"),
                ("Sergey Kud-Sverchkov", "Sergei Kud-Sverchkov"),
                ("William Shepherd",),
                ("Yuri Gidzenko",),
                ("Sergei Krikalev",),
            ],
        },
        "body": """\
Twenty years after William Shepherd, Yuri Gidzenko and Sergei Krikalev of
Expedition 1 opened the hatch on 2 November 2000, the station had never been
empty.

On the anniversary the crew of **Expedition 64** was aboard: NASA's Kate
Rubins and the Roscosmos cosmonauts Sergey Ryzhikov and Sergey
Kud-Sverchkov, who had arrived on Soyuz MS-17 in October.

## Two decades in numbers

The [facts page](/facts/) counts the expeditions, the people who have visited
and the spacewalks, from the station's own records. In twenty years the
station grew from three modules to a complex the size of a football pitch,
and crews came and went on Soyuz, Space Shuttles and, from 2020, Crew Dragon.
""",
    },
    {
        "slug": "crew-dragon-demo-2-docks",
        "kind": NEWS,
        "title": "Crew Dragon brings astronauts to the station for the first time",
        "summary": "Bob Behnken and Doug Hurley docked on 31 May 2020 on SpaceX's Demo-2, "
        "the first crewed flight of a commercial spacecraft.",
        "publish_at": utc(2020, 5, 31, 18, 0),
        "tags": ["SpaceX", "Commercial crew", "Crew", "Milestones"],
        "links": {
            "expeditions": [63],
            "visits": ["spacex-demo-2"],
            "astronauts": [
                ("Robert Behnken", "Bob Behnken"),
                ("Douglas Hurley", "Doug Hurley"),
                ("Christopher Cassidy", "Chris Cassidy"),
                ("Anatoli Ivanishin", "Anatoly Ivanishin"),
                ("Ivan Vagner",),
            ],
        },
        "body": """\
NASA astronauts **Bob Behnken** and **Doug Hurley** launched from the Kennedy
Space Center on 30 May 2020 aboard a SpaceX Crew Dragon on a Falcon 9
rocket, and docked with the station the next day, 31 May.

It was the first time astronauts had launched to orbit from the United States
since the last Space Shuttle flight in 2011, in which Hurley had also flown,
and the first crewed flight of a spacecraft built and operated by a company.

Behnken and Hurley joined Expedition 63: Chris Cassidy of NASA and the
cosmonauts Anatoli Ivanishin and Ivan Vagner. They returned to Earth on
2 August 2020, splashing down in the Gulf of Mexico, and the regular crew
rotation flights on Crew Dragon began that autumn.
""",
    },
    {
        "slug": "nauka-laboratory-docks",
        "kind": BLOG,
        "title": "Nauka docks to Zvezda",
        "summary": "Russia's Nauka laboratory docked on 29 July 2021, eight days after "
        "launch, in the port left free when the Pirs module was undocked.",
        "publish_at": utc(2021, 7, 29, 18, 0),
        "tags": ["Assembly", "Modules", "Roscosmos"],
        "links": {"expeditions": [65]},
        "body": """\
**Nauka** ("science"), the Multipurpose Laboratory Module of the Russian
segment, launched on a Proton rocket from Baikonur on 21 July 2021 and docked
to Zvezda's Earth-facing port on 29 July 2021.

To make room, the Pirs docking compartment, at the station since 2001, had
been undocked a few days earlier and burned up in the atmosphere.

Hours after docking, Nauka's thrusters fired unexpectedly and turned the
station away from its normal orientation. Flight controllers used thrusters
on other parts of the station to stop the motion and bring it back; the
Expedition 65 crew was not in danger.

Nauka added laboratory and storage space to the Russian segment, and carried
the European Robotic Arm, which works from its hull.
""",
    },
    {
        "slug": "twenty-five-years-of-people-aboard",
        "kind": FEATURE,
        "title": "Twenty-five years of people aboard",
        "summary": "On 2 November 2025 the International Space Station marked a quarter of "
        "a century with people aboard every single day.",
        "publish_at": utc(2025, 11, 2, 12, 0),
        "tags": ["Anniversaries", "Expeditions", "Milestones"],
        "links": {"expeditions": [1], "expeditions_on": datetime.date(2025, 11, 2)},
        "body": """\
Since the Expedition 1 crew arrived on 2 November 2000, someone has always been
aboard the International Space Station. On 2 November 2025 that unbroken
stretch reached twenty-five years.

## A station built in orbit

The station was assembled piece by piece: Zarya and Unity in 1998, Zvezda in
2000, the laboratories Destiny, Columbus and Kibo, the nodes and the Cupola,
and Nauka in 2021. Shuttle crews, Soyuz crews, and since 2020 commercial crews
have kept it staffed, with cargo ships from several countries keeping it
supplied.

## Explore the history

Every expedition, crew member, spacewalk and visiting vehicle in our records
has its own page. Start with the [expeditions](/expeditions/), look up
[who was aboard on any day](/aboard/), or browse the [facts and
figures](/facts/).
""",
    },
]
