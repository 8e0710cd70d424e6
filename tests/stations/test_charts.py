"""The charts on /facts/ as a visitor reads them: the title above each chart, labelled
axes, a legend, and every value written out, computed from the records."""

import re

from stations.charts import nice_ticks
from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    SpacewalkFactory,
    VisitFactory,
)
from tests.stations import D


def figure(html, title):
    """The markup of the chart whose caption is ``title``."""
    for block in re.findall(r'<figure class="chart.*?</figure>', html, re.DOTALL):
        if re.search(rf'<figcaption class="chart__title"[^>]*>{re.escape(title)}<', block):
            return block
    raise AssertionError(f"no chart titled {title!r}")


def text(markup):
    """The words shown, without the tooltips (<title>) a touch screen never shows."""
    markup = re.sub(r"<title>.*?</title>", " ", markup)
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def chart_body(block):
    return block[block.index('class="chart__body"') : block.index("<details")]


def row_texts(block):
    """Each row of the drawing as the words shown in it (axis rows first)."""
    rows = re.split(r'<div class="chart__row', chart_body(block))[1:]
    return [text("<" + row) for row in rows]


def test_nice_ticks_are_round_and_cover_the_peak():
    assert nice_ticks(23) == [0, 5, 10, 15, 20, 25]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(1) == [0, 1]
    assert nice_ticks(20) == [0, 5, 10, 15, 20]
    assert nice_ticks(140) == [0, 50, 100, 150]


def test_spacewalks_chart_has_its_title_above_axes_legend_and_every_value(client):
    for _ in range(3):
        SpacewalkFactory(date=D(2001, 5, 1))
    for _ in range(7):
        SpacewalkFactory(date=D(2003, 8, 1))
    block = figure(client.get("/facts/").content.decode(), "Spacewalks per year")
    # The title comes first, then what the chart says, then the drawing.
    assert block.index("<figcaption") < block.index('class="chart__body"')
    assert "10 spacewalks from 2001 to 2003; the busiest year was 2003, with 7." in text(block)
    assert 'role="img" aria-label="Bar chart with one bar per year' in block
    legend = text(re.search(r'<ul class="chart__legend">.*?</ul>', block, re.DOTALL).group())
    assert legend == "Spacewalks that year The busiest year"
    # Axes: titled, ticks at round numbers up to the first one past the peak.
    axis, *rows = row_texts(block)
    assert axis == "Year Number of spacewalks 0 2 4 6 8"
    # One row per year, a year without spacewalks included, its number beside its bar.
    assert rows == ["2001 3", "2002 0", "2003 7"]
    body = chart_body(block)
    assert re.findall(r'<rect class="chart__bar[^"]*" x="0" y="15%" width="([\d.]+)%"', body) == [
        "37.5",  # 3 of 8
        "0.0",
        "87.5",  # 7 of 8
    ]
    assert body.count("chart__bar--accent") == 1
    assert re.search(r'chart__bar--accent" x="0" y="15%" width="87.5%"', body)
    # Gridlines at each tick, in every row.
    assert body.count('<line class="chart__grid" x1="50.0%"') == 3
    # The data table stays.
    assert '<th scope="row">2002</th><td class="num">0</td>' in block


def test_a_tie_for_the_busiest_year_names_both(client):
    SpacewalkFactory(date=D(2001, 5, 1))
    SpacewalkFactory(date=D(2002, 5, 1))
    block = figure(client.get("/facts/").content.decode(), "Spacewalks per year")
    assert (
        "2 spacewalks from 2001 to 2002; the busiest years were 2001 and 2002, "
        "with 1 spacewalk each."
    ) in text(block)
    assert chart_body(block).count("chart__bar--accent") == 2


def test_expedition_timeline_has_a_row_per_year_with_each_expedition_numbered(client):
    ExpeditionFactory(number=1, start=D(2000, 11, 2), end=D(2001, 3, 19))
    ExpeditionFactory(number=2, start=D(2001, 3, 19), end=D(2001, 8, 20))
    ExpeditionFactory(number=3, start=D(2001, 8, 20), end=None)
    DataSourceFactory(key="snapshot", current_to=D(2002, 3, 1))
    block = figure(client.get("/facts/").content.decode(), "Expeditions year by year")
    assert block.index("<figcaption") < block.index('class="chart__body"')
    # 137 and 154 days: 145.5 days on average, about 5 months.
    assert (
        "3 expeditions, one after another, from Expedition 1 in 2000 to Expedition 3; "
        "on average each lasted about 5 months."
    ) in text(block)
    legend = text(re.search(r'<ul class="chart__legend">.*?</ul>', block, re.DOTALL).group())
    assert legend == (
        "An expedition, its number on the bar (two shades tell neighbours apart) "
        "Under way at our newest record, 1 March 2002"
    )
    axis, *rows = row_texts(block)
    assert axis == "Year Jan Apr Jul Oct"
    assert rows == ["2000 1", "2001 1 2 3", "2002 3"]
    body = chart_body(block)
    # 2000 is a leap year: Expedition 1 begins on day 306 of 366 and fills the 60 left.
    assert '<rect class="chart__bar" x="83.61%" y="0" width="16.39%"' in body
    # Expedition 2 in the alternate shade; 3 still under way, to the newest record.
    assert '<rect class="chart__bar chart__bar--alternate" x="21.1%"' in body
    accent = re.findall(r'chart__bar--accent" x="([\d.]+)%" y="0" width="([\d.]+)%"', body)
    # From 20 August, day 231 of 2001, to the year's end; then 59 days of 2002.
    assert accent == [("63.29", "36.71"), ("0.0", "16.16")]
    assert '<th scope="row">3</th><td><time datetime="2001-08-20">20 August 2001</time></td>' in (
        block
    )


