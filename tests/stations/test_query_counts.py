"""Each public station page runs the same number of queries at two data sizes."""

import datetime
import itertools

import pytest
import time_machine

from stations.models import Question
from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    CommandTermFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    ModuleFactory,
    SpacewalkFactory,
    StayFactory,
    VisitFactory,
)
from tests.stations import TODAY, D


@pytest.fixture
def grow():
    """Adds units of history around one anchor expedition, person, spacewalk and visit."""
    anchor_agency = AgencyFactory(abbreviation="ANCHOR", name="Anchor Space Agency")
    anchor_person = AstronautFactory(slug="anchor", agency=anchor_agency)
    anchor = ExpeditionFactory(number=1, start=D(2001, 1, 1), end=D(2001, 6, 30))
    ExpeditionMemberFactory(expedition=anchor, astronaut=anchor_person, role="commander")
    counter = itertools.count(2)
    ModuleFactory(slug="anchor-module", delivered_by=VisitFactory(arrival_date=D(2001, 1, 5)))
    figures = "{people_visited} people, {countries} countries, {agencies} agencies, {as_of}"

    def add(units):
        for _ in range(units):
            n = next(counter)
            start = D(2001, 7, 1) + datetime.timedelta(days=30 * n)
            expedition = ExpeditionFactory(
                number=n, start=start, end=start + datetime.timedelta(days=29)
            )
            # One joins the anchor agency, one brings a new agency.
            people = [AstronautFactory(agency=anchor_agency), AstronautFactory()]
            for person in [anchor_person, *people]:
                ExpeditionMemberFactory(expedition=expedition, astronaut=person)
            ExpeditionMemberFactory(expedition=anchor, astronaut=people[0])
            # Command changing hands: on the new expedition and on the anchor one.
            CommandTermFactory(expedition=expedition, astronaut=people[1])
            CommandTermFactory(expedition=anchor, astronaut=people[0], start=anchor.start)
            SpacewalkFactory(date=D(2001, 3, 1), expedition=anchor, crew=[anchor_person, people[1]])
            visit = VisitFactory(
                arrival_date=D(2001, 2, 1),
                departure_date=D(2001, 3, 10),
                port=f"Port {n % 3}",
                crew=[anchor_person, *people],
            )
            # Stays: one goes home in an open vehicle, one is still aboard, one left
            # on an unknown day; the anchor person flies again.
            open_visit = VisitFactory(arrival_date=D(2001, 3, 1), departure_date=None)
            StayFactory(astronaut=anchor_person, arrival_vehicle=visit)
            StayFactory(
                astronaut=people[0],
                arrival_vehicle=visit,
                departure_vehicle=open_visit,
                departure_date=D(2001, 3, 20),
            )
            StayFactory(astronaut=people[1], arrival_vehicle=open_visit, departure_vehicle=None)
            StayFactory(
                astronaut=people[0],
                arrival_vehicle=open_visit,
                departure_vehicle=None,
                departure_date=None,
                departure_unknown=True,
                last_seen_aboard=D(2001, 4, 1),
            )
            ModuleFactory(agency=anchor_agency)
            Question.objects.create(question=f"Q{n}?", slug=f"q{n}", answer=figures, position=n)

    return add


PAGES = [
    "/",
    "/expeditions/",
    "/expeditions/?on=2001-03-01&agency=AG0",
    "/expeditions/1/",
    "/crew/",
    "/crew/anchor/",
    "/spacewalks/",
    "/spacewalks/?crew=Astronaut",
    "/vehicles/",
    "/modules/",
    "/modules/anchor-module/",
    "/aboard/?on=2001-03-01",
    "/aboard/",
    "/facts/",
    "/data-sources/",
    "/agencies/",
    "/agencies/anchor/",
    "/agencies/rsa/",
    "/visitors/",
    "/faq/",
    "/records/",
]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("url", PAGES)
def test_page_queries_do_not_grow_with_data(query_counter, grow, url):
    query_counter.assert_constant(url, grow, small=1, large=5, max_queries=10)


@time_machine.travel(TODAY, tick=False)
def test_detail_pages_by_id_do_not_grow_with_data(client, query_counter, grow):
    from stations.models import Spacewalk, Visit

    grow(1)
    spacewalk = Spacewalk.objects.first()
    visit = Visit.objects.first()
    counts = [
        query_counter.count(spacewalk.get_absolute_url()),
        query_counter.count(visit.get_absolute_url()),
    ]
    # Give the same spacewalk and visit more crew and the station more records.
    grow(4)
    spacewalk.crew_links.create(astronaut=AstronautFactory(), source=spacewalk.source)
    visit.crew.add(*AstronautFactory.create_batch(3))
    # ... and more port times (a vehicle that moved twice).
    for port, start in [("Port A", D(2001, 2, 10)), ("Port B", D(2001, 2, 20))]:
        visit.ports.create(port=port, start_date=start, source=visit.source)
    # ... and more stays.
    for person in AstronautFactory.create_batch(3):
        StayFactory(astronaut=person, arrival_vehicle=visit)
    assert counts == [
        query_counter.count(spacewalk.get_absolute_url()),
        query_counter.count(visit.get_absolute_url()),
    ]
    assert max(counts) <= 10, counts
