import datetime
import re

import pytest
import time_machine

from stations import stats
from stations.models import Astronaut, Spacewalk
from tests.factories import (
    AstronautFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    ModuleFactory,
    SpacewalkFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
H = datetime.timedelta(hours=1)
TODAY = datetime.datetime(2025, 11, 26, 12, tzinfo=datetime.UTC)


@pytest.fixture
def records_data():
    """Two people tie on each spacewalk record; one holds the stay records."""
    ann, bob, cy = (AstronautFactory(name=n, slug=n.lower()) for n in ("Ann", "Bob", "Cy"))
    SpacewalkFactory(designation="EVA 1", duration=8 * H, crew=[ann, bob])
    SpacewalkFactory(designation="EVA 2", duration=8 * H, crew=[cy])
    SpacewalkFactory(designation="EVA 3", duration=2 * H, crew=[ann])
    SpacewalkFactory(designation="EVA 4", duration=2 * H, crew=[bob])
    e1 = ExpeditionFactory(number=1, start=D(2001, 1, 1), end=D(2001, 7, 1))
    e2 = ExpeditionFactory(number=2, start=D(2001, 7, 1), end=D(2001, 12, 1))
    # Cy's one flight spans two expeditions: one stay of 334 days.
    ExpeditionMemberFactory(expedition=e1, astronaut=cy)
    ExpeditionMemberFactory(expedition=e2, astronaut=cy)
    # Ann flew twice: 181 days and 153 days, 334 in total, a tie with Cy.
    ExpeditionMemberFactory(expedition=e1, astronaut=ann)
    e5 = ExpeditionFactory(number=5, start=D(2005, 1, 1), end=D(2005, 6, 3))
    ExpeditionMemberFactory(expedition=e5, astronaut=ann)
    # Bob visited for 10 days.
    VisitFactory(arrival_date=D(2003, 1, 1), departure_date=D(2003, 1, 11), crew=[bob])
    return ann, bob, cy


@time_machine.travel(TODAY, tick=False)
def test_records_with_ties(records_data):
    ann, bob, cy = records_data
    records = stats.records()
    longest = records["longest_spacewalk"]
    assert longest["value"] == 8 * H
    assert [s.designation for s in longest["spacewalks"]] == ["EVA 1", "EVA 2"]
    assert records["most_spacewalks"] == {"value": 2, "people": [ann, bob]}
    assert records["most_eva_time"] == {"value": 10 * H, "people": [ann, bob]}
    assert records["longest_stay"] == {"value": 334, "people": [cy]}
    assert records["most_days"] == {"value": 334, "people": [ann, cy]}
    assert records["people_visited"] == 3


@time_machine.travel(TODAY, tick=False)
def test_figures_equal_independent_counts(client, records_data):
    ModuleFactory(launch_date=D(1998, 11, 20))
    ModuleFactory(launch_date=D(2021, 7, 21))
    figures = stats.headline_figures()
    assert figures["years_in_orbit"] == 27  # 20 Nov 1998 to 26 Nov 2025
    assert figures["years_crewed"] == 24  # 1 Jan 2001 to 26 Nov 2025
    assert figures["people_visited"] == 3
    assert figures["spacewalks"] == Spacewalk.objects.count() == 4
    assert figures["eva_hours"] == 20
    assert figures["expeditions"] == 3

    home = client.get("/").content.decode()
    hero = home.split('class="hero__figures"', 1)[1].split("</dl>", 1)[0]
    assert re.search(r"<dt>Years in orbit</dt><dd>27</dd>", hero)
    assert re.search(r"<dt>Astronauts visited</dt><dd>3</dd>", hero)
    assert re.search(r"<dt>Spacewalks</dt><dd>4</dd>", hero)

    facts = client.get("/facts/").content.decode()
    assert "<dt>People who have visited</dt><dd>3</dd>" in facts
    assert "334 days:" in facts
    assert "Spacewalks per year" in facts and "<title" in facts


def test_people_label_rounds_down_like_the_reference_page():
    assert stats.at_least(274) == "270+"
    assert stats.at_least(270) == "270+"
    assert stats.at_least(7) == "7"


@time_machine.travel(TODAY, tick=False)
def test_home_shows_current_expedition_and_docked_vehicles(client):
    current = ExpeditionFactory(number=74, start=D(2025, 11, 9), end=None)
    commander = ExpeditionMemberFactory(expedition=current, role="commander").astronaut
    gone = ExpeditionMemberFactory(expedition=current, left=D(2025, 11, 20)).astronaut
    DataSourceFactory(key="snapshot", current_to=D(2025, 11, 1))
    VisitFactory(
        name="Soyuz MS-28",
        arrival_date=D(2025, 11, 27) - datetime.timedelta(days=5),
        departure_date=None,
    )
    VisitFactory(name="Old Progress", arrival_date=D(2020, 1, 1), departure_date=D(2020, 6, 1))
    html = client.get("/").content.decode()
    assert "Expedition 74" in html and commander.name in html
    assert gone.name not in html  # left before today
    assert 'current to <time datetime="2025-11-01">1 November 2025</time>' in html
    assert "day 18" in html
    assert "Soyuz MS-28" in html and "Old Progress" not in html
    assert Astronaut.objects.count() == 2
