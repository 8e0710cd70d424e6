"""International cooperation (/agencies/) and station visitors by country (/visitors/)."""

import datetime
import re

import pytest
import time_machine

from stations.models import Agency
from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    ModuleFactory,
    SpacecraftTypeFactory,
    SpacewalkFactory,
    StayFactory,
    VisitFactory,
)
from tests.pages import whole_sitemap
from tests.stations import TODAY, D


def text(response):
    """What a reader sees: the page's text without tags, spaces folded."""
    assert response.status_code == 200
    html = response.content.decode()
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("&#x27;", "'").split())


def rows(response, caption):
    """The rows of the table with ``caption``, each as a list of cell texts."""
    html = response.content.decode()
    table = re.search(rf"<table[^>]*>\s*<caption[^>]*>{caption}.*?</table>", html, re.S)
    assert table, caption
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(0), re.S).group(1)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def partners():
    nasa = AgencyFactory(abbreviation="NASA", name="National Aeronautics and Space Administration")
    rsa = AgencyFactory(abbreviation="RSA", name="Roscosmos", country="RU")
    mbrsc = AgencyFactory(
        abbreviation="MBRSC", name="Mohammed bin Rashid Space Centre", country="AE"
    )
    spacex = AgencyFactory(abbreviation="SpaceX", name="SpaceX", kind=Agency.Kind.COMPANY)
    shepherd = AstronautFactory(name="William Shepherd", slug="william-shepherd", agency=nasa)
    whitson = AstronautFactory(name="Peggy Whitson", slug="peggy-whitson", agency=nasa)
    krikalev = AstronautFactory(
        name="Sergei Krikalev", slug="sergei-krikalev", agency=rsa, nationality="RU"
    )
    gidzenko = AstronautFactory(
        name="Yuri Gidzenko", slug="yuri-gidzenko", agency=rsa, nationality="RU"
    )
    almansouri = AstronautFactory(
        name="Hazza Al Mansouri", slug="hazza-al-mansouri", agency=mbrsc, nationality="AE"
    )
    soyuz = SpacecraftTypeFactory(name="Soyuz TM", operator=rsa)
    dragon = SpacecraftTypeFactory(name="Crew Dragon", operator=spacex)
    tm31 = VisitFactory(
        name="Soyuz TM-31",
        spacecraft_type=soyuz,
        arrival_date=D(2000, 11, 2),
        departure_date=D(2001, 5, 6),
    )
    ms15 = VisitFactory(
        name="Soyuz MS-15",
        spacecraft_type=soyuz,
        arrival_date=D(2019, 9, 25),
        departure_date=D(2019, 10, 3),
    )
    crew1 = VisitFactory(
        name="Crew-1", spacecraft_type=dragon, arrival_date=D(2020, 11, 17), departure_date=None
    )
    # Shepherd, Krikalev and Gidzenko arrive the same day: Russia has two firsts.
    for person in (shepherd, krikalev, gidzenko):
        StayFactory(astronaut=person, arrival_vehicle=tm31)
    StayFactory(astronaut=krikalev, arrival_vehicle=ms15)
    StayFactory(astronaut=almansouri, arrival_vehicle=ms15)
    StayFactory(astronaut=whitson, arrival_vehicle=crew1, departure_vehicle=None)
    SpacewalkFactory(designation="US EVA 1", date=D(2001, 2, 10), crew=[shepherd, krikalev])
    SpacewalkFactory(
        designation="VKD-1",
        date=D(2001, 3, 1),
        duration=datetime.timedelta(hours=2),
        crew=[krikalev, gidzenko],
    )
    ModuleFactory(name="Zvezda", slug="zvezda", agency=rsa, kind="service module")
    ModuleFactory(name="Unity", slug="unity", agency=nasa, kind="node")
    return {"nasa": nasa, "rsa": rsa}


def test_an_agency_gets_its_slug_from_its_abbreviation():
    assert AgencyFactory(abbreviation="SpaceAdv", name="Space Adventures").slug == "spaceadv"
    assert AgencyFactory(abbreviation="X", slug="kept").slug == "kept"


@time_machine.travel(TODAY, tick=False)
def test_agencies_page_lists_each_partner_by_full_name_with_computed_counts(client, partners):
    response = client.get("/agencies/")
    page = text(response)
    assert page.index("Space agencies") < page.index("Companies")
    agencies = rows(response, "Space agencies")
    assert agencies == [
        # Name, country, people, spacewalks, modules, spacecraft, visits
        [
            "Mohammed bin Rashid Space Centre (MBRSC)",
            "United Arab Emirates",
            "1",
            "0",
            "0",
            "0",
            "0",
        ],
        [
            "National Aeronautics and Space Administration (NASA)",
            "United States",
            "2",
            "1",
            "1",
            "0",
            "0",
        ],
        ["Roscosmos (RSA)", "Russia", "2", "2", "1", "1", "2"],
    ]
    assert rows(response, "Companies") == [["SpaceX", "United States", "0", "0", "0", "1", "1"]]
    assert '<a href="/agencies/rsa/">Roscosmos</a>' in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_agency_page_shows_its_people_modules_vehicles_and_spacewalks(client, partners):
    response = client.get("/agencies/rsa/")
    page = text(response)
    assert "<h1>Roscosmos</h1>" in response.content.decode()
    assert "People aboard the station 2 people, 3 stays" in page
    assert "Spacewalks by its people 2, 8 h 30 min outside" in page
    assert rows(response, "People who flew") == [
        # Name, nationality, stays, days aboard, expeditions, spacewalks
        ["Sergei Krikalev", "Russia", "2", "195", "0", "2"],
        ["Yuri Gidzenko", "Russia", "1", "186", "0", "1"],
    ]
    assert "Zvezda service module, launched 20 November 1998" in page
    assert "Unity" not in page
    assert rows(response, "Spacecraft Roscosmos operates") == [
        ["Soyuz TM", "Crew", "2", "2 November 2000", "25 September 2019"]
    ]
    # Its people on each spacewalk, not the others'.
    assert rows(response, "Spacewalks with people of Roscosmos") == [
        ["US EVA 1", "10 February 2001", "6 h 30 min", "Sergei Krikalev"],
        ["VKD-1", "1 March 2001", "2 h 00 min", "Sergei Krikalev, Yuri Gidzenko"],
    ]
    assert 'href="/agencies/"' in response.content.decode()
    assert "Breadcrumb" in response.content.decode()
    assert '<a href="/agencies/">International cooperation</a>' in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_company_with_no_people_says_so_in_words(client, partners):
    page = text(client.get("/agencies/spacex/"))
    assert "People aboard the station 0 people" in page
    assert "No one has flown to the station for SpaceX in our records." in page
    assert "No spacewalks by people of SpaceX in our records." in page
    assert "Crew Dragon Crew 1 17 November 2020" in page


