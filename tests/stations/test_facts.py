import datetime
import re

import pytest
import time_machine

from stations import stats
from stations.models import Spacewalk
from tests.factories import (
    AstronautFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    ModuleFactory,
    SpacewalkFactory,
    StayFactory,
    VisitFactory,
)
from tests.stations import D

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
    ExpeditionMemberFactory(expedition=e1, astronaut=cy)
    ExpeditionMemberFactory(expedition=e2, astronaut=cy)
    ExpeditionMemberFactory(expedition=e1, astronaut=ann)
    ExpeditionFactory(number=5, start=D(2005, 1, 1), end=D(2005, 6, 3))
    # Cy's one stay spans two expeditions: 334 days, both ends counted.
    up = VisitFactory(arrival_date=D(2001, 1, 1), departure_date=D(2001, 6, 30), crew=[cy, ann])
    down = VisitFactory(arrival_date=D(2001, 6, 1), departure_date=D(2001, 11, 30))
    StayFactory(astronaut=cy, arrival_vehicle=up, departure_vehicle=down)
    # Ann flew twice: 181 days and 153 days, 334 in total, a tie with Cy.
    StayFactory(astronaut=ann, arrival_vehicle=up)
    StayFactory(
        astronaut=ann,
        arrival_vehicle=VisitFactory(arrival_date=D(2005, 1, 1), departure_date=D(2005, 6, 2)),
    )
    # Bob visited for 10 days.
    StayFactory(
        astronaut=bob,
        arrival_vehicle=VisitFactory(
            arrival_date=D(2003, 1, 1), departure_date=D(2003, 1, 10), crew=[bob]
        ),
    )
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
    DataSourceFactory(key="snapshot", current_to=D(2025, 11, 26))
    figures = stats.headline_figures()
    assert figures["years_in_orbit"] == 27  # 20 Nov 1998 to 26 Nov 2025, the newest record
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


def test_a_newer_record_saved_by_staff_moves_now_on_the_home_page(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        DataSourceFactory(key="snapshot", current_to=D(2026, 4, 28))
        ExpeditionFactory(number=74, start=D(2025, 12, 9), end=None)
    home = client.get("/").content.decode()
    assert 'As of <time datetime="2026-04-28">28 April 2026</time>' in home
    assert "Progress MS-35" not in home
    facts = client.get("/facts/").content.decode()  # kept until the next saved change
    assert 'As of <time datetime="2026-04-28">28 April 2026</time>, our newest record.' in facts
    with django_capture_on_commit_callbacks(execute=True):
        VisitFactory(name="Progress MS-35", arrival_date=D(2026, 5, 2), departure_date=None)
    home = client.get("/").content.decode()
    assert 'As of <time datetime="2026-05-02">2 May 2026</time>' in home
    assert "Progress MS-35" in home
    facts = client.get("/facts/").content.decode()
    assert 'As of <time datetime="2026-05-02">2 May 2026</time>, our newest record.' in facts


def test_home_speaks_as_of_the_newest_record_never_today(client):
    """Far past the records, the home page still says what the newest record says."""
    current = ExpeditionFactory(number=74, start=D(2025, 12, 9), end=None)
    commander = AstronautFactory(name="Commander Open")
    gone = AstronautFactory(name="Gone Home")
    ExpeditionMemberFactory(expedition=current, astronaut=commander, role="commander")
    ExpeditionMemberFactory(expedition=current, astronaut=gone, left=D(2026, 1, 14))
    soyuz = VisitFactory(name="Soyuz MS-28", arrival_date=D(2025, 11, 27), departure_date=None)
    dragon = VisitFactory(name="Crew-11", arrival_date=D(2025, 8, 2), departure_date=D(2026, 1, 14))
    StayFactory(astronaut=commander, arrival_vehicle=soyuz)
    StayFactory(astronaut=gone, arrival_vehicle=dragon)
    VisitFactory(name="Old Progress", arrival_date=D(2020, 1, 1), departure_date=D(2020, 6, 1))
    DataSourceFactory(key="snapshot", current_to=D(2026, 4, 28))
    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC)):
        html = client.get("/").content.decode()
    assert 'As of <time datetime="2026-04-28">28 April 2026</time>' in html
    assert "Expedition 74" in html and "no later record of its end" in html
    assert "in progress" not in html.lower() and not re.search(r"day \d", html)
    aboard = html.split('id="aboard-heading"', 1)[1].split("</ul>", 1)[0]
    assert re.search(r'>Commander Open</a> <span class="role">Commander</span>', aboard)
    assert "Gone Home" not in aboard  # left in January, before the newest record
    assert "Soyuz MS-28" in html and "Crew-11" not in html and "Old Progress" not in html
