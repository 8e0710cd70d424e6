"""Admin: who may publish, the ordered inline, image uploads one by one and many at once."""

import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.urls import reverse
from PIL import Image as PILImage

from issportal.moderation import PendingChange
from issportal.roles import EDITORS, PUBLISHERS
from media_gallery.models import Gallery, Image
from tests.factories import UserFactory

from .conftest import stored_files
from .factories import GalleryFactory, ImageFactory, gallery_with_images, image_bytes, upload

pytestmark = pytest.mark.django_db

ADD = reverse("admin:media_gallery_gallery_add")
CHANGELIST = reverse("admin:media_gallery_gallery_changelist")
REFUSAL = "Only Publishers may publish, schedule or unpublish a gallery"


def change_url(gallery):
    return reverse("admin:media_gallery_gallery_change", args=[gallery.pk])


@pytest.fixture
def editor(client):
    user = UserFactory(roles=[EDITORS])
    client.force_login(user)
    return user


@pytest.fixture
def publisher(client):
    user = UserFactory(roles=[PUBLISHERS])
    client.force_login(user)
    return user


def gallery_form(gallery=None, images=(), **fields):
    """The admin form's POST data: the gallery as it is (or a new draft) plus ``fields``."""
    data = {
        "title": gallery.title if gallery else "Station outlines",
        "slug": gallery.slug if gallery else "station-outlines",
        "description": gallery.description if gallery else "",
        "cover": "",
        "status": gallery.status if gallery else "draft",
        "publish_at_0": gallery.publish_at.strftime("%Y-%m-%d")
        if gallery and gallery.publish_at
        else "",
        "publish_at_1": gallery.publish_at.strftime("%H:%M:%S")
        if gallery and gallery.publish_at
        else "",
        "items-TOTAL_FORMS": str(len(images)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    if gallery is not None:
        data["loaded_version"] = gallery.version
    for index, (image, position) in enumerate(images):
        data[f"items-{index}-image"] = image.pk
        data[f"items-{index}-position"] = position
        data[f"items-{index}-caption"] = ""
    data.update(fields)
    return data


def test_roles_hold_the_gallery_permissions():
    editors = Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
    publishers = Group.objects.get(name=PUBLISHERS).permissions.values_list("codename", flat=True)
    assert {"add_gallery", "change_gallery", "add_image", "add_galleryimage"} <= set(editors)
    assert "publish_gallery" not in editors
    assert {"publish_gallery", "delete_gallery"} <= set(publishers)


def test_editor_saves_a_draft_with_ordered_images(client, editor):
    second, first = ImageFactory(title="Second"), ImageFactory(title="First")
    response = client.post(ADD, gallery_form(images=[(second, 2), (first, 1)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    gallery = Gallery.objects.get(slug="station-outlines")
    assert gallery.status == "draft" and gallery.publish_at is None
    assert [item.image.title for item in gallery.items.all()] == ["First", "Second"]
    assert gallery.created_by == editor


def test_editor_cannot_publish_through_the_form(client, editor):
    response = client.post(ADD, gallery_form(status="published"))
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not Gallery.objects.exists()


def test_editor_cannot_schedule_a_draft(client, editor):
    gallery = GalleryFactory(status="draft", publish_at=None)
    response = client.post(
        change_url(gallery), gallery_form(gallery, publish_at_0="2030-01-01", publish_at_1="09:00")
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    gallery.refresh_from_db()
    assert gallery.publish_at is None


def test_editor_cannot_unpublish_through_the_form(client, editor):
    gallery = GalleryFactory()
    response = client.post(change_url(gallery), gallery_form(gallery, status="draft"))
    assert response.status_code == 200
    gallery.refresh_from_db()
    assert gallery.status == "published"


def test_editor_may_send_a_change_to_a_published_gallery_leaving_publishing_alone(client, editor):
    gallery = GalleryFactory()
    response = client.post(change_url(gallery), gallery_form(gallery, title="Better title"))
    assert response.status_code == 302, response.content.decode()[:3000]
    gallery.refresh_from_db()
    # The new title waits for a Publisher (tests/editing/test_moderation.py).
    assert gallery.status == "published" and gallery.title != "Better title"
    assert PendingChange.objects.get().data["fields"]["title"] == "Better title"


def test_editor_cannot_publish_with_the_action(client, editor):
    gallery = GalleryFactory(status="draft", publish_at=None)
    assert 'value="publish"' not in client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [gallery.pk]})
    gallery.refresh_from_db()
    assert gallery.status == "draft"


def test_publisher_publishes_through_the_form(client, publisher):
    response = client.post(
        ADD, gallery_form(status="published", publish_at_0="2030-01-01", publish_at_1="09:00")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gallery = Gallery.objects.get()
    assert gallery.status == "published"
    assert gallery.publish_at.isoformat() == "2030-01-01T09:00:00+00:00"
    assert gallery.state_label == "Scheduled"


def test_publisher_publishes_and_unpublishes_with_the_actions(client, publisher):
    drafts = [GalleryFactory(status="draft", publish_at=None) for _ in range(2)]
    selected = [g.pk for g in drafts]
    client.post(CHANGELIST, {"action": "publish", "_selected_action": selected})
    for gallery in drafts:
        gallery.refresh_from_db()
        assert gallery.is_public and gallery.updated_by == publisher
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": selected})
    assert set(Gallery.objects.values_list("status", flat=True)) == {"draft"}


def test_gallery_changelist_filters_and_counts(client, publisher):
    GalleryFactory(title="Draft one", status="draft", publish_at=None)
    GalleryFactory(title="Live one")
    html = client.get(CHANGELIST + "?status__exact=draft").content.decode()
    assert "Draft one" in html and "Live one" not in html


def test_image_admin_upload_records_who_and_reuses_duplicates(client, editor, media_root):
    data = image_bytes(900, 600)
    fields = {"title": "Truss", "alt_text": "The truss seen from below", "credit": "NASA"}
    response = client.post(
        reverse("admin:media_gallery_image_add"), {**fields, "upload": upload("t.jpg", data)}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    image = Image.objects.get()
    assert image.created_by == editor
    files = stored_files(media_root)

    again = client.post(
        reverse("admin:media_gallery_image_add"),
        {**fields, "title": "Truss again", "upload": upload("copy.jpg", data)},
    )
    assert again.status_code == 302
    assert again["Location"] == reverse("admin:media_gallery_image_change", args=[image.pk])
    assert Image.objects.count() == 1 and stored_files(media_root) == files
    messages = [str(m) for m in get_messages(again.wsgi_request)]
    assert any("already in the library as “Truss”" in m for m in messages)


def test_image_admin_shows_the_refusal_and_stores_nothing(client, editor, media_root):
    response = client.post(
        reverse("admin:media_gallery_image_add"),
        {"title": "x", "alt_text": "A drawing", "upload": upload("x.svg.png", b"<svg></svg>")},
    )
    assert response.status_code == 200
    assert "This file is an SVG drawing, not a photo" in response.content.decode()
    assert not Image.objects.exists() and stored_files(media_root) == []


def test_image_changelist_has_thumbnails_search_by_tag_and_filters(client, editor):
    ImageFactory(title="Expedition 1 emblem", tags=["patch", "expedition-1"], license="CC0 1.0")
    ImageFactory(title="Truss", credit="NASA", license="Public domain")
    url = reverse("admin:media_gallery_image_changelist")
    html = client.get(url).content.decode()
    assert html.count('width="80"') == 2
    assert "Upload many images" in html
    found = client.get(url, {"q": "patch"}).content.decode()
    assert "Expedition 1 emblem" in found and ">Truss<" not in found
    filtered = client.get(url, {"license": "Public domain"}).content.decode()
    assert ">Truss<" in filtered and "Expedition 1 emblem" not in filtered
    assert "NASA" in client.get(url, {"q": "NASA"}).content.decode()


def test_bulk_upload_saves_the_good_files_and_names_the_bad_ones(client, editor, media_root):
    gif = io.BytesIO()
    PILImage.new("RGB", (20, 20)).save(gif, "GIF")
    gallery = GalleryFactory(status="draft", publish_at=None)
    response = client.post(
        reverse("admin:media_gallery_image_bulk_upload"),
        {
            "files": [
                upload("soyuz_docking.jpg", image_bytes(700, 500)),
                upload("spinning.gif", gif.getvalue(), "image/gif"),
                upload("cupola-view.png", image_bytes(600, 400, fmt="PNG"), "image/png"),
                upload("evil.png", b"\x89PNG\r\n\x1a\n<html><script>x</script></html>"),
            ],
            "alt_text_prefix": "Drawing:",
            "credit": "ESA",
            "license": "CC BY-SA 3.0 IGO",
            "gallery": gallery.pk,
        },
    )
    assert response.status_code == 200  # shown again, so the bad files can be retried
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        m.startswith("spinning.gif was not saved: This file is a GIF image") for m in messages
    )
    assert any(
        m.startswith("evil.png was not saved: This file starts like a PNG") for m in messages
    )
    assert any(m.startswith("Saved 2 images: soyuz_docking.jpg") for m in messages)
    saved = Image.objects.order_by("title")
    assert [(i.title, i.alt_text, i.credit) for i in saved] == [
        ("Cupola view", "Drawing: Cupola view", "ESA"),
        ("Soyuz docking", "Drawing: Soyuz docking", "ESA"),
    ]
    assert all(i.created_by == editor for i in saved)
    assert [item.image.title for item in gallery.items.all()] == ["Soyuz docking", "Cupola view"]
    assert not any("spinning" in name or "evil" in name for name in stored_files(media_root))


def test_bulk_upload_refuses_camera_file_names_as_alt_text(client, editor):
    response = client.post(
        reverse("admin:media_gallery_image_bulk_upload"),
        {"files": [upload("IMG_1234.jpg", image_bytes(400, 300))], "credit": "Me"},
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "IMG_1234.jpg was not saved: “IMG 1234” is a file name, not a description: "
        "say what the image shows."
    ]
    assert not Image.objects.exists()


def test_bulk_upload_shows_the_form_again_with_the_tags_as_typed(client, editor):
    response = client.post(
        reverse("admin:media_gallery_image_bulk_upload"),
        {
            "files": [upload("IMG_1234.jpg", image_bytes(400, 300))],
            "credit": "Me",
            "tags": "truss, night pass",
        },
    )
    assert response.status_code == 200  # once a 500: the tags came back as a list
    field = response.context["form"]["tags"]
    assert field.value() == "truss, night pass"
    assert 'value="truss, night pass"' in response.content.decode()


def test_bulk_upload_needs_the_add_permission(client):
    client.force_login(UserFactory(roles=[]))
    response = client.get(reverse("admin:media_gallery_image_bulk_upload"))
    assert response.status_code == 403


def test_admin_pages_render_for_an_editor(client, editor):
    gallery = GalleryFactory()
    image = ImageFactory()
    gallery.items.create(image=image, position=1)
    pages = [
        reverse("admin:media_gallery_image_add"),
        reverse("admin:media_gallery_image_change", args=[image.pk]),
        reverse("admin:media_gallery_image_bulk_upload"),
        ADD,
        change_url(gallery),
        CHANGELIST,
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    change = client.get(change_url(gallery)).content.decode()
    assert 'width="80"' in change  # the inline shows each image's thumbnail
    assert "Only Publishers may publish" in change
    image_page = client.get(reverse("admin:media_gallery_image_change", args=[image.pk]))
    assert 'width="320"' in image_page.content.decode()
    assert 'name="upload"' not in image_page.content.decode()  # the file stays as it is


def test_bulk_upload_judges_each_file_on_its_own_tall_and_empty_ones_included(
    client, editor, media_root, django_capture_on_commit_callbacks
):
    """[valid, tall, empty, valid]: three stored, the empty one named (issue 16)."""
    # The renditions tasks run as each file's transaction commits (immediate backend).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:media_gallery_image_bulk_upload"),
            {
                "files": [
                    upload("truss segment.jpg", image_bytes(700, 500)),
                    upload("tall-mast.png", image_bytes(1000, 17_000, fmt="PNG"), "image/png"),
                    upload("nothing-here.jpg", b""),
                    upload("cupola view.jpg", image_bytes(600, 400)),
                ],
                "alt_text_prefix": "Drawing of the station:",
                "credit": "NASA",
            },
        )
    assert response.status_code == 200
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "nothing-here.jpg was not saved: The file is empty." in messages
    assert any(m.startswith("Saved 3 images: truss segment.jpg") for m in messages), messages
    assert sorted(Image.objects.values_list("title", flat=True)) == [
        "Cupola view",
        "Tall mast",
        "Truss segment",
    ]
    tall = Image.objects.get(title="Tall mast")
    # WebP stops at 16,383 px: the 1000 px wide WebP (17,000 tall) is not made, the rest are.
    made = set(tall.renditions.values_list("width", "format"))
    assert (1000, "webp") not in made and {(1000, "jpeg"), (960, "webp")} <= made
    html = Template("{% load pictures %}{% picture image %}").render(Context({"image": tall}))
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    assert "960w" in webp and "1000w" not in webp
    assert re.search(r'<img src="[^"]+" srcset="[^"]+1000w"', html)


def test_an_image_too_long_for_any_format_is_refused_with_the_reason(client, editor):
    response = client.post(
        reverse("admin:media_gallery_image_bulk_upload"),
        {
            "files": [upload("thread.png", image_bytes(1, 70_000, fmt="PNG"), "image/png")],
            "alt_text_prefix": "A thin line, drawn as a test:",
        },
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "thread.png was not saved: The image is 1 × 70000 pixels; no side may be longer "
        "than 65,500 pixels, the most a JPEG (which every browser shows) can hold."
    ]
    assert not Image.objects.exists()


def test_a_file_an_encoder_gives_up_on_is_saved_and_shown_failed_with_the_reason(
    client, editor, media_root, monkeypatch, django_capture_on_commit_callbacks
):
    """The encoders run in the background: the upload succeeds, the image says it failed."""
    from media_gallery import renditions

    encode = renditions.encode

    def picky_encode(im, fmt):
        if im.size == (333, 222):
            raise OSError("encoder error -2")
        return encode(im, fmt)

    monkeypatch.setattr(renditions, "encode", picky_encode)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:media_gallery_image_bulk_upload"),
            {
                "files": [
                    upload("odd size.jpg", image_bytes(333, 222)),
                    upload("solar array.jpg", image_bytes(640, 480)),
                ],
                "alt_text_prefix": "Drawing of the station:",
            },
        )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[0].startswith("Saved 2 images: odd size.jpg")
    odd, solar = Image.objects.get(title="Odd size"), Image.objects.get(title="Solar array")
    assert (odd.renditions_status, odd.renditions_error) == ("failed", "OSError: encoder error -2")
    assert solar.renditions_status == "ready" and solar.renditions.count() > 0

    listing = client.get(reverse("admin:media_gallery_image_changelist")).content.decode()
    assert "Failed: OSError: encoder error -2" in listing
    page = client.get(reverse("admin:media_gallery_image_change", args=[odd.pk])).content.decode()
    assert "Failed: OSError: encoder error -2" in page
    assert "No preview: making the renditions failed" in page
    # Its public picture is the original itself, never a broken <picture>.
    html = Template("{% load pictures %}{% picture image %}").render(Context({"image": odd}))
    assert "<picture>" not in html and f'<img src="{odd.file.url}" width="333"' in html


def test_two_windows_on_one_gallery_the_second_save_is_refused_and_kept(client, publisher):
    """Two admin windows saved gallery 6 and the first text was lost (issue 16)."""
    gallery = GalleryFactory(title="Station outlines", slug="outlines")
    # The image order is saved with the gallery, so the same check covers it.
    opened = gallery_form(gallery, description="First window.")
    late = gallery_form(gallery, description="Second window.")
    moment = datetime.datetime(2026, 11, 29, 9, 15, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        assert client.post(change_url(gallery), opened).status_code == 302
    with time_machine.travel(moment + datetime.timedelta(minutes=3), tick=False):
        response = client.post(change_url(gallery), late)
    assert response.status_code == 200
    html = response.content.decode()
    name = publisher.get_full_name() or publisher.get_username()
    assert (
        f"{name} changed this gallery at 09:15 UTC after you opened it; your text is kept "
        "below — copy your changes, reload, and apply them again."
    ) in html
    assert "Second window." in html
    gallery.refresh_from_db()
    assert gallery.description == "First window." and gallery.version == 2


def test_two_windows_on_one_image_the_second_save_is_refused(client, editor):
    image = ImageFactory(title="Truss", alt_text="The truss seen from below the station")
    url = reverse("admin:media_gallery_image_change", args=[image.pk])
    assert 'name="loaded_version" value="1"' in client.get(url).content.decode()
    fields = {
        "title": "Truss",
        "alt_text": "The S1 truss segment seen from below the station",
        "caption": "",
        "credit": "NASA",
        "license": "",
        "taken_at": "",
        "tags": "",
        "loaded_version": "1",
    }
    assert client.post(url, fields).status_code == 302
    response = client.post(url, {**fields, "caption": "A later, stale caption."})
    assert response.status_code == 200
    assert "changed this image" in response.content.decode()
    image.refresh_from_db()
    assert image.caption == "" and image.version == 2


def test_an_image_is_added_to_a_gallery_from_its_own_page(client, editor):
    # A draft: an Editor's addition to a published one waits (tests/editing/test_moderation.py).
    gallery = gallery_with_images(2, title="Station outlines", slug="outlines", status="draft")
    image = ImageFactory(title="Truss", alt_text="The truss seen from below the station")
    url = reverse("admin:media_gallery_image_change", args=[image.pk])
    assert 'name="add_to_gallery"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Truss",
            "alt_text": image.alt_text,
            "caption": "",
            "credit": "",
            "license": "",
            "taken_at": "",
            "tags": "",
            "loaded_version": "1",
            "add_to_gallery": gallery.pk,
        },
        follow=True,
    )
    assert "Added to the gallery “Station outlines”." in response.content.decode()
    items = list(gallery.items.order_by("position"))
    assert items[-1].image == image and [i.position for i in items] == [1, 2, 3]


def test_new_rows_go_last_and_positions_are_renumbered(client, publisher):
    gallery = GalleryFactory(title="Station outlines", slug="outlines")
    first, second, new = (ImageFactory() for _ in range(3))
    gallery.items.create(image=first, position=10)
    gallery.items.create(image=second, position=20)
    data = gallery_form(gallery, [(new, 0)])
    assert client.post(change_url(gallery), data).status_code == 302
    assert [(i.image, i.position) for i in gallery.items.order_by("position")] == [
        (first, 1),
        (second, 2),
        (new, 3),
    ]
