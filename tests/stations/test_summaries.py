"""Each expedition page says in a few sentences what its records hold, until staff write."""

import datetime
import re

import time_machine

from tests.factories import (
    AstronautFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    SpacecraftTypeFactory,
    SpacewalkFactory,
    VisitFactory,
)
from tests.stations import TODAY, D


def summary(client, url):
    html = client.get(url).content.decode()
    found = re.search(r'<p class="lede expedition-summary">(.*?)</p>', html, re.S)
    return " ".join(found.group(1).split()) if found else None


@time_machine.travel(TODAY, tick=False)
def test_summary_from_length_crew_spacewalks_and_vehicles(client):
    e1 = ExpeditionFactory(number=1, start=D(2000, 11, 2), end=D(2001, 3, 18))
    shepherd = AstronautFactory(name="William Shepherd")
    ExpeditionMemberFactory(expedition=e1, astronaut=shepherd, role="commander")
    ExpeditionMemberFactory(expedition=e1, astronaut=AstronautFactory(name="Sergei Krikalev"))
    SpacewalkFactory(
        date=D(2001, 2, 10), expedition=e1, duration=datetime.timedelta(hours=6, minutes=30)
    )
    SpacewalkFactory(date=D(2001, 2, 14), expedition=e1, duration=datetime.timedelta(hours=5))
    progress = SpacecraftTypeFactory(name="Progress M", purpose="cargo")
    VisitFactory(name="Soyuz TM-31", arrival_date=D(2000, 11, 2), departure_date=D(2001, 5, 6))
    VisitFactory(
        name="Progress M1-4",
        spacecraft_type=progress,
        arrival_date=D(2000, 11, 18),
        departure_date=D(2000, 12, 1),
    )
    VisitFactory(
        name="Progress M-44",
        spacecraft_type=progress,
        arrival_date=D(2001, 2, 28),
        departure_date=D(2001, 4, 16),
    )
    assert summary(client, "/expeditions/1/") == (
        "Expedition 1 lasted 136 days, from 2 November 2000 to 18 March 2001. "
        "Its crew numbered 2, commanded by William Shepherd. "
        "2 spacewalks were made, 11 h 30 min outside in all. "
        "3 vehicles arrived (2 Progress M and 1 Soyuz MS) and 1 left."
    )


@time_machine.travel(TODAY, tick=False)
def test_summary_of_a_running_expedition_with_one_of_each(client):
    e2 = ExpeditionFactory(number=2, start=D(2025, 1, 1), end=None)
    SpacewalkFactory(date=D(2025, 2, 1), expedition=e2, duration=datetime.timedelta(hours=7))
    VisitFactory(name="Soyuz MS-26", arrival_date=D(2025, 1, 10), departure_date=None)
    VisitFactory(name="Soyuz MS-25", arrival_date=D(2024, 6, 1), departure_date=D(2025, 3, 1))
    text = summary(client, "/expeditions/2/")
    assert text.startswith("Expedition 2 began on 1 January 2025 and had run 59 days by")
    assert "1 spacewalk was made, 7 h 00 min outside in all." in text
    assert "1 vehicle arrived (1 Soyuz MS) and 1 left." in text
    assert "crew" not in text


@time_machine.travel(TODAY, tick=False)
def test_a_quiet_expedition_and_staff_description_wins(client):
    e3 = ExpeditionFactory(number=3, start=D(2003, 1, 1), end=D(2003, 1, 2))
    text = summary(client, "/expeditions/3/")
    assert "lasted 1 day," in text
    assert "No spacewalks were made. No vehicle arrived or left." in text
    e3.description = "Written by staff."
    e3.save()
    assert summary(client, "/expeditions/3/") is None
    assert "Written by staff." in client.get("/expeditions/3/").content.decode()
