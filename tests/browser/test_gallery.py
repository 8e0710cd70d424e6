"""Gallery pages in Chromium: the keyboard lightbox, no console or CSP errors, axe-core clean."""

import pytest
from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from issportal.urls import urlpatterns as site_urlpatterns
from tests.media_gallery.factories import GalleryImageFactory, ImageFactory, gallery_with_images

pytestmark = pytest.mark.django_db(transaction=True)


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The live server has DEBUG off, so it serves uploaded media through this URLconf.
urlpatterns = [re_path(r"^media/(?P<path>.+)$", media), *site_urlpatterns]


@pytest.fixture(autouse=True)
def serve_media(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def gallery():
    gallery = gallery_with_images(0, title="Station outlines", slug="outlines")
    titles = ["Assembly begins", "First crew", "The finished station"]
    for position, title in enumerate(titles, start=1):
        image = ImageFactory(
            title=title,
            alt_text=f"Drawing: {title.lower()}, seen from above",
            width=900,
            height=600,
            caption=f"Caption of {title}.",
        )
        GalleryImageFactory(gallery=gallery, image=image, position=position)
    return gallery


def focused_href(page):
    return page.evaluate("document.activeElement.getAttribute('href')")


def test_lightbox_by_keyboard(page, gallery):
    page.goto(gallery.get_absolute_url())
    thumbnails = page.locator("a[data-lightbox-item]")
    first_href = thumbnails.nth(0).get_attribute("href")
    dialog = page.locator("dialog#lightbox")
    assert not dialog.is_visible()

    thumbnails.nth(0).focus()
    assert focused_href(page) == first_href
    page.keyboard.press("Enter")
    assert dialog.is_visible()
    assert page.evaluate("document.getElementById('lightbox').open")
    assert page.locator("#lightbox-title").inner_text() == "Assembly begins"
    assert page.locator("[data-lightbox-count]").inner_text() == "Image 1 of 3"
    assert page.evaluate("document.getElementById('lightbox').contains(document.activeElement)")
    large = dialog.locator("img.lightbox__img")
    assert large.get_attribute("alt") == "Drawing: assembly begins, seen from above"
    page.wait_for_function("document.querySelector('#lightbox img.lightbox__img').naturalWidth > 0")

    page.keyboard.press("ArrowRight")
    assert page.locator("#lightbox-title").inner_text() == "First crew"
    assert page.locator("[data-lightbox-count]").inner_text() == "Image 2 of 3"
    assert dialog.locator("[data-lightbox-caption]").inner_text() == "Caption of First crew."
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # wraps round to the last image
    assert page.locator("#lightbox-title").inner_text() == "The finished station"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("#lightbox-title").inner_text() == "First crew"

    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert focused_href(page) == first_href  # back on the thumbnail that opened it
    assert page.console_log.errors == []


def test_lightbox_buttons_and_close(page, gallery):
    page.goto(gallery.get_absolute_url())
    page.locator("a[data-lightbox-item]").nth(2).click()
    assert page.locator("#lightbox-title").inner_text() == "The finished station"
    page.get_by_role("button", name="Next image").click()
    assert page.locator("#lightbox-title").inner_text() == "Assembly begins"
    page.get_by_role("button", name="Close").click()
    assert not page.locator("dialog#lightbox").is_visible()
    assert focused_href(page) == page.locator("a[data-lightbox-item]").nth(2).get_attribute("href")
    assert page.url.endswith(gallery.get_absolute_url())
    assert page.console_log.errors == []


def test_without_javascript_the_links_lead_to_the_image_pages(browser, live_server, gallery):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(gallery.get_absolute_url())
        page.locator("a[data-lightbox-item]").nth(1).click()
        page.wait_for_url("**/outlines/*/")
        assert page.locator("h1").inner_text() == "First crew"
        page.get_by_role("link", name="Next: The finished station").click()
        assert page.locator("h1").inner_text() == "The finished station"
    finally:
        context.close()


def test_images_load_under_the_content_security_policy(page, gallery):
    page.goto(gallery.get_absolute_url())
    page.locator("a[data-lightbox-item]").last.scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.gallery-grid img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    chosen = page.evaluate("document.querySelector('.gallery-grid img').currentSrc")
    assert "/media/images/renditions/" in chosen and not chosen.endswith(".jpg")
    assert page.console_log.errors == []


@pytest.mark.parametrize("which", ["list", "gallery", "image", "lightbox"])
def test_gallery_pages_have_no_accessibility_violations(page, axe, gallery, which):
    image = gallery.items.first().image
    url = {
        "list": "/gallery/",
        "gallery": gallery.get_absolute_url(),
        "image": f"{gallery.get_absolute_url()}{image.pk}/",
        "lightbox": gallery.get_absolute_url(),
    }[which]
    page.goto(url)
    if which == "lightbox":
        page.locator("a[data-lightbox-item]").first.click()
    axe(page)
    assert page.console_log.errors == []


def test_gallery_pages_in_the_dark_scheme_have_no_violations(page, axe, gallery):
    page.emulate_media(color_scheme="dark")
    page.goto("/gallery/")
    axe(page)
    page.goto(gallery.get_absolute_url())
    axe(page)