def test_an_unknown_agency_is_not_found(client, partners):
    assert client.get("/agencies/nope/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_visitors_by_country_and_agency_with_each_countrys_first(client, partners):
    response = client.get("/visitors/")
    page = text(response)
    assert "5 people from 3 countries have been aboard the station, over 6 stays" in page
    assert rows(response, "People aboard the station by nationality") == [
        # Country, people, stays, first aboard, first arrival
        ["Russia", "2", "3", "Sergei Krikalev, Yuri Gidzenko", "2 November 2000"],
        ["United States", "2", "2", "William Shepherd", "2 November 2000"],
        ["United Arab Emirates", "1", "1", "Hazza Al Mansouri", "25 September 2019"],
    ]
    assert rows(response, "People aboard the station by the agency") == [
        ["National Aeronautics and Space Administration", "2", "2"],
        ["Roscosmos", "2", "3"],
        ["Mohammed bin Rashid Space Centre", "1", "1"],
    ]
    assert "25 September 2019 : United Arab Emirates, Hazza Al Mansouri" in page


@time_machine.travel(TODAY, tick=False)
def test_visitors_plurals_for_one_person(client):
    StayFactory(astronaut=AstronautFactory(name="Solo Flyer"))
    page = text(client.get("/visitors/"))
    assert "1 person from 1 country has been aboard the station, over 1 stay," in page


def test_visitors_page_with_no_stays_says_so(client):
    page = text(client.get("/visitors/"))
    assert "No one has been recorded aboard the station yet." in page


def test_filter_menus_show_agency_names_in_full_and_keep_the_code(client, partners):
    crew = client.get("/crew/").content.decode()
    assert '<option value="MBRSC">Mohammed bin Rashid Space Centre</option>' in crew
    assert ">MBRSC</option>" not in crew
    vehicles = client.get("/vehicles/").content.decode()
    assert '<option value="RSA">Roscosmos</option>' in vehicles
    filtered = text(client.get("/vehicles/?operator=SpaceX"))
    assert "operator SpaceX" in filtered
    assert "Crew-1" in filtered and "Soyuz TM-31" not in filtered


@time_machine.travel(TODAY, tick=False)
def test_lists_name_agencies_in_full_with_links(client, partners):
    crew = client.get("/crew/").content.decode()
    assert '<a href="/agencies/mbrsc/">Mohammed bin Rashid Space Centre</a>' in crew
    modules = client.get("/modules/").content.decode()
    assert '<a href="/agencies/rsa/">Roscosmos</a>' in modules
    assert "Roscosmos" in text(client.get("/vehicles/"))


def test_sitemap_and_facts_page_lead_to_the_new_sections(client, partners):
    sitemap = whole_sitemap(client)
    for path in ("/agencies/", "/agencies/rsa/", "/visitors/"):
        assert f"{path}</loc>" in sitemap
    facts = client.get("/facts/").content.decode()
    assert 'href="/agencies/"' in facts and 'href="/visitors/"' in facts


@time_machine.travel(TODAY, tick=False)
def test_a_large_agency_shows_its_first_people_and_latest_spacewalks_with_the_way_to_all(
    client, monkeypatch
):
    from stations.views import AgencyDetailView

    monkeypatch.setattr(AgencyDetailView, "rows_shown", 2)
    esa = AgencyFactory(abbreviation="ESA", name="European Space Agency")
    people = [AstronautFactory(name=name, agency=esa) for name in ("Cea", "Abe", "Bo")]
    for day in (1, 2, 3):
        SpacewalkFactory(designation=f"EVA {day}", date=D(2010, 1, day), crew=[people[0]])
    page = client.get("/agencies/esa/").content.decode()
    assert ">Abe</a></th>" in page and ">Bo</a></th>" in page and ">Cea</a></th>" not in page
    assert '<a href="/crew/?agency=ESA">all 3 on the crew list</a>' in page
    assert ">EVA 1</a></th>" not in page
    assert ">EVA 2</a></th>" in page and ">EVA 3</a></th>" in page
    assert "<p>The first 2 by name of 3: <a " in page
    assert "<p>The latest 2 of 3; each person" in page
    assert "People aboard the station 3 people" in text(client.get("/agencies/esa/"))  # all
