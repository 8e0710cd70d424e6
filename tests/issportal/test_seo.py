import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import (
    AstronautFactory,
    ExpeditionFactory,
    ModuleFactory,
    SpacewalkFactory,
    VisitFactory,
)
from tests.pages import STATION_LISTS

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client):
    """Every address of every page the sitemap index lists, with its lastmod element."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = {}
    for page in ET.fromstring(index.content).findall("s:sitemap", NS):
        response = client.get(page.find("s:loc", NS).text.removeprefix("http://testserver"))
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        urls.update(
            (
                url.find("s:loc", NS).text.removeprefix("http://testserver"),
                url.find("s:lastmod", NS),
            )
            for url in root.findall("s:url", NS)
        )
    return urls


def test_sitemap_lists_every_public_page_with_lastmod(client):
    expedition = ExpeditionFactory(number=1)
    person = AstronautFactory(slug="william-shepherd")
    spacewalk = SpacewalkFactory()
    visit = VisitFactory(name="Soyuz TM-31")
    module = ModuleFactory(slug="esp-1")
    urls = sitemap_urls(client)
    for path in [
        "/",
        *STATION_LISTS,
        "/facts/",
        "/data-sources/",
        expedition.get_absolute_url(),
        person.get_absolute_url(),
        spacewalk.get_absolute_url(),
        visit.get_absolute_url(),
        "/modules/esp-1/",
    ]:
        assert path in urls, path
        assert client.get(path).status_code == 200
    assert urls[expedition.get_absolute_url()].text.startswith(str(expedition.updated_at.year))
    assert urls["/"] is not None
    assert module.get_absolute_url() == "/modules/esp-1/"


def test_robots_txt_points_to_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_pages_carry_canonical_and_social_metadata(client):
    ExpeditionFactory(number=7)
    html = client.get("/expeditions/7/?utm=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/expeditions/7/">' in html
    assert '<meta property="og:title" content="Expedition 7">' in html
    assert '<meta property="og:url" content="http://testserver/expeditions/7/">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    description = re.search(r'<meta property="og:description" content="([^"]+)">', html).group(1)
    assert "Expedition 7" in description


def test_the_kept_sitemap_follows_a_saved_change_and_the_host_asked(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    with django_capture_on_commit_callbacks(execute=True):
        ExpeditionFactory(number=5)
    assert "/expeditions/5/" in sitemap_urls(client)
    ExpeditionFactory(number=6)  # not saved through the site: the kept sitemap stands
    assert "/expeditions/6/" not in sitemap_urls(client)
    other = client.get("/sitemap-records.xml", headers={"host": "other.example"})
    assert "<loc>http://other.example/expeditions/5/</loc>" in other.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ExpeditionFactory(number=7)
    assert {"/expeditions/6/", "/expeditions/7/"} <= set(sitemap_urls(client))


def test_the_sitemap_is_sent_compressed_to_those_who_ask(client, settings):
    import gzip

    settings.DERIVED_DATA_CACHE = True
    ExpeditionFactory(number=5)
    plain = client.get("/sitemap.xml")
    packed = client.get("/sitemap.xml", headers={"accept-encoding": "gzip, br"})
    assert packed["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert b"http://testserver/sitemap-records.xml</loc>" in plain.content


def test_the_sitemap_is_paged(client, settings, monkeypatch):
    from issportal import views

    monkeypatch.setattr(views, "SITEMAP_PAGE_SIZE", 2)
    for number in range(1, 6):
        ExpeditionFactory(number=number)
    index = client.get("/sitemap.xml").content.decode()
    for page in ("sitemap-records.xml", "sitemap-records.xml?p=2", "sitemap-records.xml?p=3"):
        assert f"<loc>http://testserver/{page}</loc>" in index
    second = client.get("/sitemap-records.xml?p=2").content.decode()
    assert second.count("<url>") == 2 and "/expeditions/3/</loc>" in second
    assert len(sitemap_urls(client)) > 5
    assert client.get("/sitemap-records.xml?p=9").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
