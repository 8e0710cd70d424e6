"""Tags can put an image on a public page, so tagging is publishing (issue 16 §1).

``home-hero`` makes an image the home page's opening photograph; ``photo`` with
``expedition-22`` or ``visit-<slug>`` shows it on that record's page. An Editor who tags an
image so, on its change form, on the upload form or in a bulk upload, sends the tags for
approval: the public sees nothing until a Publisher approves. A Publisher's tags go live at
once, and tags that put an image on no page are an Editor's to save.
"""

import pytest
from django.urls import reverse

from issportal.moderation import PendingChange
from media_gallery.models import HOME_HERO_TAG, PHOTO_TAG, Image, ImageTag
from tests.factories import ExpeditionFactory
from tests.media_gallery.factories import ImageFactory, image_bytes, upload

from .helpers import image_form, image_url, login, messages_of, public_html, review_url

pytestmark = pytest.mark.django_db

ADD = reverse("admin:media_gallery_image_add")
BULK = reverse("admin:media_gallery_image_bulk_upload")


@pytest.fixture
def expedition():
    return ExpeditionFactory(number=22)


def tag_names(image):
    return sorted(tag.name for tag in Image.objects.get(pk=image.pk).tags.all())


def shown_on(url, image):
    return image.alt_text in public_html(url)


def upload_form(title, tags):
    return {
        "upload": upload(f"{title.lower()}.jpg", image_bytes(640, 480)),
        "title": title,
        "alt_text": f"{title} seen from the Cupola",
        "credit": "NASA",
        "tags": tags,
    }


# --- On an image's change form ----------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "sent", "page"),
    [
        ([], f"{HOME_HERO_TAG}, night", "/"),
        (["night"], f"night, {PHOTO_TAG}, expedition-22", "expedition"),
        ([PHOTO_TAG], f"{PHOTO_TAG}, expedition-22", "expedition"),
        (["expedition-22"], f"expedition-22, {PHOTO_TAG}", "expedition"),
    ],
    ids=["home-hero", "photo-and-expedition", "expedition-to-a-photo", "photo-to-an-expedition"],
)
def test_an_editors_tags_that_would_show_an_image_wait_for_a_publisher(
    editor, publisher, expedition, before, sent, page
):
    image = ImageFactory(title="Aurora", alt_text="Green aurora below the station", tags=before)
    url = "/" if page == "/" else expedition.get_absolute_url()
    assert not shown_on(url, image)

    response = login(editor).post(image_url(image), image_form(image, tags=sent), follow=True)

    assert messages_of(response)[-1].startswith("Sent for approval")
    assert tag_names(image) == sorted(before)
    # Trying the tags on the image left nothing behind, not even a new tag.
    assert sorted(ImageTag.objects.values_list("name", flat=True)) == sorted(before)
    assert not shown_on(url, image)
    change = PendingChange.objects.waiting().get()
    assert change.data["links"]["tags"] == sorted(t.strip() for t in sent.split(","))

    login(publisher).post(review_url(change, "approve"))
    assert tag_names(image) == sorted(t.strip() for t in sent.split(","))
    assert shown_on(url, image)


def test_tags_that_show_an_image_nowhere_are_saved_at_once(editor, expedition):
    image = ImageFactory(title="Aurora", tags=["night"])
    # A photo tagged for no record's page, and ``expedition-22`` without ``photo`` marks a
    # drawing, which no page shows.
    sent = f"night, {PHOTO_TAG}, aurora"
    response = login(editor).post(image_url(image), image_form(image, tags=sent), follow=True)
    assert messages_of(response)[-1].endswith("was changed successfully.")
    assert tag_names(image) == ["aurora", "night", PHOTO_TAG]
    assert not PendingChange.objects.exists()

    other = ImageFactory(title="Sketch")
    login(editor).post(image_url(other), image_form(other, tags="expedition-22"))
    assert tag_names(other) == ["expedition-22"]
    assert not PendingChange.objects.exists()


def test_tagging_a_photo_for_an_expedition_not_added_yet_waits_too(editor):
    image = ImageFactory(title="Aurora", alt_text="Green aurora below the station")
    data = image_form(image, tags=f"{PHOTO_TAG}, expedition-99")
    response = login(editor).post(image_url(image), data, follow=True)
    assert messages_of(response)[-1].startswith("Sent for approval")
    assert tag_names(image) == []
    # When the expedition is added, its page shows no photograph a Publisher has not seen.
    expedition = ExpeditionFactory(number=99)
    assert not shown_on(expedition.get_absolute_url(), image)


def test_a_second_home_hero_waits_too(editor, publisher):
    first = ImageFactory(title="The station over Earth", tags=[HOME_HERO_TAG])
    image = ImageFactory(title="Aurora", alt_text="Green aurora below the station")
    response = login(editor).post(
        image_url(image), image_form(image, tags=HOME_HERO_TAG), follow=True
    )
    assert messages_of(response)[-1].startswith("Sent for approval")
    assert tag_names(image) == []
    # Had it been saved, a Publisher taking the tag off the first would show it unseen.
    login(publisher).post(image_url(first), image_form(first, tags=""))
    assert not shown_on("/", image)


