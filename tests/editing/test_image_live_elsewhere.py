"""An image the public sees outside galleries is live content too (issue 16 §1).

A published article's hero, a picture a station page shows (a portrait, a patch, a module's
picture, a photograph tagged for an expedition's or a vehicle's page) and the home page's
opening photograph: an Editor's change to such an image waits for a Publisher, and a
Publisher's goes live at once. news and stations tell moderation so from their
``AppConfig.ready()``; media_gallery knows neither.
"""

import pytest

from issportal.moderation import PendingChange
from media_gallery.models import HOME_HERO_TAG, PHOTO_TAG
from news.models import Article
from tests.factories import AstronautFactory, ExpeditionFactory, ModuleFactory, VisitFactory
from tests.media_gallery.factories import ImageFactory
from tests.news.factories import ArticleFactory

from .helpers import image_form, image_url, login, messages_of

pytestmark = pytest.mark.django_db


def hero_of_a_published_article():
    image = ImageFactory(title="Soyuz at Rassvet")
    ArticleFactory(hero=image)
    return image


def hero_of_a_scheduled_article():
    image = ImageFactory(title="Soyuz at Rassvet")
    ArticleFactory(hero=image, scheduled=True)
    return image


def portrait():
    image = ImageFactory(title="Portrait")
    AstronautFactory(portrait=image)
    return image


def expedition_patch():
    image = ImageFactory(title="Patch")
    ExpeditionFactory(number=22, patch=image)
    return image


def module_picture():
    image = ImageFactory(title="Zarya")
    ModuleFactory(image=image)
    return image


def photo_on_an_expedition_page():
    ExpeditionFactory(number=22)
    return ImageFactory(title="Crew photo", tags=[PHOTO_TAG, "expedition-22"])


def photo_on_a_vehicle_page():
    visit = VisitFactory(name="Soyuz MS-16")
    return ImageFactory(title="Docking", tags=[PHOTO_TAG, f"visit-{visit.slug}"])


def photo_for_an_expedition_not_added_yet():
    # Its page will show it the moment a data editor adds Expedition 99.
    return ImageFactory(title="Crew photo", tags=[PHOTO_TAG, "expedition-99"])


def home_page_photo():
    return ImageFactory(title="The station over Earth", tags=[HOME_HERO_TAG])


def second_home_hero():
    # The home page shows the first; this one takes its place once that loses the tag.
    ImageFactory(title="The first one", tags=[HOME_HERO_TAG])
    return ImageFactory(title="The second one", tags=[HOME_HERO_TAG])


SOURCES = [
    hero_of_a_published_article,
    hero_of_a_scheduled_article,
    portrait,
    expedition_patch,
    module_picture,
    photo_on_an_expedition_page,
    photo_on_a_vehicle_page,
    photo_for_an_expedition_not_added_yet,
    home_page_photo,
    second_home_hero,
]


@pytest.mark.parametrize("source", SOURCES, ids=lambda f: f.__name__)
def test_an_editors_change_to_an_image_shown_publicly_waits(editor, source):
    image = source()
    before = image.alt_text
    response = login(editor).post(
        image_url(image), image_form(image, alt_text="Changed by an Editor"), follow=True
    )
    assert messages_of(response)[-1].startswith("Sent for approval")
    image.refresh_from_db()
    assert image.alt_text == before
    change = PendingChange.objects.get()
    assert change.data["fields"]["alt_text"] == "Changed by an Editor"


@pytest.mark.parametrize("source", SOURCES, ids=lambda f: f.__name__)
def test_a_publishers_change_to_an_image_shown_publicly_is_live_at_once(publisher, source):
    image = source()
    response = login(publisher).post(
        image_url(image), image_form(image, alt_text="Changed by a Publisher"), follow=True
    )
    assert messages_of(response)[-1].endswith("was changed successfully.")
    image.refresh_from_db()
    assert image.alt_text == "Changed by a Publisher"
    assert not PendingChange.objects.exists()


def draft_articles_hero():
    image = ImageFactory(title="Draft hero")
    ArticleFactory(hero=image, status=Article.Status.DRAFT, publish_at=None)
    return image


def photo_tagged_for_no_page():
    return ImageFactory(title="Stray", tags=[PHOTO_TAG, "aurora", "expedition"])


def expedition_tag_without_photo_tag():
    ExpeditionFactory(number=22)
    return ImageFactory(title="Drawing", tags=["expedition-22"])


@pytest.mark.parametrize(
    "source",
    [
        draft_articles_hero,
        photo_tagged_for_no_page,
        expedition_tag_without_photo_tag,
    ],
    ids=lambda f: f.__name__,
)
def test_an_editors_change_to_an_image_no_page_shows_is_saved_at_once(editor, source):
    image = source()
    response = login(editor).post(
        image_url(image), image_form(image, alt_text="Not public"), follow=True
    )
    assert messages_of(response)[-1].endswith("was changed successfully.")
    image.refresh_from_db()
    assert image.alt_text == "Not public"
    assert not PendingChange.objects.exists()
