"""An image shown in a published gallery is live content (issue 16 §1).

An Editor's change to its title, alt text, caption, credit or tags waits for a Publisher,
like a change to the gallery itself; the public gallery and image pages keep the live text
until it is approved. An image that no published gallery shows saves at once.
"""

import datetime

import pytest
from django.urls import reverse
from reversion.models import Version

from issportal.moderation import PendingChange
from media_gallery.models import Gallery
from tests.media_gallery.factories import GalleryFactory, ImageFactory, gallery_with_images

from .helpers import (
    WAITING_LIST,
    image_form,
    image_url,
    login,
    messages_of,
    public_html,
    review_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_image(live_gallery):
    """ "Drawing A", the first image of the published gallery "Station outlines"."""
    image = live_gallery.items.order_by("position").first().image
    image.caption = "The first outline."
    image.save()
    return image


def image_page(gallery, image):
    return reverse("media_gallery:image_detail", args=[gallery.slug, image.pk])


def test_an_editors_change_to_a_live_image_waits_and_the_public_keeps_the_live_text(
    editor, live_gallery, live_image
):
    page = image_page(live_gallery, live_image)
    assert "The first outline." in public_html(page)  # now in the page cache
    renditions = sorted(live_image.renditions.values_list("file", flat=True))
    response = login(editor).post(
        image_url(live_image),
        image_form(
            live_image,
            title="Zarya outline",
            alt_text="A grey block with two solar wings",
            caption="Zarya, the first module.",
            tags="Zarya",
        ),
        follow=True,
    )
    assert messages_of(response) == [
        "Sent for approval: your change to the image “Drawing A” is kept, and the public "
        "sees the live version until a Publisher approves it."
    ]
    html = public_html(page)
    assert "The first outline." in html and "Drawing A" in html
    assert "Zarya" not in html and "two solar wings" not in html
    assert "Zarya" not in public_html(live_gallery.get_absolute_url())
    live_image.refresh_from_db()
    assert (live_image.title, live_image.caption) == ("Drawing A", "The first outline.")
    assert list(live_image.tags.all()) == []
    change = PendingChange.objects.get()
    assert change.state == PendingChange.State.WAITING and change.created_by == editor
    assert change.data["fields"]["alt_text"] == "A grey block with two solar wings"
    assert change.data["links"]["tags"] == ["Zarya"]
    assert sorted(live_image.renditions.values_list("file", flat=True)) == renditions


def test_a_publisher_sees_the_image_change_with_its_diff_and_approves_it(
    editor, publisher, live_gallery, live_image
):
    page = image_page(live_gallery, live_image)
    public_html(page)
    renditions = sorted(live_image.renditions.values_list("file", flat=True))
    login(editor).post(
        image_url(live_image),
        image_form(live_image, caption="The first outline, from Baikonur.", credit="NASA"),
    )
    maria = login(publisher)
    listing = maria.get(WAITING_LIST, follow=True).content.decode()
    assert "Drawing A" in listing and "Eddie Editor" in listing and "Image" in listing
    change = PendingChange.objects.get()
    review = maria.get(review_url(change))
    html = review.content.decode()
    assert '<th scope="row">Caption</th>' in html and '<th scope="row">Credit</th>' in html
    assert "<del>outline.</del>" in html and "<ins>outline, from Baikonur.</ins>" in html
    assert '<th scope="row">Title</th>' not in html  # unchanged fields are not listed
    assert 'value="Approve and publish"' in html

    response = maria.post(review_url(change, "approve"), follow=True)
    assert messages_of(response) == [
        "Approved: the change to “Drawing A” by Eddie Editor is live now."
    ]
    html = public_html(page)
    assert "The first outline, from Baikonur." in html and "NASA" in html
    live_image.refresh_from_db()
    assert live_image.credit == "NASA" and live_image.updated_by == editor
    # The file is not editable: approving leaves the renditions as they were.
    assert sorted(live_image.renditions.values_list("file", flat=True)) == renditions


def test_a_rejected_image_change_keeps_the_live_text_and_the_editor_sees_why(
    editor, publisher, live_gallery, live_image
):
    eddie = login(editor)
    eddie.post(image_url(live_image), image_form(live_image, alt_text="A white rectangle"))
    change = PendingChange.objects.get()
    login(publisher).post(
        review_url(change, "reject"),
        {"comment": "The drawing shows a grey square."},
    )
    change.refresh_from_db()
    assert change.state == PendingChange.State.REJECTED
    live_image.refresh_from_db()
    assert live_image.alt_text.startswith("A grey square")
    assert "A white rectangle" not in public_html(image_page(live_gallery, live_image))
    page = eddie.get(image_url(live_image))
    assert any(
        "Maria Publisher rejected your change" in m and "The drawing shows a grey square." in m
        for m in messages_of(page)
    )


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_publishers_change_live_images_at_once(request, role, live_gallery, live_image):
    page = image_page(live_gallery, live_image)
    public_html(page)
    response = login(request.getfixturevalue(role)).post(
        image_url(live_image),
        image_form(live_image, caption="Zarya, the first module."),
        follow=True,
    )
    assert messages_of(response)[-1].endswith("was changed successfully.")
    assert "Zarya, the first module." in public_html(page)
    assert not PendingChange.objects.exists()


@pytest.mark.parametrize("shown_as", ["image of a scheduled gallery", "cover of a live gallery"])
def test_an_image_shown_by_a_scheduled_gallery_or_as_a_cover_waits_too(editor, shown_as):
    if shown_as == "cover of a live gallery":
        image = ImageFactory(title="Cupola")
        GalleryFactory(cover=image)
    else:
        soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
        image = gallery_with_images(1, publish_at=soon).images.get()
    response = login(editor).post(image_url(image), image_form(image, title="Renamed"), follow=True)
    assert messages_of(response)[-1].startswith("Sent for approval")
    image.refresh_from_db()
    assert image.title != "Renamed" and PendingChange.objects.get().data["fields"]["title"]


def test_an_editors_change_to_an_image_only_in_a_draft_gallery_is_saved_at_once(editor):
    draft = gallery_with_images(1, status=Gallery.Status.DRAFT, publish_at=None)
    image = draft.images.get()
    response = login(editor).post(
        image_url(image), image_form(image, caption="Not public yet."), follow=True
    )
    assert messages_of(response)[-1].endswith("was changed successfully.")
    image.refresh_from_db()
    assert image.caption == "Not public yet." and not PendingChange.objects.exists()


def test_adding_a_live_image_to_a_draft_gallery_does_not_wait(editor, live_image):
    draft = GalleryFactory(title="Modules", status=Gallery.Status.DRAFT, publish_at=None)
    response = login(editor).post(
        image_url(live_image), image_form(live_image, add_to_gallery=draft.pk), follow=True
    )
    assert "Added to the gallery “Modules”." in messages_of(response)
    assert list(draft.images.all()) == [live_image]
    assert not PendingChange.objects.exists()


def test_making_renditions_again_needs_no_approval(editor, live_image):
    changelist = reverse("admin:media_gallery_image_changelist")
    response = login(editor).post(
        changelist,
        {"action": "make_renditions_again", "_selected_action": [live_image.pk]},
        follow=True,
    )
    assert messages_of(response)[-1].startswith("Making the renditions of 1 image again")
    assert not PendingChange.objects.exists()


def test_an_editors_restore_of_a_live_images_revision_waits(editor, publisher, live_image):
    maria = login(publisher)
    maria.post(image_url(live_image), image_form(live_image, caption="Version one."))
    maria.post(image_url(live_image), image_form(live_image, caption="Version two."))
    first = Version.objects.get_for_object(live_image).order_by("pk").first()
    url = reverse("admin:media_gallery_image_revision", args=[live_image.pk, first.pk])
    response = login(editor).post(url, image_form(live_image, caption="Version one."), follow=True)
    assert any(
        m.startswith("Sent for approval: restoring the revision") for m in messages_of(response)
    )
    live_image.refresh_from_db()
    assert live_image.caption == "Version two."
    change = PendingChange.objects.get()
    assert change.data["fields"]["caption"] == "Version one." and change.created_by == editor
    maria.post(review_url(change, "approve"))
    live_image.refresh_from_db()
    assert live_image.caption == "Version one."
