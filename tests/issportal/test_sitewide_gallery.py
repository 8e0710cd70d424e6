"""Galleries and pictures across the site: search, sitemap, home page, station records."""

import datetime

import pytest
from django.utils import timezone

from media_gallery.models import Gallery
from tests.factories import ExpeditionFactory, ModuleFactory
from tests.media_gallery.factories import ImageFactory, gallery_with_images
from tests.news.factories import ArticleFactory
from tests.pages import whole_sitemap

pytestmark = pytest.mark.django_db


@pytest.fixture
def galleries():
    return {
        "live": gallery_with_images(2, title="Zarya up close", slug="zarya-up-close"),
        "draft": gallery_with_images(
            1, title="Zarya sketches", slug="zarya-sketches", status=Gallery.Status.DRAFT
        ),
        "scheduled": gallery_with_images(
            1,
            title="Zarya at night",
            slug="zarya-at-night",
            publish_at=timezone.now() + datetime.timedelta(days=2),
        ),
    }


def test_search_finds_published_galleries_only(client, galleries):
    html = client.get("/search/", {"q": "zarya"}).content.decode()
    assert "Zarya up close" in html
    assert "Zarya sketches" not in html and "Zarya at night" not in html


def test_sitemap_lists_published_galleries_and_their_image_pages_only(client, galleries):
    xml = whole_sitemap(client)
    assert "/gallery/zarya-up-close/" in xml
    assert galleries["live"].items.first().get_absolute_url() in xml
    assert "/gallery/zarya-sketches/" not in xml
    assert "/gallery/zarya-at-night/" not in xml


def test_home_shows_a_strip_of_the_latest_gallery_and_news_heroes(client, galleries):
    hero = ImageFactory(title="Hero drawing", alt_text="A drawing of Zarya over the Earth")
    ArticleFactory(title="Zarya turns 25", hero=hero)
    html = client.get("/").content.decode()
    assert "From the gallery: Zarya up close" in html
    assert html.count('class="image-strip__img"') == 2
    assert "Zarya turns 25" in html
    assert 'class="card__img"' in html and "srcset=" in html


def test_the_home_strip_shows_the_first_six_pictures_of_a_big_gallery(client):
    gallery = gallery_with_images(8, title="Cupola views")
    items = list(gallery.items.all())
    html = client.get("/").content.decode()
    assert html.count('class="image-strip__img"') == 6
    for item in items[:6]:
        assert f'href="{item.get_absolute_url()}"' in html
    for item in items[6:]:
        assert f'href="{item.get_absolute_url()}"' not in html


def test_expedition_patch_and_module_picture_are_shown(client):
    patch = ImageFactory(title="Expedition 7 emblem", alt_text="A round emblem for Expedition 7")
    drawing = ImageFactory(title="Zarya drawing", alt_text="A drawing of the Zarya module")
    ExpeditionFactory(number=7, patch=patch)
    ModuleFactory(name="Zarya", image=drawing)
    assert 'alt="A round emblem for Expedition 7"' in client.get("/expeditions/7/").content.decode()
    assert "<picture>" in client.get("/modules/").content.decode()


def test_home_queries_do_not_grow_with_galleries_and_news(query_counter):
    from tests.factories import ExpeditionMemberFactory, StayFactory, VisitFactory

    # Every block filled, as on the real site: the opening photograph, an expedition
    # running on the day of the newest record, a person aboard and a vehicle docked.
    ImageFactory(tags=["home-hero"])
    today = timezone.now().date()
    expedition = ExpeditionFactory(start=today - datetime.timedelta(days=30), end=None)
    visit = VisitFactory(arrival_date=today - datetime.timedelta(days=20), departure_date=None)
    person = StayFactory(arrival_vehicle=visit, departure_vehicle=None).astronaut
    ExpeditionMemberFactory(expedition=expedition, astronaut=person)

    def grow(n):
        for _ in range(n):
            ArticleFactory(hero=ImageFactory())
            gallery_with_images(2, publish_at=timezone.now() - datetime.timedelta(minutes=5))

    query_counter.assert_constant("/", grow, max_queries=10)
