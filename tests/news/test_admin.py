"""The article admin: who may publish, and no lost edits."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from issportal.moderation import PendingChange
from issportal.roles import DATA_EDITORS, EDITORS, PUBLISHERS
from news.models import Article
from tests.factories import ExpeditionFactory, UserFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:news_article_add")
LIST_URL = reverse("admin:news_article_changelist")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def login(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(article=None, **changes):
    """What the admin's change form posts for ``article`` as loaded, with ``changes``."""
    data = {
        "kind": "news",
        "title": "Soyuz docks",
        "slug": "soyuz-docks",
        "summary": "A Soyuz docked.",
        "body": "The Soyuz docked.",
        "byline": "Staff",
        "tags": "Soyuz",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "loaded_version": "",
    }
    if article is not None:
        article.refresh_from_db()
        moment = article.publish_at and timezone.localtime(article.publish_at, datetime.UTC)
        data.update(
            kind=article.kind,
            title=article.title,
            slug=article.slug,
            summary=article.summary,
            body=article.body,
            byline=article.byline,
            tags=", ".join(tag.name for tag in article.tags.all()),
            status=article.status,
            publish_at_0=moment.strftime("%Y-%m-%d") if moment else "",
            publish_at_1=moment.strftime("%H:%M:%S") if moment else "",
            loaded_version=str(article.version),
        )
    data.update(changes)
    return data


def errors_of(response):
    form = response.context["adminform"].form
    return form.errors