def test_a_publishers_tags_show_the_image_at_once(publisher, expedition):
    image = ImageFactory(title="Aurora", alt_text="Green aurora below the station")
    sent = f"{PHOTO_TAG}, expedition-22"
    response = login(publisher).post(image_url(image), image_form(image, tags=sent), follow=True)
    assert messages_of(response)[-1].endswith("was changed successfully.")
    assert not PendingChange.objects.exists()
    assert shown_on(expedition.get_absolute_url(), image)


def test_an_editors_other_changes_to_an_image_that_would_be_shown_wait_with_the_tags(
    editor, expedition
):
    image = ImageFactory(title="Aurora")
    data = image_form(image, title="Aurora over Canada", tags=f"{PHOTO_TAG}, expedition-22")
    login(editor).post(image_url(image), data)
    image.refresh_from_db()
    assert image.title == "Aurora"  # the whole change waits, not only its tags
    change = PendingChange.objects.waiting().get()
    assert change.data["fields"]["title"] == "Aurora over Canada"


# --- At upload ---------------------------------------------------------------------------


def test_an_editors_upload_tagged_for_a_page_is_kept_without_its_tags_until_approved(
    editor, publisher, expedition
):
    eddie = login(editor)
    tags = f"{PHOTO_TAG}, expedition-22, night"
    response = eddie.post(ADD, upload_form("Aurora", tags), follow=True)

    image = Image.objects.get()
    assert tag_names(image) == []
    assert messages_of(response)[-1] == (
        "Its tags would show it on a public page, so they wait for a Publisher's approval; "
        "until then it is kept without tags. Reopen an image to see or change what waits."
    )
    assert not shown_on(expedition.get_absolute_url(), image)
    change = PendingChange.objects.waiting().get()
    assert change.created_by == editor
    assert change.data["links"]["tags"] == ["expedition-22", "night", PHOTO_TAG]

    # Reopened, the form shows the tags that wait.
    form = eddie.get(image_url(image)).context["adminform"].form
    assert sorted(t.strip() for t in form.initial["tags"].split(",")) == [
        "expedition-22",
        "night",
        PHOTO_TAG,
    ]

    login(publisher).post(review_url(change, "approve"))
    assert tag_names(image) == ["expedition-22", "night", PHOTO_TAG]
    assert shown_on(expedition.get_absolute_url(), image)


def test_an_editors_upload_with_tags_for_no_page_keeps_them(editor, expedition):
    response = login(editor).post(ADD, upload_form("Aurora", "night, aurora"), follow=True)
    assert messages_of(response)[-1].endswith("was added successfully.")
    assert tag_names(Image.objects.get()) == ["aurora", "night"]
    assert not PendingChange.objects.exists()


def test_a_publishers_upload_tagged_for_a_page_is_shown_at_once(publisher, expedition):
    login(publisher).post(ADD, upload_form("Aurora", f"{PHOTO_TAG}, expedition-22"))
    image = Image.objects.get()
    assert tag_names(image) == ["expedition-22", PHOTO_TAG]
    assert not PendingChange.objects.exists()
    assert shown_on(expedition.get_absolute_url(), image)


def test_an_editors_bulk_upload_tagged_for_a_page_waits_file_by_file(editor, expedition):
    data = {
        "files": [
            upload("aurora_over_canada.jpg", image_bytes(640, 480)),
            upload("sunrise_over_the_pacific.jpg", image_bytes(640, 480)),
        ],
        "credit": "NASA",
        "tags": f"{PHOTO_TAG}, expedition-22",
    }
    response = login(editor).post(BULK, data, follow=True)

    assert messages_of(response)[-1].startswith(
        "The tags of aurora_over_canada.jpg and sunrise_over_the_pacific.jpg would show them "
        "on a public page, so they wait for a Publisher's approval; until then they are kept"
    )
    images = Image.objects.order_by("title")
    assert [(image.title, tag_names(image)) for image in images] == [
        ("Aurora over canada", []),
        ("Sunrise over the pacific", []),
    ]
    waiting = PendingChange.objects.waiting()
    assert sorted(c.object_repr for c in waiting) == [
        "Aurora over canada",
        "Sunrise over the pacific",
    ]
    assert all(c.data["links"]["tags"] == ["expedition-22", PHOTO_TAG] for c in waiting)
    page = public_html(expedition.get_absolute_url())
    assert not any(image.alt_text in page for image in images)


def test_a_publishers_bulk_upload_tagged_for_a_page_is_shown_at_once(publisher, expedition):
    data = {
        "files": [upload("aurora_over_canada.jpg", image_bytes(640, 480))],
        "credit": "NASA",
        "tags": f"{PHOTO_TAG}, expedition-22",
    }
    login(publisher).post(BULK, data)
    image = Image.objects.get()
    assert tag_names(image) == ["expedition-22", PHOTO_TAG]
    assert not PendingChange.objects.exists()
    assert shown_on(expedition.get_absolute_url(), image)
