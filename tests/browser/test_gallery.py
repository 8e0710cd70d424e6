"""Gallery pages in Chromium: the keyboard lightbox, no console or CSP errors, axe-core clean."""

import pytest
from playwright.sync_api import expect

from issportal.moderation import PendingChange
from media_gallery.models import Image
from tests.browser.waiting import wait_until
from tests.media_gallery.factories import GalleryImageFactory, ImageFactory, gallery_with_images


@pytest.fixture(autouse=True)
def _media(serve_media):
    """Pictures on these pages come from the live server's /media/."""


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


def test_lightbox_by_keyboard(page, gallery):
    page.goto(gallery.get_absolute_url())
    thumbnails = page.locator("a[data-lightbox-item]")
    dialog = page.locator("dialog#lightbox")
    title = page.locator("#lightbox-title")
    expect(dialog).to_be_hidden()

    thumbnails.first.focus()
    expect(thumbnails.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    assert page.evaluate("document.getElementById('lightbox').open")
    expect(title).to_have_text("Assembly begins")
    expect(page.locator("[data-lightbox-count]")).to_have_text("Image 1 of 3")
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    large = dialog.locator("img.lightbox__img")
    expect(large).to_have_attribute("alt", "Drawing: assembly begins, seen from above")
    wait_until(page, "document.querySelector('#lightbox img.lightbox__img').naturalWidth > 0")

    page.keyboard.press("ArrowRight")
    expect(title).to_have_text("First crew")
    expect(page.locator("[data-lightbox-count]")).to_have_text("Image 2 of 3")
    expect(dialog.locator("[data-lightbox-caption]")).to_have_text("Caption of First crew.")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # wraps round to the last image
    expect(title).to_have_text("The finished station")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text("First crew")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(thumbnails.first).to_be_focused()  # back on the thumbnail that opened it
    assert page.console_log.errors == []


def test_lightbox_buttons_and_close(page, gallery):
    page.goto(gallery.get_absolute_url())
    thumbnails = page.locator("a[data-lightbox-item]")
    title = page.locator("#lightbox-title")
    thumbnails.nth(2).click()
    expect(title).to_have_text("The finished station")
    page.get_by_role("button", name="Next image").click()
    expect(title).to_have_text("Assembly begins")
    page.get_by_role("button", name="Close").click()
    expect(page.locator("dialog#lightbox")).to_be_hidden()
    expect(thumbnails.nth(2)).to_be_focused()
    assert page.url.endswith(gallery.get_absolute_url())
    assert page.console_log.errors == []


def test_without_javascript_the_links_lead_to_the_image_pages(browser, live_server, gallery):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(gallery.get_absolute_url())
        page.locator("a[data-lightbox-item]").nth(1).click()
        page.wait_for_url("**/outlines/*/")
        expect(page.locator("h1")).to_have_text("First crew")
        page.get_by_role("link", name="Next: The finished station").click()
        expect(page.locator("h1")).to_have_text("The finished station")
    finally:
        context.close()


def test_images_load_under_the_content_security_policy(page, gallery):
    page.goto(gallery.get_absolute_url())
    page.locator("a[data-lightbox-item]").last.scroll_into_view_if_needed()
    wait_until(
        page,
        "[...document.querySelectorAll('.gallery-grid img')]"
        ".every(img => img.complete && img.naturalWidth > 0)",
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


def test_gallery_pages_in_the_dark_scheme_have_no_violations(axe_in_dark_scheme, gallery):
    axe_in_dark_scheme("/gallery/", gallery.get_absolute_url())


def test_staff_reorder_a_gallery_with_the_keyboard(page, gallery):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    editor = get_user_model().objects.create_user(
        "ida", password="correct horse battery", is_staff=True
    )
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="media_gallery",
            codename__in=[
                "change_gallery",
                "view_gallery",
                "add_galleryimage",
                "change_galleryimage",
                "view_galleryimage",
                "view_image",
            ],
        )
    )
    page.goto(f"/admin/login/?next=/admin/media_gallery/gallery/{gallery.pk}/change/")
    page.fill("#id_username", "ida")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"**/admin/media_gallery/gallery/{gallery.pk}/change/")

    # "Assembly begins" moves from first to last, by keyboard alone.
    first_down = page.locator("#items-0 .order-button[aria-label='Move down']")
    first_down.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_have_text("Assembly begins is now at position 3.")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move down"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Assembly begins is already last.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()

    # Without the publish permission, the new order of a published gallery waits for a
    # Publisher (issportal/moderation.py); the public keeps the live order until then.
    expect(page.locator(".messagelist")).to_contain_text("Sent for approval")
    titles = [item.image.title for item in gallery.items.order_by("position")]
    assert titles == ["Assembly begins", "First crew", "The finished station"]
    proposed = PendingChange.objects.get().data["children"]["items"]
    names = dict(Image.objects.values_list("pk", "title"))
    assert [(names[row["image"]], row["position"]) for row in proposed] == [
        ("First crew", 1),
        ("The finished station", 2),
        ("Assembly begins", 3),
    ]
    assert page.console_log.errors == []
