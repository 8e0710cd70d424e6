import pytest

from stations.models import Question
from tests.factories import (
    AstronautFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    ModuleFactory,
    SpacewalkFactory,
    VisitFactory,
)
from tests.stations import D


@pytest.fixture
def station():
    shepherd = AstronautFactory(name="William Shepherd", slug="william-shepherd")
    krikalev = AstronautFactory(name="Sergei Krikalev", slug="sergei-krikalev")
    e1 = ExpeditionFactory(number=1, start=D(2000, 11, 2), end=D(2001, 3, 18))
    e2 = ExpeditionFactory(number=2, start=D(2001, 3, 18), end=D(2001, 8, 20))
    ExpeditionFactory(number=3, start=D(2001, 8, 20), end=None)
    ExpeditionMemberFactory(expedition=e1, astronaut=shepherd, role="commander")
    ExpeditionMemberFactory(expedition=e1, astronaut=krikalev)
    ExpeditionMemberFactory(expedition=e2, astronaut=krikalev, role="commander")
    SpacewalkFactory(designation="STS-88 EVA 1", date=D(1998, 12, 7), crew=[shepherd])
    SpacewalkFactory(designation="US EVA 1", date=D(2001, 2, 10), expedition=e1, crew=[krikalev])
    VisitFactory(
        name="Soyuz TM-31",
        arrival_date=D(2000, 11, 2),
        departure_date=D(2001, 5, 6),
        crew=[shepherd, krikalev],
        port="Zvezda aft",
    )
    VisitFactory(
        name="Progress MS-31", arrival_date=D(2025, 7, 5), departure_date=None, port="Poisk zenith"
    )
    ModuleFactory(name="Zarya", slug="zarya", launch_date=D(1998, 11, 20))
    Question.objects.create(
        question="How many people have visited?",
        slug="how-many",
        answer="**{people_visited}** people. See [the facts](/facts/).",
    )
    return {"e1": e1}


def test_filter_expeditions_by_date_with_the_keyboard_only(page, station):
    page.goto("/expeditions/")
    # Tab from the top of the page to the "Running on" date field.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_on":
            break
    assert page.evaluate("document.activeElement.id") == "id_on"
    page.keyboard.type("03182001")  # Chromium's date field takes the digits in order
    assert page.input_value("#id_on") == "2001-03-18"
    page.keyboard.press("Enter")
    page.wait_for_url("**on=2001-03-18**")
    assert "2 expeditions match your filters" in page.inner_text(".result-count")
    rows = page.locator("table.data tbody th").all_inner_texts()
    assert rows == ["Expedition 1", "Expedition 2"]
    assert page.console_log.errors == []


@pytest.mark.parametrize(
    "url",
    [
        "/expeditions/",
        "/expeditions/?on=2024-13-40",
        "/expeditions/?on=1990-01-01",
        "/expeditions/1/",
        "/crew/",
        "/crew/william-shepherd/",
        "/spacewalks/",
        "/vehicles/",
        "/vehicles/soyuz-tm-31/",
        "/modules/",
        "/modules/zarya/",
        "/aboard/?on=2001-01-01",
        "/facts/",
        "/data-sources/",
        "/agencies/",
        "/agencies/rsa/",
        "/visitors/",
        "/faq/",
        "/records/",
        "/search/?q=shepherd",
        "/search/?q=nothing-matches-this",
    ],
)
def test_station_pages_have_no_accessibility_violations(page, axe, station, url):
    page.goto(url)
    axe(page)
    assert page.console_log.errors == []


def test_spacewalk_page_and_dark_scheme_have_no_violations(page, axe, axe_in_dark_scheme, station):
    from stations.models import Spacewalk

    axe_in_dark_scheme(Spacewalk.objects.get(designation="US EVA 1").get_absolute_url())
    page.goto("/facts/")
    page.click("text=Spacewalks per year as a table")
    axe(page)