def test_roles_hold_the_publish_permission_only_for_publishers():
    permission = Permission.objects.get(codename="publish_article")
    assert permission.name == "Can publish articles"
    assert Group.objects.get(name=PUBLISHERS).permissions.filter(pk=permission.pk).exists()
    assert not Group.objects.get(name=EDITORS).permissions.filter(pk=permission.pk).exists()
    editor_codenames = set(
        Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {"add_article", "change_article", "view_article"} <= editor_codenames


def test_editor_writes_a_draft(editor):
    client = login(editor)
    response = client.post(ADD_URL, form_data())
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get(slug="soyuz-docks")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor and article.updated_by == editor
    assert article.version == 1
    assert [tag.name for tag in article.tags.all()] == ["Soyuz"]


def test_editor_cannot_add_an_article_as_published(editor):
    response = login(editor).post(ADD_URL, form_data(status="published"))
    assert response.status_code == 200
    assert "Only publishers can publish" in str(errors_of(response)["status"])
    assert not Article.objects.exists()


def test_editor_cannot_publish_a_draft_through_the_form(editor):
    article = ArticleFactory(draft=True, body="Draft text.")
    response = login(editor).post(
        change_url(article), form_data(article, status="published", body="Changed text.")
    )
    assert response.status_code == 200
    assert "Only publishers can publish" in str(errors_of(response)["status"])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.body == "Draft text."
    assert article.version == 1


def test_editor_cannot_schedule_a_draft(editor):
    article = ArticleFactory(draft=True)
    later = timezone.now() + datetime.timedelta(days=5)
    response = login(editor).post(
        change_url(article),
        form_data(
            article,
            status="published",
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1="09:00:00",
        ),
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_editor_cannot_unpublish_or_reschedule(editor):
    article = ArticleFactory()
    client = login(editor)
    response = client.post(change_url(article), form_data(article, status="draft"))
    assert response.status_code == 200
    assert "Only publishers" in str(errors_of(response)["status"])
    response = client.post(
        change_url(article), form_data(article, publish_at_0="2099-01-01", publish_at_1="10:00")
    )
    assert response.status_code == 200
    assert "Only publishers can change when" in str(errors_of(response)["publish_at"])
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at < timezone.now()


def test_editor_may_send_a_correction_of_a_published_article(editor):
    article = ArticleFactory(body="Teh typo.")
    article.publish_at = article.publish_at.replace(microsecond=123456)
    article.save()
    response = login(editor).post(change_url(article), form_data(article, body="The typo."))
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    # The correction waits for a Publisher (tests/editing/test_moderation.py).
    assert article.body == "Teh typo."
    assert PendingChange.objects.get().data["fields"]["body"] == "The typo."
    assert article.status == Article.Status.PUBLISHED


def test_publisher_publishes_and_schedules_through_the_form(publisher):
    client = login(publisher)
    draft = ArticleFactory(draft=True, publish_at=None)
    response = client.post(change_url(draft), form_data(draft, status="published"))
    assert response.status_code == 302, errors_of(response)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.publish_at <= timezone.now()  # no time given: now
    assert draft.updated_by == publisher

    response = client.post(
        ADD_URL,
        form_data(status="published", publish_at_0="2099-05-01", publish_at_1="08:00:00"),
    )
    assert response.status_code == 302, errors_of(response)
    scheduled = Article.objects.get(slug="soyuz-docks")
    assert scheduled.is_scheduled
    assert scheduled not in Article.objects.published()


def post_action(client, action, articles):
    return client.post(
        LIST_URL,
        {"action": action, "_selected_action": [article.pk for article in articles]},
        follow=True,
    )


def test_editor_cannot_publish_or_unpublish_with_the_list_actions(editor):
    draft = ArticleFactory(draft=True)
    live = ArticleFactory()
    client = login(editor)
    page = client.get(LIST_URL).content.decode()
    assert 'value="publish"' not in page
    post_action(client, "publish", [draft])
    post_action(client, "unpublish", [live])
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and draft.version == 1
    assert live.status == Article.Status.PUBLISHED and live.version == 1


def test_publisher_publishes_and_unpublishes_with_the_list_actions(publisher):
    draft = ArticleFactory(draft=True, publish_at=None)
    later = ArticleFactory(draft=True, publish_at=timezone.now() + datetime.timedelta(days=2))
    live = ArticleFactory()
    client = login(publisher)
    assert 'value="publish"' in client.get(LIST_URL).content.decode()
    response = post_action(client, "publish", [draft, later])
    assert "Published 2 articles (1 scheduled for a later time)." in response.content.decode()
    draft.refresh_from_db()
    later.refresh_from_db()
    assert draft.is_public and draft.version == 2 and draft.updated_by == publisher
    assert later.is_scheduled and later.version == 2

    response = post_action(client, "unpublish", [live])
    assert "Unpublished 1 article" in response.content.decode()
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT and live.version == 2


def test_edit_conflict_is_refused_with_who_and_when_and_the_text_is_kept(editor, publisher):
    article = ArticleFactory(draft=True, body="Original text.")
    maria, eddie = login(publisher), login(editor)
    opened = datetime.datetime(2024, 3, 1, 14, 0, tzinfo=datetime.UTC)
    with time_machine.travel(opened, tick=False):
        # Both open the form: each carries the version it was loaded with.
        for client in (maria, eddie):
            html = client.get(change_url(article)).content.decode()
            assert 'name="loaded_version" value="1"' in html
        maria_form = form_data(article, body="Maria's text.")
        eddie_form = form_data(article, body="Eddie's careful rewrite.")
    with time_machine.travel(opened + datetime.timedelta(minutes=2), tick=False):
        assert maria.post(change_url(article), maria_form).status_code == 302
    with time_machine.travel(opened + datetime.timedelta(minutes=5), tick=False):
        response = eddie.post(change_url(article), eddie_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Maria Publisher changed this article at 14:02 UTC after you opened it; your text is "
        "kept below — copy your changes, reload, and apply them again."
    ) in html
    assert "Eddie&#x27;s careful rewrite." in html  # the refused text is in the form
    article.refresh_from_db()
    assert article.body == "Maria's text."
    assert article.updated_by == publisher
    assert article.version == 2


def test_a_conflict_on_another_day_names_the_date(editor, publisher):
    article = ArticleFactory(draft=True)
    eddie_form = form_data(article, body="Late edit.")
    with time_machine.travel(datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)):
        assert login(publisher).post(change_url(article), form_data(article)).status_code == 302
    with time_machine.travel(datetime.datetime(2024, 3, 2, 8, 0, tzinfo=datetime.UTC)):
        response = login(editor).post(change_url(article), eddie_form)
    assert "changed this article on 1 March 2024 at 09:30 UTC" in response.content.decode()


def test_an_action_between_load_and_save_is_a_conflict_too(editor, publisher):
    article = ArticleFactory(draft=True)
    eddie_form = form_data(article, body="Edited.")
    post_action(login(publisher), "publish", [article])
    response = login(editor).post(change_url(article), eddie_form)
    assert response.status_code == 200
    assert "Maria Publisher changed this article" in response.content.decode()


def test_a_change_without_the_loaded_version_is_refused(editor):
    article = ArticleFactory(draft=True, body="Kept.")
    response = login(editor).post(
        change_url(article), form_data(article, loaded_version="", body="Changed.")
    )
    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "Kept." and article.version == 1


def test_version_goes_up_on_every_save_and_saving_in_turn_works(editor):
    article = ArticleFactory(draft=True)
    client = login(editor)
    for expected in (2, 3):
        response = client.post(change_url(article), form_data(article, body=f"v{expected}"))
        assert response.status_code == 302, errors_of(response)
        article.refresh_from_db()
        assert article.version == expected


def test_change_form_has_a_preview_link_and_station_autocomplete(editor):
    ExpeditionFactory(number=1)
    article = ArticleFactory(draft=True)
    html = login(editor).get(change_url(article)).content.decode()
    assert f'<a href="{article.get_absolute_url()}">Preview: how it will look' in html
    assert "admin-autocomplete" in html
    assert 'name="expeditions"' in html


def test_change_list_filters_search_and_columns_work(editor):
    ArticleFactory(title="Dragon berthed", tags=["SpaceX"])
    ArticleFactory(title="Soyuz plans", draft=True)
    ArticleFactory(title="Future plans", scheduled=True)
    client = login(editor)
    for query in (
        "",
        "?visibility=live",
        "?visibility=scheduled",
        "?visibility=draft",
        "?status__exact=draft",
        "?kind__exact=news",
        "?tags__id__exact=1",
        "?q=Dragon",
        "?publish_at__year=2024",
    ):
        assert client.get(LIST_URL + query).status_code == 200, query
    html = client.get(LIST_URL + "?visibility=scheduled").content.decode()
    assert "Future plans" in html and "Dragon berthed" not in html
    assert "Scheduled" in html


def test_reserved_slugs_are_refused(publisher):
    response = login(publisher).post(ADD_URL, form_data(slug="feed"))
    assert response.status_code == 200
    assert "slug" in errors_of(response)


def test_a_new_article_is_signed_by_its_writer(editor):
    html = login(editor).get(ADD_URL).content.decode()
    assert re.search(r'<input[^>]+name="byline"[^>]+value="Eddie Editor"', html)


def save_messages(response):
    return [str(m) for m in response.context["messages"]]


def test_save_messages_say_what_happened_for_the_public(editor, publisher):
    eddie, maria = login(editor), login(publisher)
    draft = eddie.post(ADD_URL, form_data(), follow=True)
    assert save_messages(draft)[-1].endswith("Saved as a draft: the public does not see it.")
    article = Article.objects.get(slug="soyuz-docks")

    with time_machine.travel(datetime.datetime(2026, 11, 29, 8, tzinfo=datetime.UTC)):
        scheduled = maria.post(
            change_url(article),
            form_data(
                article, status="published", publish_at_0="2026-11-30", publish_at_1="09:00:00"
            ),
            follow=True,
        )
        assert save_messages(scheduled)[-1].endswith(
            "Scheduled: it goes live on 30 November 2026 at 09:00 UTC."
        )
        live = maria.post(
            change_url(article),
            form_data(
                article, status="published", publish_at_0="2026-11-29", publish_at_1="07:00:00"
            ),
            follow=True,
        )
        assert save_messages(live)[-1].endswith("Published: it is live now.")


PREVIEW_URL = reverse("admin:news_article_markdown_preview")
MARKDOWN = "## Docking\n\nThe **Soyuz** docked. <script>alert(1)</script>\n"


def test_the_body_preview_is_rendered_as_the_public_page_renders_it(editor):
    client = login(editor)
    response = client.post(PREVIEW_URL, {"text": MARKDOWN})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html == str(ArticleFactory(body=MARKDOWN).body_html)
    assert "<h2" in html and "<strong>Soyuz</strong>" in html and "<script" not in html
    article = ArticleFactory(draft=True, body=MARKDOWN)
    form = client.get(change_url(article)).content.decode()
    assert 'class="markdown-preview"' in form and "<strong>Soyuz</strong>" in form


def test_the_body_preview_is_for_article_staff_only(client):
    client.force_login(UserFactory(roles=[DATA_EDITORS]))
    assert client.post(PREVIEW_URL, {"text": MARKDOWN}).status_code == 403
    assert login(UserFactory(roles=[EDITORS])).get(PREVIEW_URL).status_code == 405
    too_long = login(UserFactory(roles=[EDITORS])).post(PREVIEW_URL, {"text": "x" * 200_001})
    assert too_long.status_code == 400


def test_articles_keep_their_own_tags_matched_without_case(editor):
    from media_gallery.models import ImageTag
    from news.models import ArticleTag
    from tests.media_gallery.factories import ImageFactory

    ImageFactory(tags=["Truss", "Solar array"])  # the images' vocabulary
    ArticleFactory(title="Zarya launched", tags=["Assembly"])
    ArticleTag.objects.create(name="Unused", slug="unused")
    client = login(editor)
    assert client.post(ADD_URL, form_data(tags="assembly, Soyuz")).status_code == 302
    assert sorted(ArticleTag.objects.values_list("slug", flat=True)) == [
        "assembly",
        "soyuz",
        "unused",
    ]
    assert sorted(ImageTag.objects.values_list("name", flat=True)) == ["Solar array", "Truss"]
    changelist = client.get(LIST_URL).content.decode()
    filter_links = re.findall(r'href="\?tags__id__exact=\d+"[^>]*>([^<]+)<', changelist)
    assert sorted(filter_links) == ["Assembly", "Soyuz"]  # used by articles, and only those


def test_editors_may_add_and_see_tags_of_both_vocabularies():
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"add_articletag", "view_articletag", "add_imagetag", "view_imagetag"} <= editors
