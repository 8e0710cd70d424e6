"""Search vectors are for the search: public pages never read them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AstronautFactory
from tests.factories import CommandTermFactory
from tests.factories import ExpeditionFactory
from tests.factories import ModuleFactory
from tests.factories import SpacewalkFactory
from tests.factories import VisitFactory
from tests.media_gallery.factories import gallery_with_images
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_pages_leave_the_search_vectors_in_the_database(client):
    expedition = ExpeditionFactory(number=3)
    person = AstronautFactory()
    spacewalk = SpacewalkFactory(expedition=expedition, crew=[person])
    visit = VisitFactory()
    article = ArticleFactory()
    article.expeditions.add(expedition)
    article.astronauts.add(person)
    article.spacewalks.add(spacewalk)
    article.visits.add(visit)
    gallery = gallery_with_images(2)
    CommandTermFactory(expedition=expedition, astronaut=person)
    module = ModuleFactory(delivered_by=visit)
    pages = [
        "/",
        "/news/",
        article.get_absolute_url(),
        "/expeditions/",
        expedition.get_absolute_url(),
        "/crew/",
        person.get_absolute_url(),
        spacewalk.get_absolute_url(),
        visit.get_absolute_url(),
        "/modules/",
        module.get_absolute_url(),
        gallery.get_absolute_url(),
    ]
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        reading = [q["sql"] for q in queries if "search_vector" in q["sql"]]
        assert reading == [], (page, reading)
