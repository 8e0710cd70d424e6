"""Changes to live content wait for a Publisher (issue 16 §1).

For each role on each path (change form, gallery inline and its order, "add to gallery",
list actions), the public page shows the live version until a Publisher approves; approving
makes the change live, rejecting keeps the live version and tells the author why.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from issportal.moderation import PendingChange
from issportal.roles import EDITORS
from media_gallery.models import Gallery
from news.models import Article
from tests.factories import UserFactory
from tests.media_gallery.factories import ImageFactory, gallery_with_images
from tests.news.factories import ArticleFactory

from .helpers import (
    WAITING_LIST,
    article_form,
    article_url,
    gallery_form,
    gallery_url,
    login,
    messages_of,
    public_html,
    public_titles,
    review_url,
)

pytestmark = pytest.mark.django_db


# --- Articles ---------------------------------------------------------------------------------


def test_an_editors_change_to_a_live_article_waits_and_the_public_keeps_the_live_text(
    editor, live_article
):
    url = live_article.get_absolute_url()
    assert "docked at Rassvet" in public_html(url)  # now in the page cache
    response = login(editor).post(
        article_url(live_article),
        article_form(live_article, body="The Soyuz docked at Poisk.", tags="Soyuz"),
        follow=True,
    )
    assert messages_of(response) == [
        "Sent for approval: your change to the article “Soyuz docks” is kept, and the public "
        "sees the live version until a Publisher approves it."
    ]
    html = public_html(url)
    assert "docked at Rassvet" in html and "Poisk" not in html
    live_article.refresh_from_db()
    assert live_article.body == "The Soyuz docked at Rassvet."
    assert live_article.version == 2  # the factory's save; the held save left no trace
    assert list(live_article.tags.all()) == []
    change = PendingChange.objects.get()
    assert change.state == PendingChange.State.WAITING and change.created_by == editor
    assert change.data["fields"]["body"] == "The Soyuz docked at Poisk."
    assert change.data["links"]["tags"] == ["Soyuz"]
    entry = LogEntry.objects.filter(object_id=str(live_article.pk)).latest("pk")
    assert entry.get_change_message().startswith("Sent for approval.")


def test_an_editors_change_to_a_draft_is_saved_at_once(editor):
    draft = ArticleFactory(draft=True, body="First draft.")
    response = login(editor).post(article_url(draft), article_form(draft, body="Second draft."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "Second draft." and not PendingChange.objects.exists()


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_publishers_and_superusers_change_live_articles_at_once(request, role, live_article):
    user = request.getfixturevalue(role)
    url = live_article.get_absolute_url()
    public_html(url)
    response = login(user).post(
        article_url(live_article), article_form(live_article, body="Docked at Poisk."), follow=True
    )
    assert messages_of(response)[-1].endswith("Published: it is live now.")
    assert "Docked at Poisk." in public_html(url)
    assert not PendingChange.objects.exists()


def test_a_data_editor_can_neither_edit_articles_nor_see_others_waiting_changes(
    data_editor, editor, live_article
):
    client = login(data_editor)
    assert client.get(article_url(live_article)).status_code == 403
    assert client.post(article_url(live_article), article_form(live_article)).status_code == 403
    login(editor).post(article_url(live_article), article_form(live_article, body="Changed."))
    change = PendingChange.objects.get()
    # The list is theirs for their own FAQ changes; an Editor's article is not in it.
    waiting = client.get(WAITING_LIST, {"state__exact": "waiting"})
    assert waiting.status_code == 200
    assert "Soyuz docks" not in waiting.content.decode()
    assert client.get(review_url(change)).status_code == 403
    approve = review_url(change, "approve")
    assert client.post(approve).status_code == 403
    live_article.refresh_from_db()
    assert live_article.body == "The Soyuz docked at Rassvet."


def test_a_publisher_sees_the_diff_and_approves_with_one_click(editor, publisher, live_article):
    url = live_article.get_absolute_url()
    public_html(url)
    login(editor).post(
        article_url(live_article),
        article_form(live_article, body="The Soyuz docked at Poisk.", title="Soyuz docks again"),
    )
    maria = login(publisher)
    index = maria.get(reverse("admin:index")).content.decode()
    assert f'href="{WAITING_LIST}"' in index and "Changes waiting for approval" in index
    listing = maria.get(WAITING_LIST, follow=True).content.decode()
    assert "Soyuz docks" in listing and "Eddie Editor" in listing
    change = PendingChange.objects.get()
    review = maria.get(review_url(change))
    html = review.content.decode()
    assert '<th scope="row">Body</th>' in html and '<th scope="row">Title</th>' in html
    assert "<del>Rassvet.</del>" in html and "<ins>Poisk.</ins>" in html
    assert "Summary" not in html  # unchanged fields are not listed
    assert 'value="Approve and publish"' in html

    response = maria.post(review_url(change, "approve"), follow=True)
    assert messages_of(response) == [
        "Approved: the change to “Soyuz docks” by Eddie Editor is live now."
    ]
    live_article.refresh_from_db()
    assert live_article.title == "Soyuz docks again"
    assert live_article.updated_by == editor and live_article.version == 3
    assert "The Soyuz docked at Poisk." in public_html(url)
    change.refresh_from_db()
    assert change.state == PendingChange.State.APPROVED and change.reviewed_by == publisher
    # Decided once: a second click changes nothing.
    again = maria.post(review_url(change, "approve"), follow=True)
    assert "already decided" in messages_of(again)[-1]


def test_a_rejection_keeps_the_live_text_and_the_author_sees_the_comment(
    editor, publisher, live_article
):
    eddie, maria = login(editor), login(publisher)
    eddie.post(article_url(live_article), article_form(live_article, body="Docked at Poisk."))
    change = PendingChange.objects.get()
    reject = review_url(change, "reject")
    empty = maria.post(reject, {"comment": "  "})
    assert empty.status_code == 400
    assert "Say why, so the author knows what to change." in empty.content.decode()
    change.refresh_from_db()
    assert change.state == PendingChange.State.WAITING

    response = maria.post(reject, {"comment": "It docked at Rassvet, not Poisk."}, follow=True)
    assert "Eddie Editor sees your comment" in messages_of(response)[-1]
    live_article.refresh_from_db()
    assert live_article.body == "The Soyuz docked at Rassvet."
    assert "docked at Rassvet" in public_html(live_article.get_absolute_url())

    page = eddie.get(article_url(live_article))
    assert any(
        "Maria Publisher rejected your change" in m and "It docked at Rassvet, not Poisk." in m
        for m in messages_of(page)
    )
    listing = eddie.get(WAITING_LIST + "?state__exact=rejected").content.decode()
    assert "It docked at Rassvet, not Poisk." in listing
    review = eddie.get(review_url(change))
    html = review.content.decode()
    assert "What this change edited" in html and "<ins>Poisk.</ins>" in html
    assert "It docked at Rassvet, not Poisk." in html and "Approve and publish" not in html


def test_editors_cannot_approve_or_reject_even_by_address(editor, live_article):
    other = UserFactory(username="ed2", roles=[EDITORS])
    login(other).post(article_url(live_article), article_form(live_article, body="Changed."))
    change = PendingChange.objects.get()
    eddie = login(editor)
    for name in ("approve", "reject"):
        url = review_url(change, name)
        assert eddie.post(url, {"comment": "no"}).status_code == 403
    # Someone else's change is not theirs to read either; their own they may read.
    assert eddie.get(review_url(change)).status_code == 403
    own = login(other).get(review_url(change))
    assert own.status_code == 200 and "Approve and publish" not in own.content.decode()
    change.refresh_from_db()
    assert change.state == PendingChange.State.WAITING
    live_article.refresh_from_db()
    assert live_article.body == "The Soyuz docked at Rassvet."


def test_the_authors_second_save_replaces_the_first(editor, live_article):
    eddie = login(editor)
    eddie.post(article_url(live_article), article_form(live_article, body="First try."))
    page = eddie.get(article_url(live_article))
    assert any("is waiting for approval" in m for m in messages_of(page))
    eddie.post(article_url(live_article), article_form(live_article, body="Second try."))
    states = dict(PendingChange.objects.values_list("data__fields__body", "state"))
    assert states == {
        "First try.": PendingChange.State.REPLACED,
        "Second try.": PendingChange.State.WAITING,
    }


def test_the_list_actions_stay_with_publishers(editor, live_article):
    changelist = reverse("admin:news_article_changelist")
    eddie = login(editor)
    assert 'value="unpublish"' not in eddie.get(changelist).content.decode()
    for action in ("unpublish", "delete_selected"):
        eddie.post(changelist, {"action": action, "_selected_action": [live_article.pk]})
    live_article.refresh_from_db()
    assert live_article.status == Article.Status.PUBLISHED
    assert "docked at Rassvet" in public_html(live_article.get_absolute_url())


def test_staff_preview_the_waiting_change_never_cached_visitors_get_the_live_page(
    editor, publisher, live_article
):
    login(editor).post(article_url(live_article), article_form(live_article, body="At Poisk."))
    change = PendingChange.objects.get()
    url = f"{live_article.get_absolute_url()}?pending={change.pk}"
    for user in (editor, publisher):
        response = login(user).get(url)
        html = response.content.decode()
        assert "At Poisk." in html and "a change waiting for approval" in html
        assert "no-store" in response["Cache-Control"]
    visitor = public_html(url)
    assert "docked at Rassvet" in visitor and "Poisk" not in visitor
    other_editor = login(UserFactory(username="ed3", roles=[EDITORS])).get(url)
    assert "Poisk" not in other_editor.content.decode()
    assert login(editor).get(f"{live_article.get_absolute_url()}?pending=x1").status_code == 200


# --- Galleries ----------------------------------------------------------------------------------


def test_an_editors_reorder_caption_add_and_removal_wait_for_approval(
    editor, publisher, live_gallery
):
    a, b, c = live_gallery.items.order_by("position")
    new_image = ImageFactory(title="Drawing D")
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]
    rows = [
        (c, c.image, 1, "", False),
        (a, a.image, 2, "A, seen again.", False),
        (b, b.image, 3, "", True),
        (None, new_image, 0, "", False),
    ]
    response = login(editor).post(
        gallery_url(live_gallery), gallery_form(live_gallery, rows, title="Outlines"), follow=True
    )
    assert messages_of(response)[-1].startswith("Sent for approval")
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]
    live_gallery.refresh_from_db()
    assert live_gallery.title == "Station outlines" and live_gallery.items.count() == 3

    change = PendingChange.objects.get()
    preview = login(editor).get(f"{live_gallery.get_absolute_url()}?pending={change.pk}")
    html = preview.content.decode()
    assert html.index("Drawing C") < html.index("Drawing A") < html.index("Drawing D")
    assert "Drawing B" not in html and "no-store" in preview["Cache-Control"]

    maria = login(publisher)
    review = maria.get(review_url(change))
    html = review.content.decode()
    assert "Images in gallery" in html and "<ins>1. Drawing C</ins>" in html
    maria.post(review_url(change, "approve"))
    assert public_titles(live_gallery) == ["Drawing C", "Drawing A", "Drawing D"]
    live_gallery.refresh_from_db()
    assert live_gallery.title == "Outlines"
    assert [(i.image.title, i.position, i.caption) for i in live_gallery.items.all()] == [
        ("Drawing C", 1, ""),
        ("Drawing A", 2, "A, seen again."),
        ("Drawing D", 3, ""),
    ]


def test_a_rejected_gallery_change_keeps_the_live_order(editor, publisher, live_gallery):
    a, b, c = live_gallery.items.order_by("position")
    rows = [(c, c.image, 1, "", False), (a, a.image, 2, "", False), (b, b.image, 3, "", False)]
    login(editor).post(gallery_url(live_gallery), gallery_form(live_gallery, rows))
    change = PendingChange.objects.get()
    login(publisher).post(
        review_url(change, "reject"),
        {"comment": "Keep the order of assembly."},
    )
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]
    page = login(editor).get(gallery_url(live_gallery))
    assert any("Keep the order of assembly." in m for m in messages_of(page))


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_publishers_reorder_live_galleries_at_once(request, role, live_gallery):
    a, b, c = live_gallery.items.order_by("position")
    rows = [(c, c.image, 1, "", False), (a, a.image, 2, "", False), (b, b.image, 3, "", False)]
    public_titles(live_gallery)
    response = login(request.getfixturevalue(role)).post(
        gallery_url(live_gallery), gallery_form(live_gallery, rows)
    )
    assert response.status_code == 302
    assert public_titles(live_gallery) == ["Drawing C", "Drawing A", "Drawing B"]
    assert not PendingChange.objects.exists()


def test_an_editors_change_to_a_draft_gallery_is_saved_at_once(editor):
    gallery = gallery_with_images(1, status=Gallery.Status.DRAFT, publish_at=None)
    (item,) = gallery.items.all()
    rows = [(item, item.image, 1, "New caption.", False)]
    login(editor).post(gallery_url(gallery), gallery_form(gallery, rows))
    item.refresh_from_db()
    assert item.caption == "New caption." and not PendingChange.objects.exists()


def titles_once_approved(response, live_gallery, publisher):
    """An image added to the live gallery waits: the public gallery is unchanged until a
    Publisher approves. Returns the public titles after the approval."""
    assert any(
        m.startswith("Sent for approval: adding it to the gallery “Station outlines”")
        for m in messages_of(response)
    )
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]
    change = PendingChange.objects.get()
    login(publisher).post(review_url(change, "approve"))
    return public_titles(live_gallery)


def test_adding_an_image_to_a_live_gallery_from_its_page_waits(editor, publisher, live_gallery):
    image = ImageFactory(title="Drawing D", alt_text="A grey square on a blue ground")
    url = reverse("admin:media_gallery_image_change", args=[image.pk])
    response = login(editor).post(
        url,
        {
            "title": image.title,
            "alt_text": image.alt_text,
            "caption": "",
            "credit": "",
            "license": "",
            "source_url": "",
            "taken_at": "",
            "tags": "",
            "loaded_version": str(image.version),
            "add_to_gallery": live_gallery.pk,
        },
        follow=True,
    )
    titles = titles_once_approved(response, live_gallery, publisher)
    assert titles == ["Drawing A", "Drawing B", "Drawing C", "Drawing D"]


def test_the_gallery_actions_stay_with_publishers(editor, live_gallery):
    changelist = reverse("admin:media_gallery_gallery_changelist")
    for action in ("unpublish", "delete_selected"):
        login(editor).post(changelist, {"action": action, "_selected_action": [live_gallery.pk]})
    live_gallery.refresh_from_db()
    assert live_gallery.status == Gallery.Status.PUBLISHED
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]


def test_a_bulk_upload_into_a_live_gallery_waits(editor, publisher, live_gallery):
    from tests.media_gallery.factories import upload

    response = login(editor).post(
        reverse("admin:media_gallery_image_bulk_upload"),
        {"files": [upload("soyuz-docking.jpg")], "gallery": live_gallery.pk},
        follow=True,
    )
    assert titles_once_approved(response, live_gallery, publisher)[-1] == "Soyuz docking"


def test_a_data_editor_cannot_change_or_reorder_a_gallery(data_editor, live_gallery):
    a, b, c = live_gallery.items.order_by("position")
    rows = [(c, c.image, 1, "", False), (a, a.image, 2, "", False), (b, b.image, 3, "", False)]
    client = login(data_editor)
    assert client.get(gallery_url(live_gallery)).status_code == 403
    assert (
        client.post(gallery_url(live_gallery), gallery_form(live_gallery, rows)).status_code == 403
    )
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]
    assert not PendingChange.objects.exists()


def test_a_later_live_save_is_kept_when_an_older_change_is_approved(
    editor, publisher, live_article
):
    login(editor).post(article_url(live_article), article_form(live_article, body="Poisk."))
    maria = login(publisher)
    maria.post(article_url(live_article), article_form(live_article, summary="New summary."))
    change = PendingChange.objects.get()
    html = maria.get(review_url(change))
    html = html.content.decode()
    assert "The live record was saved again after this change was sent" in html
    # Only the Editor's edit is shown and applied: the Publisher's later summary stays.
    assert '<th scope="row">Body</th>' in html and '<th scope="row">Summary</th>' not in html
    maria.post(review_url(change, "approve"))
    live_article.refresh_from_db()
    assert live_article.body == "Poisk." and live_article.summary == "New summary."
