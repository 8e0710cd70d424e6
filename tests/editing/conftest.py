"""Fixtures of the editing tests: the roles, a live article and gallery, the page cache on."""

import pytest

from issportal.roles import DATA_EDITORS
from tests.factories import UserFactory
from tests.media_gallery.factories import gallery_with_images
from tests.news.factories import ArticleFactory


@pytest.fixture(autouse=True)
def page_cache_on(settings, tmp_path):
    # The page cache stays on: what the public sees must move on only at approval.
    settings.PAGE_CACHE = True
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def data_editor():
    return UserFactory(username="dana", roles=[DATA_EDITORS])


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def live_article():
    article = ArticleFactory(title="Soyuz docks", body="The Soyuz docked at Rassvet.")
    article.publish_at = article.publish_at.replace(microsecond=0)
    article.save()
    return article


@pytest.fixture
def live_gallery():
    gallery = gallery_with_images(3, title="Station outlines", slug="outlines")
    for item, title in zip(gallery.items.order_by("position"), "ABC", strict=True):
        item.image.title = f"Drawing {title}"
        item.image.save()
    return gallery
