import datetime
import re

import pytest
import time_machine

from stations.models import ExpeditionMember
from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    CommandTermFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    ModuleFactory,
    SpacecraftTypeFactory,
    SpacewalkFactory,
    StayFactory,
    VisitFactory,
)
from tests.stations import TODAY, D


def listed_expeditions(response):
    return [
        int(n)
        for n in re.findall(r'<a href="/expeditions/(\d+)/">Expedition', response.content.decode())
    ]


@pytest.fixture
def history():
    nasa = AgencyFactory(abbreviation="NASA", name="NASA")
    rsa = AgencyFactory(abbreviation="RSA", name="Roscosmos", country="RU")
    shepherd = AstronautFactory(name="William Shepherd", slug="william-shepherd", agency=nasa)
    krikalev = AstronautFactory(
        name="Sergei Krikalev",
        slug="sergei-krikalev",
        agency=rsa,
        nationality="RU",
        aliases="Sergey Krikalyov",
    )
    usachev = AstronautFactory(
        name="Yury Usachev", slug="yury-usachev", agency=rsa, nationality="RU"
    )
    e1 = ExpeditionFactory(number=1, start=D(2000, 11, 2), end=D(2001, 3, 18))
    e2 = ExpeditionFactory(number=2, start=D(2001, 3, 18), end=D(2001, 8, 20))
    e3 = ExpeditionFactory(number=3, start=D(2025, 4, 20), end=None)
    ExpeditionMemberFactory(expedition=e1, astronaut=shepherd, role=ExpeditionMember.Role.COMMANDER)
    ExpeditionMemberFactory(expedition=e1, astronaut=krikalev)
    ExpeditionMemberFactory(expedition=e2, astronaut=usachev, role=ExpeditionMember.Role.COMMANDER)
    ExpeditionMemberFactory(expedition=e3, astronaut=krikalev, role=ExpeditionMember.Role.COMMANDER)
    # Expedition 1 came up in Soyuz TM-31 and went home in STS-102; Usachev the other way.
    tm31 = VisitFactory(
        name="Soyuz TM-31", arrival_date=D(2000, 11, 2), departure_date=D(2001, 5, 6)
    )
    sts102 = VisitFactory(
        name="STS-102", arrival_date=D(2001, 3, 10), departure_date=D(2001, 3, 19)
    )
    sts105 = VisitFactory(
        name="STS-105", arrival_date=D(2001, 8, 12), departure_date=D(2001, 8, 20)
    )
    soyuz = VisitFactory(name="Soyuz MS-27", arrival_date=D(2025, 4, 10), departure_date=None)
    for person in (shepherd, krikalev):
        StayFactory(astronaut=person, arrival_vehicle=tm31, departure_vehicle=sts102)
    StayFactory(astronaut=usachev, arrival_vehicle=sts102, departure_vehicle=sts105)
    StayFactory(astronaut=krikalev, arrival_vehicle=soyuz, departure_vehicle=None)
    # The newest record: a snapshot of 15 June 2025.
    DataSourceFactory(key="snapshot", name="Snapshot", current_to=D(2025, 6, 15))
    return {
        "e1": e1,
        "e2": e2,
        "e3": e3,
        "shepherd": shepherd,
        "krikalev": krikalev,
        "usachev": usachev,
    }


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 2, 3]),
        ("on=2000-11-02", [1]),  # first day
        ("on=2001-03-18", [1, 2]),  # handover: last day of one, first of the next
        ("on=2001-08-20", [2]),
        ("on=2001-08-21", []),
        ("on=2025-06-15", [3]),  # one with no end counts until the newest record
        ("on=2025-06-16", []),  # and not after it
        ("active_after=2001-08-20&active_before=2001-08-20", [2]),
        ("active_after=2001-08-21&active_before=2025-04-19", []),
        ("active_after=2024-01-01", [3]),
        ("active_before=2000-11-02", [1]),
        ("start_after=2001-03-18", [2, 3]),
        ("start_before=2001-03-18", [1, 2]),
        ("end_after=2001-03-18&end_before=2001-03-18", [1]),
        ("ongoing=true", [3]),
        ("ongoing=false", [1, 2]),
        ("agency=RSA", [1, 2, 3]),
        ("agency=NASA", [1]),
        ("crew=krikalyov", [1, 3]),
        ("crew=Usachev", [2]),
        ("agency=NASA&on=2001-03-18", [1]),
        ("o=-number", [3, 2, 1]),
        ("o=-start&ongoing=false", [2, 1]),
    ],
)
def test_expedition_filters(client, history, query, expected):
    response = client.get(f"/expeditions/?{query}")
    assert response.status_code == 200
    assert listed_expeditions(response) == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("on=2024-13-40", "on", "Enter a valid date."),
        ("start_after=yesterday", "start_after", "Enter a valid date."),
        ("active_after=2010-01-01&active_before=2009-01-01", "active_before", "before the"),
        ("end_after=2010-01-01&end_before=2009-01-01", "end_before", "before the"),
        ("agency=XYZ", "agency", "Select a valid choice."),
    ],
)
def test_invalid_filters_show_the_error_next_to_the_field(client, history, query, field, message):
    response = client.get(f"/expeditions/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    # The error list is rendered inside the field's group, before its input.
    group = re.search(r'<div class="field field--error">(.*?)</div>', html, re.S).group(1)
    assert f'id="id_{field}_error"' in group or f'for="id_{field}"' in group
    assert message in group
    assert "the filter has errors" in html
    assert listed_expeditions(response) == []


def test_empty_result_says_what_was_searched(client, history):
    html = client.get("/expeditions/?on=1990-01-01").content.decode()
    assert "0 expeditions match your filters" in html
    assert "Filtered: running on 1 January 1990." in html


def test_pagination_keeps_the_filters(client):
    for number in range(1, 31):
        ExpeditionFactory(
            number=number,
            start=D(2000, 1, 1) + datetime.timedelta(days=10 * number),
            end=None if number == 30 else D(2000, 1, 1) + datetime.timedelta(days=10 * number + 10),
        )
    response = client.get("/expeditions/?start_after=2000-01-01&o=-number")
    html = response.content.decode()
    assert "30 expeditions match your filters" in html
    assert listed_expeditions(response)[:2] == [30, 29]
    assert 'href="?start_after=2000-01-01&amp;o=-number&amp;page=2"' in html
    second = client.get("/expeditions/?start_after=2000-01-01&o=-number&page=2")
    assert listed_expeditions(second) == [5, 4, 3, 2, 1]


@time_machine.travel(TODAY, tick=False)
def test_expedition_detail(client, history):
    spacewalk = SpacewalkFactory(
        designation="VKD-1", date=D(2001, 6, 8), expedition=history["e2"], crew=[history["usachev"]]
    )
    VisitFactory(name="STS-100", arrival_date=D(2001, 4, 21), departure_date=D(2001, 4, 29))
    html = client.get("/expeditions/2/").content.decode()
    assert "<h1>Expedition 2</h1>" in html
    assert "155 days" in html
    assert "Yury Usachev" in html and "Commander" in html
    assert spacewalk.get_absolute_url() in html
    assert "STS-100" in html
    assert 'href="/expeditions/1/" rel="prev"' in html
    assert 'href="/expeditions/3/" rel="next"' in html

    ongoing = client.get("/expeditions/3/").content.decode()
    assert 'No later record (as of <time datetime="2025-06-15">15 June 2025</time>)' in ongoing
    assert "56 days to" in ongoing and "In progress" not in ongoing
    assert client.get("/expeditions/404/").status_code == 404


def test_expedition_pages_name_commanders_crews_and_neighbours(client):
    first = ExpeditionFactory(number=6, start=D(2003, 1, 1), end=D(2003, 5, 1))
    gap = ExpeditionFactory(number=8, start=D(2003, 10, 1), end=D(2004, 4, 1))
    last = ExpeditionFactory(number=9, start=D(2004, 4, 2), end=D(2004, 10, 1))
    boss = AstronautFactory(name="Kenneth Bowersox")
    ExpeditionMemberFactory(expedition=first, astronaut=boss, role=ExpeditionMember.Role.COMMANDER)
    ExpeditionMemberFactory(expedition=first, astronaut=AstronautFactory(name="Nikolai Budarin"))
    walkers = [AstronautFactory(name="Michael Foale"), AstronautFactory(name="Alexander Kaleri")]
    SpacewalkFactory(designation="VKD-10", date=D(2004, 2, 26), expedition=gap, crew=walkers)

    listing = client.get("/expeditions/").content.decode()
    row = re.search(r"Expedition 6</a></th>(.*?)</tr>", listing, re.S).group(1)
    assert "Kenneth Bowersox" in row and "Nikolai Budarin" not in row
    assert re.search(r'<td class="num">2</td>\s*$', row)  # crew count

    middle = client.get("/expeditions/8/").content.decode()
    assert "Alexander Kaleri and Michael Foale" in middle  # by name
    # The neighbours are the nearest numbers there are, gaps skipped.
    assert 'href="/expeditions/6/" rel="prev"' in middle
    assert 'href="/expeditions/9/" rel="next"' in middle
    assert 'rel="next"' not in client.get(last.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in client.get(first.get_absolute_url()).content.decode()


def test_crew_filters_and_detail(client, history):
    SpacewalkFactory(
        date=D(2001, 1, 1), duration=datetime.timedelta(hours=5), crew=[history["krikalev"]]
    )
    SpacewalkFactory(
        date=D(2001, 2, 1),
        duration=datetime.timedelta(hours=2, minutes=15),
        crew=[history["krikalev"]],
    )
    html = client.get("/crew/?name=Krikalyov").content.decode()
    assert "Sergei Krikalev" in html and "William Shepherd" not in html
    # Expeditions, then spacewalks, counted for each person.
    row = re.search(r"Sergei Krikalev</a></th>.*?</tr>", html, re.S).group()
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["2", "2"]
    html = client.get("/crew/?nationality=RU&agency=RSA").content.decode()
    assert "Yury Usachev" in html and "William Shepherd" not in html
    detail = client.get("/crew/sergei-krikalev/").content.decode()
    assert "Also written: Sergey Krikalyov" in detail
    assert "7 h 15 min in total" in detail
    assert 'href="/expeditions/1/"' in detail


def test_spacewalk_list_filters_and_totals(client, history):
    SpacewalkFactory(
        designation="A",
        date=D(2001, 1, 1),
        duration=datetime.timedelta(hours=5),
        crew=[history["krikalev"]],
    )
    SpacewalkFactory(
        designation="B",
        date=D(2002, 1, 1),
        duration=datetime.timedelta(hours=8),
        crew=[history["usachev"]],
    )
    SpacewalkFactory(
        designation="C",
        date=D(2002, 5, 1),
        duration=datetime.timedelta(hours=1),
        crew=[history["usachev"]],
    )
    html = client.get("/spacewalks/?year=2002").content.decode()
    assert "Listed: 2 spacewalks, 9 h 00 min in total." in html
    html = client.get("/spacewalks/?crew=krikalyov").content.decode()
    assert "Listed: 1 spacewalk, 5 h 00 min in total." in html
    html = client.get("/spacewalks/?o=-duration").content.decode()
    assert html.index(">B</a>") < html.index(">A</a>") < html.index(">C</a>")
    html = client.get("/spacewalks/?date_after=2002-02-01&date_before=2001-01-01").content.decode()
    assert "This date is before the" in html
    # Each row names its crew, in name order, each linking to the person's page.
    SpacewalkFactory(
        designation="D",
        date=D(2003, 1, 1),
        crew=[history["usachev"], history["krikalev"]],
    )
    row = re.search(r">D</a></th>.*?</tr>", client.get("/spacewalks/").content.decode(), re.S)
    assert (
        '<a href="/crew/sergei-krikalev/">Sergei Krikalev</a>, '
        '<a href="/crew/yury-usachev/">Yury Usachev</a></td>'
    ) in row.group()


@time_machine.travel(TODAY, tick=False)
def test_vehicle_filters(client, history):
    cargo = SpacecraftTypeFactory(name="Progress MS", purpose="cargo")
    VisitFactory(
        name="Progress MS-31",
        spacecraft_type=cargo,
        arrival_date=D(2025, 7, 5) - datetime.timedelta(days=60),
        departure_date=None,
    )
    VisitFactory(name="Soyuz MS-26", arrival_date=D(2024, 9, 11), departure_date=D(2025, 4, 20))
    html = client.get("/vehicles/?docked_now=on").content.decode()
    assert "Progress MS-31" in html and "Soyuz MS-26" not in html
    html = client.get("/vehicles/?purpose=crew").content.decode()
    assert "Soyuz MS-26" in html and "Progress MS-31" not in html
    html = client.get("/vehicles/?at_station_after=2025-04-21").content.decode()
    assert "Progress MS-31" in html and "Soyuz MS-26" not in html
    assert "Soyuz MS-26" in client.get("/vehicles/soyuz-ms-26/").content.decode()


@time_machine.travel(datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC), tick=False)
def test_aboard_page(client, history):
    tito = AstronautFactory(name="Dennis Tito", slug="dennis-tito")
    tm32 = VisitFactory(
        name="Soyuz TM-32", arrival_date=D(2001, 4, 30), departure_date=D(2001, 10, 31), crew=[tito]
    )
    tm31 = history["shepherd"].stays.get().arrival_vehicle
    StayFactory(astronaut=tito, arrival_vehicle=tm32, departure_vehicle=tm31)

    def people(html):
        return re.findall(r'<li><a href="/crew/[^"]+/">([^<]+)</a>', html)

    html = client.get("/aboard/?on=2001-05-01").content.decode()
    assert "Expedition 2" in html
    assert people(html) == ["Dennis Tito", "Yury Usachev"]
    assert "Soyuz TM-32" in html
    # Tito went home in Soyuz TM-31 on 6 May; TM-32 stayed.
    assert people(client.get("/aboard/?on=2001-05-06").content.decode()) == [
        "Dennis Tito",
        "Yury Usachev",
    ]
    html = client.get("/aboard/?on=2001-05-07").content.decode()
    assert people(html) == ["Yury Usachev"] and "Soyuz TM-32" in html
    # Expedition 1 left in STS-102 on 19 March, after Expedition 2 began.
    assert people(client.get("/aboard/?on=2001-03-19").content.decode()) == [
        "Sergei Krikalev",
        "William Shepherd",
        "Yury Usachev",
    ]
    # With no date: the day of the newest record, never today.
    latest = client.get("/aboard/").content.decode()
    assert 'Who was aboard on <time datetime="2025-06-15">15 June 2025</time>' in latest
    assert "Expedition 3" in latest and people(latest) == ["Sergei Krikalev"]
    assert "both days count" in latest
    after = client.get("/aboard/?on=2026-11-29").content.decode()
    assert "is after our newest record" in after and people(after) == []
    assert "Soyuz MS-27" not in after
    bad = client.get("/aboard/?on=2001-02-30")
    assert bad.status_code == 200
    assert "Enter a valid date." in bad.content.decode()


@time_machine.travel(datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC), tick=False)
def test_a_kept_day_aboard_follows_a_saved_change(
    client, history, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    assert "Dennis Tito" not in client.get("/aboard/?on=2001-05-01").content.decode()
    tito = AstronautFactory(name="Dennis Tito", slug="dennis-tito")
    visit = VisitFactory(arrival_date=D(2001, 4, 30), departure_date=D(2001, 10, 31))
    StayFactory(astronaut=tito, arrival_vehicle=visit)  # not committed: the day is kept
    assert "Dennis Tito" not in client.get("/aboard/?on=2001-05-01").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        tito.save()
    assert "Dennis Tito" in client.get("/aboard/?on=2001-05-01").content.decode()


def test_crew_page_lists_stays_and_counts_days_aboard(client, history):
    html = client.get("/crew/william-shepherd/").content.decode()
    # 2 November 2000 to 19 March 2001, both days counted.
    assert "<dt>Days aboard the station</dt><dd>138</dd>" in html
    assert re.search(r"with <a href=\"/vehicles/soyuz-tm-31/\">Soyuz TM-31</a>", html)
    assert re.search(r"with <a href=\"/vehicles/sts-102/\">STS-102</a>", html)
    krikalev = client.get("/crew/sergei-krikalev/").content.decode()
    # 138 days, then 10 April to 15 June 2025 (67) with no later record.
    assert "<dt>Days aboard the station</dt><dd>205</dd>" in krikalev
    assert "No later record: aboard as of" in krikalev


@time_machine.travel(datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC), tick=False)
def test_vehicle_page_speaks_as_of_the_newest_record(client, history):
    html = client.get("/vehicles/soyuz-ms-27/").content.decode()
    assert 'No later record: at the station as of <time datetime="2025-06-15">' in html
    assert "Still at the station" not in html
    sts102 = client.get("/vehicles/sts-102/").content.decode()
    home = sts102.split('id="home-heading"', 1)[1].split("</ul>", 1)[0]
    assert "William Shepherd" in home and "Sergei Krikalev" in home


