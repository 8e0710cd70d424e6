"""Public gallery pages: what the public sees, what staff preview, and how it is cached."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from issportal.roles import DATA_EDITORS, EDITORS
from media_gallery.models import Gallery
from tests.factories import UserFactory

from .factories import GalleryFactory, GalleryImageFactory, ImageFactory, gallery_with_images

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 6, 15, 12, tzinfo=datetime.UTC)


def image_url(gallery, image):
    return reverse("media_gallery:image_detail", args=[gallery.slug, image.pk])


@pytest.fixture
def draft():
    return gallery_with_images(2, status=Gallery.Status.DRAFT, publish_at=None, slug="draft")


@pytest.fixture
def scheduled():
    return gallery_with_images(
        2, publish_at=timezone.now() + datetime.timedelta(days=3), slug="scheduled"
    )


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(roles=[EDITORS]))
    return client


def test_list_shows_published_galleries_with_covers(client):
    gallery = gallery_with_images(3, title="Station outlines")
    cover = gallery.items.get(position=2).image
    gallery.cover = cover
    gallery.save()
    GalleryFactory(title="Empty one")  # no images, no cover: still listed, without a picture
    html = client.get("/gallery/").content.decode()
    assert "Station outlines" in html and "Empty one" in html
    assert "3 images" in html
    assert html.count("<picture>") == 1
    assert cover.renditions.filter(format="jpeg").first().url in html


def test_list_falls_back_to_the_first_image_when_there_is_no_cover(client):
    gallery = gallery_with_images(2)
    first = gallery.items.get(position=1).image
    html = client.get("/gallery/").content.decode()
    assert first.renditions.filter(format="jpeg").first().url in html


def test_list_is_paginated(client):
    for _ in range(13):
        GalleryFactory()
    page_one = client.get("/gallery/").content.decode()
    assert page_one.count('class="gallery-card"') == 12
    assert "Page 1 of 2" in page_one
    assert client.get("/gallery/?page=2").content.decode().count('class="gallery-card"') == 1


def test_gallery_page_shows_ordered_images_linking_to_their_pages(client):
    gallery = GalleryFactory(description="Drawn *by hand*.\n\n<script>alert(1)</script>")
    late = GalleryImageFactory(gallery=gallery, position=9, image=ImageFactory(title="Late"))
    early = GalleryImageFactory(gallery=gallery, position=1, image=ImageFactory(title="Early"))
    html = client.get(gallery.get_absolute_url()).content.decode()
    links = re.findall(r'class="gallery-grid__link" href="([^"]+)"', html)
    assert links == [image_url(gallery, early.image), image_url(gallery, late.image)]
    assert "<em>by hand</em>" in html
    assert "<script>alert" not in html
    assert "static/js/lightbox.js" in html
    assert 'href="/static/css/gallery.css"' in html
    assert '<dialog id="lightbox"' in html


def test_image_page_has_credit_license_date_and_neighbours(client):
    gallery = GalleryFactory()
    first, middle, last = (
        GalleryImageFactory(gallery=gallery, position=n, image=ImageFactory(title=f"Image {n}"))
        for n in (1, 2, 3)
    )
    image = middle.image
    image.taken_at = datetime.date(2000, 11, 2)
    image.caption = "Its own caption."
    image.save()
    middle.caption = "A caption for this gallery only."
    middle.save()
    response = client.get(image_url(gallery, image))
    html = response.content.decode()
    assert "<h1>Image 2</h1>" in html
    assert "A caption for this gallery only." in html and "Its own caption." not in html
    assert "Illustration: test suite" in html and "CC0 1.0" in html
    assert '<time datetime="2000-11-02">2 November 2000</time>' in html
    assert "Image 2 of 3" in html
    assert f'href="{image_url(gallery, first.image)}" rel="prev"' in html
    assert f'href="{image_url(gallery, last.image)}" rel="next"' in html
    assert 'loading="eager"' in html


def test_image_page_needs_the_image_to_be_in_that_gallery(client):
    gallery = gallery_with_images(1)
    stranger = ImageFactory()
    assert client.get(image_url(gallery, stranger)).status_code == 404


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_drafts_and_scheduled_galleries_404_for_the_public(client, request, which):
    gallery = request.getfixturevalue(which)
    image = gallery.items.first().image
    assert client.get(gallery.get_absolute_url()).status_code == 404
    assert client.get(image_url(gallery, image)).status_code == 404
    assert gallery.title not in client.get("/gallery/").content.decode()


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_staff_preview_drafts_and_scheduled_never_cached(staff_client, request, which):
    gallery = request.getfixturevalue(which)
    image = gallery.items.first().image
    for url in (gallery.get_absolute_url(), image_url(gallery, image)):
        response = staff_client.get(url)
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-cache" in cache_control
        assert "Preview." in response.content.decode()
    # The public list stays the public list, even for staff.
    assert gallery.title not in staff_client.get("/gallery/").content.decode()


def test_published_pages_are_not_marked_private(client):
    gallery = gallery_with_images(1)
    response = client.get(gallery.get_absolute_url())
    assert "private" not in response.get("Cache-Control", "")
    assert "Preview." not in response.content.decode()


def test_scheduled_gallery_appears_once_publish_at_passes(client):
    with time_machine.travel(NOW, tick=False):
        gallery = gallery_with_images(
            1, title="Coming soon", publish_at=NOW + datetime.timedelta(hours=2)
        )
        assert client.get(gallery.get_absolute_url()).status_code == 404
        assert "Coming soon" not in client.get("/gallery/").content.decode()
        assert not Gallery.objects.published().exists()
        assert list(Gallery.objects.scheduled()) == [gallery]
    with time_machine.travel(NOW + datetime.timedelta(hours=2, seconds=1), tick=False):
        assert client.get(gallery.get_absolute_url()).status_code == 200
        assert "Coming soon" in client.get("/gallery/").content.decode()
        assert list(Gallery.objects.published()) == [gallery]


def test_publishing_without_a_date_means_now():
    gallery = GalleryFactory(status=Gallery.Status.PUBLISHED, publish_at=None)
    assert gallery.publish_at is not None and gallery.publish_at <= timezone.now()
    assert gallery.is_public and gallery.state_label == "Published"


def test_gallery_pages_have_no_inline_scripts_or_styles(client):
    gallery = gallery_with_images(2)
    image = gallery.items.first().image
    for url in ("/gallery/", gallery.get_absolute_url(), image_url(gallery, image)):
        html = client.get(url).content.decode()
        assert "<style" not in html and " style=" not in html, url
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert re.search(r"\son[a-z]+=", html) is None, url


def test_gallery_is_in_the_main_navigation(client):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/gallery/">Gallery</a>' in nav


@pytest.mark.parametrize("roles", [[DATA_EDITORS], []], ids=["data editor", "no role"])
def test_staff_who_may_not_edit_galleries_cannot_preview_them(client, draft, roles):
    client.force_login(UserFactory(roles=roles))
    image = draft.items.first().image
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(image_url(draft, image)).status_code == 404


def test_kept_gallery_cards_follow_a_saved_change(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        gallery = GalleryFactory(title="Kept title")
    assert ">Kept title</h2>" in client.get("/gallery/").content.decode()
    Gallery.objects.filter(pk=gallery.pk).update(title="Uncommitted title")
    assert ">Kept title</h2>" in client.get("/gallery/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        gallery.title = "Saved title"
        gallery.save()
    assert ">Saved title</h2>" in client.get("/gallery/").content.decode()


def test_a_kept_gallery_and_image_page_follow_a_saved_change(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        gallery = gallery_with_images(2, title="Kept gallery", slug="kept")
    image = gallery.items.order_by("position").first().image
    pages = {gallery.get_absolute_url(): "<h1>{}</h1>", image_url(gallery, image): ">{}</a>.</p>"}

    def shown(title):
        return all(
            shape.format(title) in client.get(url).content.decode() for url, shape in pages.items()
        )

    assert shown("Kept gallery")
    Gallery.objects.filter(pk=gallery.pk).update(title="Not saved through the site")
    assert shown("Kept gallery")
    with django_capture_on_commit_callbacks(execute=True):
        gallery.title = "Saved gallery"
        gallery.save()
    assert shown("Saved gallery")


def test_a_staff_preview_is_never_kept(staff_client, settings, draft):
    settings.DERIVED_DATA_CACHE = True
    assert "<h1>Draft title</h1>" not in staff_client.get(draft.get_absolute_url()).content.decode()
    Gallery.objects.filter(pk=draft.pk).update(title="Draft title")  # no saved change
    html = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "<h1>Draft title</h1>" in html
