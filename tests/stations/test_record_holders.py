"""Station record holders (/records/): the leading people, ties sharing a rank."""

import datetime
import re

import time_machine

from stations import stats
from tests.factories import AstronautFactory, SpacewalkFactory, StayFactory, VisitFactory
from tests.stations import TODAY, D


def table(html, title):
    section = re.search(rf"<h2[^>]*>{title}</h2>.*?</section>", html, re.S).group(0)
    return [
        [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in cells]
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>")[1], re.S)
        )
    ]


@time_machine.travel(TODAY, tick=False)
def test_record_holders_ranked_with_ties(client):
    long = VisitFactory(arrival_date=D(2010, 1, 1), departure_date=D(2010, 12, 31))
    short = VisitFactory(arrival_date=D(2011, 1, 1), departure_date=D(2011, 1, 10))
    ann = AstronautFactory(name="Ann Long", slug="ann")
    bob = AstronautFactory(name="Bob Twice", slug="bob")
    cy = AstronautFactory(name="Cy Long", slug="cy")
    StayFactory(astronaut=ann, arrival_vehicle=long)
    StayFactory(astronaut=cy, arrival_vehicle=long)
    StayFactory(astronaut=bob, arrival_vehicle=short)
    later = VisitFactory(arrival_date=D(2012, 1, 1), departure_date=D(2012, 1, 5))
    StayFactory(astronaut=bob, arrival_vehicle=later)
    SpacewalkFactory(crew=[bob], duration=datetime.timedelta(hours=7))
    SpacewalkFactory(crew=[bob, ann], duration=datetime.timedelta(hours=6, minutes=30))
    html = client.get("/records/").content.decode()
    assert table(html, "Longest single stay") == [
        ["1", "Ann Long", "365"],
        ["1", "Cy Long", "365"],
        ["3", "Bob Twice", "10"],
    ]
    assert table(html, "Most stays aboard")[0] == ["1", "Bob Twice", "2"]
    assert table(html, "Most spacewalks") == [["1", "Bob Twice", "2"], ["2", "Ann Long", "1"]]
    assert table(html, "Most time spacewalking")[0] == ["1", "Bob Twice", "13 h 30 min"]
    assert '<a href="/crew/ann/">Ann Long</a>' in html


def test_a_tie_at_the_last_place_shown_is_kept():
    people = AstronautFactory.create_batch(4)
    scores = dict(zip(people, [9, 5, 5, 1], strict=True))
    ranked = stats._ranked(scores, limit=2)
    assert [(row["rank"], row["value"]) for row in ranked] == [(1, 9), (2, 5), (2, 5)]


def test_no_records_says_so(client):
    html = client.get("/records/").content.decode()
    assert html.count("None recorded yet.") == 5
