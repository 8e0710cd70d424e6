"""Every public page type fits a phone: 320, 360, 390 and 414 px wide, no sideways scrolling.

Wide tables scroll inside their own box, charts fit the screen with legible text, the
list filters fold behind a "Filter" disclosure, and no form control is wider than the
screen. The pages whose layout changed for phones pass axe-core at 390 px, in light and
dark schemes.
"""

import pytest

from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    ModuleFactory,
    SpacewalkFactory,
    StayFactory,
    VisitFactory,
)
from tests.media_gallery.factories import GalleryImageFactory, ImageFactory, gallery_with_images
from tests.news.factories import ArticleFactory, BlogPostFactory
from tests.stations import D

WIDTHS = (320, 360, 390, 414)


@pytest.fixture(autouse=True)
def _media(serve_media):
    """Pictures on these pages come from the live server's /media/."""


@pytest.fixture
def site():
    """One of every public page, with the long names and numbers that stretch layouts."""
    long_source = DataSourceFactory(
        key="long",
        name="A dataset with a long name",
        url="https://example.org/datasets/international-space-station/expeditions-and-crews.csv",
    )
    agency = AgencyFactory(abbreviation="NGSPACE", name="Northrop Grumman Space Systems")
    whitson = AstronautFactory(
        name="Peggy Annette Whitson-Longername", slug="peggy-whitson", agency=agency
    )
    shepherd = AstronautFactory(name="William Shepherd", slug="william-shepherd")
    e1 = ExpeditionFactory(number=1, start=D(2000, 11, 2), end=D(2001, 3, 18), source=long_source)
    e2 = ExpeditionFactory(number=2, start=D(2001, 3, 18), end=None)
    for expedition in (e1, e2):
        ExpeditionMemberFactory(expedition=expedition, astronaut=whitson, role="commander")
        ExpeditionMemberFactory(expedition=expedition, astronaut=shepherd)
    spacewalk = SpacewalkFactory(
        designation="US EVA 1", date=D(2001, 2, 10), expedition=e1, crew=[whitson, shepherd]
    )
    visit = VisitFactory(
        name="Soyuz TM-31",
        arrival_date=D(2000, 11, 2),
        departure_date=D(2001, 5, 6),
        crew=[whitson, shepherd],
        port="Zvezda aft",
    )
    VisitFactory(name="Cygnus NG-23", arrival_date=D(2025, 7, 5), departure_date=None)
    StayFactory(astronaut=whitson, arrival_vehicle=visit)
    ModuleFactory(name="Zarya", launch_date=D(1998, 11, 20))
    article = ArticleFactory(
        title="Expedition 1 arrives", slug="expedition-1-arrives", tags=["Crew"]
    )
    BlogPostFactory(title="A day aboard", tags=["Crew"])
    gallery = gallery_with_images(0, title="Station outlines", slug="outlines")
    image = ImageFactory(title="The finished station", width=1200, height=800)
    GalleryImageFactory(gallery=gallery, image=image, position=1)
    return {
        "article": article,
        "gallery": gallery,
        "image": image,
        "spacewalk": spacewalk,
        "visit": visit,
    }


def public_pages(site):
    gallery = site["gallery"]
    return [
        "/",
        "/expeditions/",
        "/expeditions/?start_after=2000-01-01&ongoing=false",
        "/expeditions/1/",
        "/crew/",
        "/crew/peggy-whitson/",
        "/spacewalks/",
        site["spacewalk"].get_absolute_url(),
        "/vehicles/",
        site["visit"].get_absolute_url(),
        "/modules/",
        "/aboard/?on=2001-01-01",
        "/facts/",
        "/data-sources/",
        "/agencies/",
        "/agencies/ngspace/",
        "/visitors/",
        "/faq/",
        "/records/",
        "/news/",
        site["article"].get_absolute_url(),
        "/news/tags/crew/",
        "/blog/",
        "/gallery/",
        gallery.get_absolute_url(),
        f"{gallery.get_absolute_url()}{site['image'].pk}/",
        "/search/?q=whitson",
        "/no-such-page/",
    ]


# What sticks out: the page's own width, and any visible form control wider than the
# screen or reaching past its right edge.
MEASURE = """() => {
  const width = window.innerWidth;
  const controls = [...document.querySelectorAll('input, select, textarea, button, summary')]
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.width > 0 && (r.width > width || r.right > width + 0.5))
    .map(([el, r]) => `${el.tagName}#${el.id || el.name || ''} ${Math.round(r.right)}`);
  return {scrollWidth: document.documentElement.scrollWidth, width, controls};
}"""


