"""An Editor who reopens a record with their change waiting goes on from that change
(issue 16 §3, like Wagtail): the form shows the waiting version, fields, tags, links and
inline rows, says so, and saving replaces that change. A Publisher sees the live version
and a link to review the change."""

import pytest

from issportal.moderation import PendingChange
from tests.factories import ExpeditionFactory
from tests.media_gallery.factories import ImageFactory

from .helpers import (
    article_form,
    article_url,
    gallery_form,
    gallery_url,
    image_form,
    image_url,
    login,
    messages_of,
    public_titles,
    review_url,
)

pytestmark = pytest.mark.django_db


def test_an_editor_reopening_their_waiting_change_sees_it_and_saving_replaces_it(
    editor, live_article
):
    expedition = ExpeditionFactory(number=22)
    eddie = login(editor)
    url = article_url(live_article)
    eddie.post(
        url,
        article_form(live_article, body="At Poisk.", tags="Soyuz", expeditions=[expedition.pk]),
    )
    first = PendingChange.objects.get()

    page = eddie.get(url)
    html = page.content.decode()
    (notice,) = [m for m in messages_of(page) if "waiting for approval" in m]
    assert notice.startswith("Your change sent at ")
    assert "This form shows it, not the live version; saving replaces it" in notice
    assert review_url(first) in notice
    form = page.context["adminform"].form
    assert form["body"].value() == "At Poisk." and ">\nAt Poisk.</textarea>" in html
    assert form["tags"].value() == "Soyuz" and 'value="Soyuz"' in html
    assert form["expeditions"].value() == [expedition.pk]
    assert form["loaded_version"].value() == live_article.version  # the live one

    # Saving what the form shows, with one more edit, replaces the waiting change.
    response = eddie.post(
        url,
        article_form(
            live_article,
            title="Soyuz docks at Poisk",
            body=form["body"].value(),
            tags=form["tags"].value(),
            expeditions=form["expeditions"].value(),
        ),
        follow=True,
    )
    assert messages_of(response)[-1].startswith("Sent for approval")
    first.refresh_from_db()
    assert first.state == PendingChange.State.REPLACED
    second = PendingChange.objects.waiting().get()
    assert second.data["fields"]["title"] == "Soyuz docks at Poisk"
    assert second.data["fields"]["body"] == "At Poisk."  # the first change is kept
    assert second.data["links"]["tags"] == ["Soyuz"]
    assert second.data["links"]["expeditions"] == [expedition.pk]
    live_article.refresh_from_db()
    assert live_article.body == "The Soyuz docked at Rassvet."


def test_a_publisher_opening_it_sees_the_live_version_and_a_link_to_review(
    editor, publisher, live_article
):
    login(editor).post(
        article_url(live_article), article_form(live_article, body="At Poisk.", tags="Soyuz")
    )
    change = PendingChange.objects.get()
    page = login(publisher).get(article_url(live_article))
    (notice,) = [m for m in messages_of(page) if "waiting for approval" in m]
    assert notice.startswith("Eddie Editor sent a change at ")
    assert review_url(change) in notice and "review it" in notice
    form = page.context["adminform"].form
    assert form["body"].value() == "The Soyuz docked at Rassvet."
    assert "At Poisk." not in page.content.decode()
    assert list(form["tags"].value()) == []


def inline_rows(page):
    """The gallery's inline rows as the form shows them, ready to post again."""
    (formset,) = [f.formset for f in page.context["inline_admin_formsets"]]
    rows = []
    for form in formset.forms:
        if form.instance.pk is None and not form["image"].value():
            continue  # the blank row for another image
        image = ImageFactory._meta.model.objects.get(pk=form["image"].value())
        rows.append(
            (
                form.instance if form.instance.pk else None,
                image,
                form["position"].value(),
                form["caption"].value(),
                bool(form["DELETE"].value()),
            )
        )
    return rows


def test_an_editor_reopening_a_waiting_gallery_change_sees_its_rows(
    editor, publisher, live_gallery
):
    a, b, c = live_gallery.items.order_by("position")
    new_image = ImageFactory(title="Drawing D")
    eddie = login(editor)
    url = gallery_url(live_gallery)
    rows = [
        (c, c.image, 1, "", False),
        (a, a.image, 2, "A, seen again.", False),
        (b, b.image, 3, "", True),
        (None, new_image, 4, "", False),
    ]
    eddie.post(url, gallery_form(live_gallery, rows, title="Outlines"))
    first = PendingChange.objects.get()

    page = eddie.get(url)
    assert page.context["adminform"].form["title"].value() == "Outlines"
    shown = inline_rows(page)
    assert [(row[1].title, row[2], row[3], row[4]) for row in shown] == [
        ("Drawing C", 1, "", False),
        ("Drawing A", 2, "A, seen again.", False),
        ("Drawing B", 2, "", True),  # removed by the change: marked for deletion
        ("Drawing D", 3, "", False),  # added by the change: a new row
    ]
    assert shown[3][0] is None

    eddie.post(url, gallery_form(live_gallery, shown, title="Outlines, again"))
    first.refresh_from_db()
    assert first.state == PendingChange.State.REPLACED
    second = PendingChange.objects.waiting().get()
    assert second.data["fields"]["title"] == "Outlines, again"
    assert public_titles(live_gallery) == ["Drawing A", "Drawing B", "Drawing C"]
    login(publisher).post(review_url(second, "approve"))
    assert public_titles(live_gallery) == ["Drawing C", "Drawing A", "Drawing D"]


def test_an_editor_reopening_a_waiting_image_change_sees_its_text_and_tags(editor, live_gallery):
    image = live_gallery.items.order_by("position").first().image
    eddie = login(editor)
    eddie.post(image_url(image), image_form(image, alt_text="Two solar wings", tags="Zarya"))
    page = eddie.get(image_url(image))
    form = page.context["adminform"].form
    assert form["alt_text"].value() == "Two solar wings"
    assert form["tags"].value() == "Zarya"
    assert any(m.startswith("Your change sent at ") for m in messages_of(page))


def test_the_reopened_change_sits_on_the_live_record_as_it_is_now(editor, publisher, live_article):
    eddie = login(editor)
    eddie.post(article_url(live_article), article_form(live_article, body="At Poisk."))
    # Meanwhile a Publisher retitles the live article; the Editor never touched the title.
    login(publisher).post(
        article_url(live_article), article_form(live_article, title="Soyuz MS-25 docks")
    )
    form = eddie.get(article_url(live_article)).context["adminform"].form
    assert form["body"].value() == "At Poisk."
    assert form["title"].value() == "Soyuz MS-25 docks"  # not the title the change began from