def test_an_expedition_shows_each_commanders_term_and_the_list_first_and_last(client):
    e65 = ExpeditionFactory(number=65, start=D(2021, 4, 17), end=D(2021, 10, 17))
    e64 = ExpeditionFactory(number=64, start=D(2020, 10, 21), end=D(2021, 4, 17))
    walker = AstronautFactory(name="Shannon Walker")
    hoshide = AstronautFactory(name="Akihiko Hoshide")
    pesquet = AstronautFactory(name="Thomas Pesquet")
    for person in (walker, hoshide, pesquet):
        ExpeditionMemberFactory(expedition=e65, astronaut=person, role="commander")
    ExpeditionMemberFactory(
        expedition=e64, astronaut=AstronautFactory(name="Sergey Ryzhikov"), role="commander"
    )
    # Entered out of order; shown in order of the day command was taken.
    CommandTermFactory(expedition=e65, astronaut=pesquet, start=D(2021, 10, 4))
    CommandTermFactory(expedition=e65, astronaut=walker, end=D(2021, 4, 28))
    CommandTermFactory(expedition=e65, astronaut=hoshide, start=D(2021, 4, 28), end=D(2021, 10, 4))

    page = client.get("/expeditions/65/").content.decode()
    command = re.search(r'<h2 id="command-heading">Command</h2>(.*?)</section>', page, re.S)
    items = [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r"<li>(.*?)</li>", command.group(1), re.S)
    ]
    assert items == [
        "Shannon Walker : from 17 April 2021 to 28 April 2021",
        "Akihiko Hoshide : from 28 April 2021 to 4 October 2021",
        "Thomas Pesquet : from 4 October 2021 to 17 October 2021",
    ]
    # No change of command recorded: no command section, the crew roles say it all.
    assert 'id="command-heading"' not in client.get("/expeditions/64/").content.decode()

    listing = client.get("/expeditions/").content.decode()
    row = re.search(r"Expedition 65</a></th>(.*?)</tr>", listing, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", row)
    assert "Shannon Walker →, then Thomas Pesquet" in text
    assert "Akihiko Hoshide" not in text
    row = re.search(r"Expedition 64</a></th>(.*?)</tr>", listing, re.S).group(1)
    assert "Sergey Ryzhikov" in row


def test_an_open_command_term_runs_to_the_newest_record_only(client):
    e74 = ExpeditionFactory(number=74, start=D(2025, 12, 9), end=None)
    VisitFactory(arrival_date=D(2026, 4, 28), departure_date=None)
    CommandTermFactory(
        expedition=e74,
        astronaut=AstronautFactory(name="Sergey Kud-Sverchkov"),
        start=D(2026, 1, 12),
    )
    page = client.get(e74.get_absolute_url()).content.decode()
    assert (
        'from <time datetime="2026-01-12">12 January 2026</time> to no later record '
        '(in command as of <time datetime="2026-04-28">28 April 2026</time>)'
    ) in re.sub(r"\s+", " ", page)


def test_modules_in_order_of_launch(client):
    ModuleFactory(name="Unity", position=2, launch_date=D(1998, 12, 4))
    ModuleFactory(name="Zarya", position=1, launch_date=D(1998, 11, 20), mass_kg=19323)
    html = client.get("/modules/").content.decode()
    assert html.index("Zarya") < html.index("Unity")
    assert "19,323 kg" in html


@time_machine.travel(TODAY, tick=False)
def test_pages_credit_sources_by_name_link_and_licence_never_by_staff_notes(client, history):
    """Provenance for people (issue 14 §4): names, links, licences and as-of; no staff notes."""
    from stations.models import DataSource

    staff_only = "derived.csv seq 4 (LL2); likely CC BY 4.0, time is a placeholder"
    snapshot = DataSource.objects.get(key="snapshot")
    snapshot.url = "https://example.org/snapshot"
    snapshot.license = "Creative Commons Attribution (CC BY)"
    snapshot.notes = staff_only
    snapshot.save()
    spacewalk = SpacewalkFactory(
        date=D(2001, 1, 10), source=snapshot, source_detail=staff_only, crew=[history["shepherd"]]
    )
    history["e1"].source_detail = staff_only
    history["e1"].source = snapshot
    history["e1"].save()
    for url in ["/expeditions/1/", spacewalk.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert staff_only not in html and "derived.csv" not in html
        assert (
            '<a href="https://example.org/snapshot">Snapshot</a> '
            "(Creative Commons Attribution (CC BY))" in html
        )
    html = client.get("/data-sources/").content.decode()
    assert "Creative Commons Attribution (CC BY)" in html and staff_only not in html

    # List pages say which sources the listed records come from, and how current they are.
    as_of = '· as of <time datetime="2025-06-15">15 June 2025</time>.'
    html = client.get("/expeditions/").content.decode()
    assert (
        f'Sources: <a href="https://example.org/snapshot">Snapshot</a>; Test dataset {as_of}'
        in html
    )
    html = client.get("/expeditions/?ongoing=true").content.decode()
    assert f"Source: Test dataset {as_of}" in html
    html = client.get("/spacewalks/").content.decode()
    assert f'Source: <a href="https://example.org/snapshot">Snapshot</a> {as_of}' in html
    for url in ["/crew/", "/vehicles/", "/facts/", "/aboard/"]:
        html = client.get(url).content.decode()
        assert "Test dataset" in html and as_of in html, url
    # The sources of the day asked for: no stay, vehicle or expedition of 2001 is the snapshot's
    # but Expedition 1.
    html = client.get("/aboard/?on=2000-11-03").content.decode()
    assert 'Sources: <a href="https://example.org/snapshot">Snapshot</a>; Test dataset' in html
    html = client.get("/aboard/?on=2025-06-01").content.decode()
    assert f"Source: Test dataset {as_of}" in html


def test_each_element_has_its_own_page(client):
    nasa = AgencyFactory(abbreviation="NASA", name="National Aeronautics and Space Administration")
    source = DataSourceFactory(key="iss_updates_2026", name="ISS updates 2026")
    sts_134 = VisitFactory(name="STS-134", slug="sts-134", arrival_date=D(2011, 5, 18))
    ModuleFactory(name="Zarya", slug="zarya", position=1, launch_date=D(1998, 11, 20))
    ModuleFactory(
        name="AMS-02 (Alpha Magnetic Spectrometer)",
        slug="ams-02",
        kind="science payload",
        agency=nasa,
        launch_date=D(2011, 5, 16),
        attached_date=D(2011, 5, 19),
        launch_vehicle="Space Shuttle Endeavour (STS-134)",
        delivered_by=sts_134,
        location="S3 truss, upper payload attach point",
        mass_kg=6918,
        position=2,
        source=source,
        source_detail="external_elements.csv (high): internal note",
    )
    listing = client.get("/modules/").content.decode()
    assert '<a href="/modules/ams-02/">AMS-02 (Alpha Magnetic Spectrometer)</a>' in listing

    html = client.get("/modules/ams-02/").content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    assert 'href="/modules/"' in crumbs and "AMS-02 (Alpha Magnetic Spectrometer)" in crumbs
    facts = {
        " ".join(re.sub(r"<[^>]+>", " ", dt).split()): " ".join(re.sub(r"<[^>]+>", " ", dd).split())
        for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, re.S)
    }
    assert facts["Kind"] == "Science payload"
    assert facts["Agency"] == "National Aeronautics and Space Administration (NASA)"
    assert '<a href="/agencies/nasa/">National Aeronautics and Space Administration</a>' in html
    assert facts["Launched"] == "16 May 2011"
    assert facts["Launched on"] == "Space Shuttle Endeavour (STS-134)"
    assert facts["Flight"] == "STS-134"
    assert facts["Attached"] == "19 May 2011"
    assert facts["Attached to"] == "S3 truss, upper payload attach point"
    assert facts["Mass"] == "6,918 kg"
    assert '<a href="/vehicles/sts-134/">STS-134</a>' in html
    assert '<a href="/data-sources/#iss_updates_2026">ISS updates 2026</a>' in html
    # Internal notes stay in the admin.
    assert "internal note" not in html
    # The flight's page names what it delivered.
    visit_page = client.get("/vehicles/sts-134/").content.decode()
    assert '<a href="/modules/ams-02/">AMS-02 (Alpha Magnetic Spectrometer)</a>' in visit_page
    # An element with no attachment day says so rather than guessing one.
    assert "No attachment day in our sources" in client.get("/modules/zarya/").content.decode()
    assert client.get("/modules/no-such-element/").status_code == 404
