"""The staff preview of a waiting change (``?pending=<id>``) shows that change whole: its
text, and its tags and linked station records rather than the live ones (issue 16 §1)."""

import pytest

from issportal.moderation import PendingChange
from tests.factories import AstronautFactory, ExpeditionFactory

from .helpers import article_form, article_url, login, public_html

pytestmark = pytest.mark.django_db


def tag_links(html):
    return [part.split("</a>")[0] for part in html.split('rel="tag">')[1:]]


def test_the_preview_shows_the_waiting_changes_tags_and_linked_records(
    editor, publisher, live_article
):
    old_expedition = ExpeditionFactory(number=22)
    new_expedition = ExpeditionFactory(number=23)
    person = AstronautFactory(name="Oleg Kononenko")
    live_article.tags.add("Soyuz", "Rassvet")
    live_article.expeditions.add(old_expedition)
    live_article.astronauts.add(person)
    login(editor).post(
        article_url(live_article),
        article_form(
            live_article,
            body="At Poisk.",
            tags="Progress, Rassvet",  # Progress is a new tag, Soyuz is dropped
            expeditions=[new_expedition.pk],  # and the crew link is dropped
        ),
    )
    change = PendingChange.objects.get()
    preview_url = f"{live_article.get_absolute_url()}?pending={change.pk}"
    for user in (editor, publisher):
        html = login(user).get(preview_url).content.decode()
        assert "At Poisk." in html
        assert tag_links(html) == ["Progress", "Rassvet"]
        assert "Expedition 23" in html
        assert "Expedition 22" not in html and "Oleg Kononenko" not in html

    live = public_html(live_article.get_absolute_url())
    assert tag_links(live) == ["Rassvet", "Soyuz"]
    assert "Expedition 22" in live and "Oleg Kononenko" in live
    assert "Expedition 23" not in live


def test_with_kept_pages_the_preview_is_never_the_kept_live_version(
    settings, editor, publisher, live_article
):
    from .helpers import review_url

    settings.DERIVED_DATA_CACHE = True
    url = live_article.get_absolute_url()
    assert "The Soyuz docked at Rassvet." in public_html(url)  # now kept
    login(editor).post(article_url(live_article), article_form(live_article, body="At Poisk."))
    change = PendingChange.objects.get()
    for user in (editor, publisher):
        html = login(user).get(f"{url}?pending={change.pk}").content.decode()
        assert "At Poisk." in html and "Rassvet." not in html
    assert "The Soyuz docked at Rassvet." in public_html(url)
    login(publisher).post(review_url(change, "approve"))
    assert "At Poisk." in public_html(url)
