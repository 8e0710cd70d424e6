"""Each public gallery page runs the same number of queries at two data sizes."""

import pytest

from issportal.roles import EDITORS
from tests.factories import UserFactory

from .factories import GalleryFactory
from .factories import GalleryImageFactory
from .factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchor():
    """One gallery that the pages below look at; everything else grows around it."""
    gallery = GalleryFactory(slug="anchor")
    GalleryImageFactory(gallery=gallery, position=5)
    return gallery


def small_image():
    return ImageFactory(width=400, height=300)


def test_gallery_list_queries_are_constant(query_counter, anchor):
    def grow(units):
        for _ in range(units):
            gallery = GalleryFactory()
            GalleryImageFactory(gallery=gallery, image=small_image())
            GalleryImageFactory(gallery=gallery, image=small_image())
            with_cover = GalleryFactory(cover=small_image())
            GalleryImageFactory(gallery=with_cover, image=small_image())

    count = query_counter.assert_constant("/gallery/", grow, max_queries=10)
    assert count <= 4


def test_gallery_page_queries_are_constant(query_counter, anchor):
    def grow(units):
        for _ in range(units):
            GalleryImageFactory(gallery=anchor, image=small_image(), position=9)

    query_counter.assert_constant(anchor.get_absolute_url(), grow, max_queries=10)


def test_image_page_queries_are_constant(query_counter, anchor):
    image = anchor.items.get().image
    url = f"/gallery/anchor/{image.pk}/"

    def grow(units):
        for _ in range(units):
            GalleryImageFactory(gallery=anchor, image=small_image(), position=1)
            GalleryImageFactory(gallery=anchor, image=small_image(), position=9)

    query_counter.assert_constant(url, grow, max_queries=10)


def test_staff_preview_queries_are_constant(client, query_counter):
    client.force_login(UserFactory(roles=[EDITORS]))
    draft = GalleryFactory(slug="draft", status="draft", publish_at=None)

    def grow(units):
        for _ in range(units):
            GalleryImageFactory(gallery=draft, image=small_image())

    query_counter.assert_constant(draft.get_absolute_url(), grow, max_queries=10)
