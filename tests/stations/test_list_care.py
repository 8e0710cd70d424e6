"""The list pages' small courtesies: plurals, the filters in words, a Year field,
the years the records cover, addresses without empty parameters."""

import re

import pytest

from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    SpacewalkFactory,
    VisitFactory,
)
from tests.stations import D


@pytest.fixture
def history():
    nasa = AgencyFactory(abbreviation="NASA", name="NASA")
    shepherd = AstronautFactory(name="William Shepherd", agency=nasa)
    e1 = ExpeditionFactory(number=1, start=D(2000, 11, 2), end=D(2001, 3, 18))
    ExpeditionFactory(number=2, start=D(2001, 3, 18), end=D(2001, 8, 20))
    ExpeditionFactory(number=3, start=D(2009, 12, 1), end=D(2010, 3, 18))
    ExpeditionMemberFactory(expedition=e1, astronaut=shepherd, role="commander")
    SpacewalkFactory(date=D(2001, 2, 10), expedition=e1, crew=[shepherd])
    VisitFactory(arrival_date=D(2000, 11, 2), departure_date=D(2001, 5, 6))


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_one_result_is_singular_and_many_are_plural(client, history):
    assert "1 expedition matches your filters." in text(client.get("/expeditions/?year=2010"))
    assert "2 expeditions match your filters." in text(client.get("/expeditions/?year=2001"))
    assert "1 spacewalk matches your filters." in text(client.get("/spacewalks/?year=2001"))
    assert "1 person." in text(client.get("/crew/"))
    assert "1 visit." in text(client.get("/vehicles/"))


def test_year_finds_the_expeditions_running_in_it(client, history):
    # Expedition 3 started in 2009 and ended in 2010: it ran in both years.
    for year, numbers in [("2009", [3]), ("2010", [3]), ("2001", [1, 2]), ("2000", [1])]:
        html = client.get(f"/expeditions/?year={year}").content.decode()
        assert re.findall(r'<a href="/expeditions/(\d+)/">', html) == [str(n) for n in numbers]


def test_the_filters_in_use_are_summarised_in_words_with_a_way_to_clear_them(client, history):
    response = client.get("/expeditions/?start_after=2000-01-01&agency=NASA&ongoing=false&o=-start")
    assert (
        "Filtered: started on or after 1 January 2000 · finished only · crew agency NASA. "
        "Clear the filters" in text(response)
    )
    assert '<a href="/expeditions/">Clear the filters</a>' in response.content.decode()
    assert "Filtered:" not in text(client.get("/expeditions/?o=-start"))


def test_the_filter_explains_running_against_started_and_ended(client, history):
    assert "“Running” finds expeditions under way at any time on those dates" in text(
        client.get("/expeditions/")
    )


def test_a_search_outside_the_records_says_which_years_they_cover(client, history):
    note = "Our records cover expeditions from 2000 to 2010"
    assert note in text(client.get("/expeditions/?year=1999"))
    assert note in text(client.get("/expeditions/?on=2030-01-01"))
    assert note not in text(client.get("/expeditions/?year=2001"))
    assert note not in text(client.get("/expeditions/"))


def test_empty_parameters_are_dropped_from_the_address(client, history):
    response = client.get("/expeditions/?on=&year=2001&start_after=&agency=&o=")
    assert response.status_code == 302
    assert response["Location"] == "/expeditions/?year=2001"
    assert client.get("/spacewalks/?date_after=&crew=")["Location"] == "/spacewalks/"
    assert client.get("/expeditions/?year=2001").status_code == 200


@pytest.mark.parametrize(
    ("url", "options"),
    [
        (
            "/expeditions/",
            [
                "Number",
                "Number",
                "Number (descending)",
                "Start date",
                "Start date (latest first)",
                "End date",
                "End date (latest first)",
            ],
        ),
        (
            "/spacewalks/",
            [
                "Date",
                "Date",
                "Date (latest first)",
                "Duration (shortest first)",
                "Duration (longest first)",
            ],
        ),
    ],
)
def test_the_order_menu_names_each_order_both_ways(client, history, url, options):
    html = client.get(url).content.decode()
    menu = re.search(r'<select name="o".*?</select>', html, re.S).group(0)
    shown = re.findall(r"<option[^>]*>\s*(.*?)\s*</option>", menu, re.S)
    assert shown == options