def too_wide(page, url, width):
    found = page.evaluate(MEASURE)
    problems = []
    if found["scrollWidth"] > found["width"]:
        problems.append(f"{url} at {width} px: the page is {found['scrollWidth']} px wide")
    problems += [f"{url} at {width} px: {control}" for control in found["controls"]]
    return problems


def test_every_public_page_fits_phone_widths(browser, live_server, site):
    pages = public_pages(site)
    problems = []
    for width in WIDTHS:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 800}
        )
        page = context.new_page()
        for url in pages:
            response = page.goto(url)
            assert response.status == (404 if url == "/no-such-page/" else 200), url
            problems += too_wide(page, url, width)
            if page.locator("details.filters-disclosure").count():
                # The folded filter, opened: its fields fit too.
                page.click("details.filters-disclosure > summary")
                assert page.locator("form.filters button[type=submit]").is_visible()
                problems += too_wide(page, f"{url} (filter open)", width)
        context.close()
    assert problems == []


def test_filter_folds_on_a_phone_and_summarises_what_is_active(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto("/expeditions/?start_after=2000-01-01&ongoing=false")
    # Folded: the results come first on the screen, the fields are hidden until asked for.
    assert page.locator("details.filters-disclosure > summary").inner_text() == "Filter (2 active)"
    assert not page.locator("#id_start_after").is_visible()
    assert page.locator("table.data").bounding_box()["y"] < 800
    summary = page.locator(".active-filters").inner_text()
    assert summary == (
        "Filtered: started on or after 1 January 2000 · finished only. Clear the filters"
    )
    assert page.locator(".result-count").inner_text() == "1 expedition matches your filters."
    # The table scrolls in its own labelled, focusable box, with a visible hint.
    box = page.get_by_role("region", name="Expeditions, scrollable table")
    assert box.get_attribute("tabindex") == "0"
    assert page.get_by_text("Scroll the table sideways to see every column.").is_visible()
    page.click("details.filters-disclosure > summary")
    assert page.locator("#id_start_after").is_visible()
    context.close()


def test_filter_stays_open_beside_the_results_on_a_wide_screen(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/expeditions/")
    assert not page.locator("details.filters-disclosure > summary").is_visible()
    assert page.locator("#id_on").is_visible()
    assert page.get_by_role("heading", name="Filter").is_visible()
    assert not page.get_by_text("Scroll the table sideways to see every column.").is_visible()
    context.close()


def test_chart_labels_are_legible_on_the_narrowest_phone(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto("/facts/")
    # Every piece of text the charts show, HTML or SVG, at its size on the screen.
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.chart text, .chart span, .chart figcaption')]
          .filter(el => el.getBoundingClientRect().width > 1 && el.textContent.trim())
          .map(el => (el instanceof SVGElement ? el.getScreenCTM().a : 1)
            * parseFloat(getComputedStyle(el).fontSize))"""
    )
    assert len(sizes) > 10, "no chart text on /facts/"
    assert min(sizes) >= 12, sizes
    # Each chart's title is above its drawing, and nothing sticks out.
    for chart in page.locator("figure.chart").all():
        title = chart.locator(".chart__title").bounding_box()
        assert title["y"] < chart.locator(".chart__body").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_agency_names_are_spelt_out_on_wide_screens_and_for_screen_readers(
    browser, live_server, site
):
    for width, name_visible in ((390, False), (1280, True)):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 800}
        )
        page = context.new_page()
        page.goto("/expeditions/1/")
        chip = page.get_by_role("link", name="NGSPACE Northrop Grumman Space Systems")
        assert chip.get_attribute("href") == "/agencies/ngspace/"
        box = page.locator(".agency-chip__name").bounding_box()
        # Visually hidden on a phone: one pixel, read out but not shown.
        assert (box["width"] > 50) == name_visible, width
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_layouts_have_no_accessibility_violations(browser, live_server, axe, site, scheme):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 800}, color_scheme=scheme
    )
    page = context.new_page()
    for url in [
        "/expeditions/?start_after=2000-01-01&ongoing=false",
        "/crew/peggy-whitson/",
        "/facts/",
        "/modules/",
        "/no-such-page/",
    ]:
        page.goto(url)
        axe(page)
    page.goto("/spacewalks/")
    page.click("details.filters-disclosure > summary")
    axe(page)
    context.close()