def test_a_short_stretch_of_an_expedition_is_drawn_but_not_numbered(client):
    ExpeditionFactory(number=1, start=D(2001, 1, 1), end=D(2001, 12, 20))
    ExpeditionFactory(number=2, start=D(2001, 12, 20), end=D(2002, 6, 1))
    block = figure(client.get("/facts/").content.decode(), "Expeditions year by year")
    _axis, *rows = row_texts(block)
    # Eleven days of Expedition 2 in 2001: a sliver, too narrow for its number.
    assert rows == ["2001 1", "2002 2"]
    assert chart_body(block).count("<title>Expedition 2</title>") == 2


def test_port_chart_names_each_port_counts_its_vehicles_and_explains_colours(client):
    VisitFactory(
        name="Soyuz TM-31",
        arrival_date=D(2000, 11, 2),
        departure_date=D(2001, 5, 6),
        port="Zvezda aft",
    )
    VisitFactory(
        name="Progress M1-4",
        arrival_date=D(2001, 6, 1),
        departure_date=D(2001, 12, 1),
        port="Zvezda aft",
    )
    VisitFactory(
        name="Progress M-45",
        arrival_date=D(2004, 8, 1),
        departure_date=None,
        port="Pirs nadir",
    )
    DataSourceFactory(key="snapshot", current_to=D(2005, 6, 1))
    block = figure(client.get("/facts/").content.decode(), "Docking port occupancy")
    assert block.index("<figcaption") < block.index('class="chart__body"')
    assert (
        "3 vehicle visits to 2 ports from 2000 to 2005; the busiest port was Zvezda aft, with 2."
    ) in text(block)
    legend = text(re.search(r'<ul class="chart__legend">.*?</ul>', block, re.DOTALL).group())
    assert legend == ("A vehicle's time at the port Still there at our newest record, 1 June 2005")
    axis, *rows = row_texts(block)
    assert axis == "Port 2005 Vehicles"
    assert rows == ["Pirs nadir 1", "Zvezda aft 2"]
    body = chart_body(block)
    assert body.count("chart__bar--accent") == 1
    assert re.search(r"chart__bar--accent[^>]*><title>Progress M-45, Pirs nadir</title>", body)


def test_no_records_no_charts(client):
    html = client.get("/facts/").content.decode()
    assert 'class="chart' not in html


def test_crew_chips_spell_out_the_agency_and_link_to_it(client):
    nasa = AgencyFactory(abbreviation="NASA", name="National Aeronautics and Space Administration")
    spacex = AgencyFactory(abbreviation="SpaceX", name="SpaceX")
    whitson = AstronautFactory(name="Peggy Whitson", agency=nasa)
    crew_member = AstronautFactory(name="A. Private", agency=spacex)
    expedition = ExpeditionFactory(number=16)
    ExpeditionMemberFactory(expedition=expedition, astronaut=whitson, role="commander")
    ExpeditionMemberFactory(expedition=expedition, astronaut=crew_member)
    visit = VisitFactory(name="Soyuz TMA-11", crew=[whitson, crew_member])
    spacewalk = SpacewalkFactory(crew=[whitson])
    chip = (
        f'<a class="agency-chip" href="{nasa.get_absolute_url()}">'
        '<abbr class="code" title="National Aeronautics and Space Administration">NASA</abbr> '
        '<span class="agency-chip__name">National Aeronautics and Space Administration</span></a>'
    )
    # A code that is the name itself is not spelt out twice.
    plain = (
        f'<a class="agency-chip" href="{spacex.get_absolute_url()}">'
        '<abbr class="code" title="SpaceX">SpaceX</abbr></a>'
    )
    for url in ("/expeditions/16/", visit.get_absolute_url()):
        html = client.get(url).content.decode()
        assert chip in html and plain in html, url
    assert chip in client.get(spacewalk.get_absolute_url()).content.decode()
    assert client.get(nasa.get_absolute_url()).status_code == 200
