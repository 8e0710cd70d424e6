"""Drafts and scheduled articles are invisible to the public everywhere; staff may preview."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from issportal.roles import DATA_EDITORS, EDITORS, PUBLISHERS
from news.models import Article
from tests.factories import (
    AstronautFactory,
    ExpeditionFactory,
    SpacewalkFactory,
    UserFactory,
    VisitFactory,
)
from tests.news.factories import ArticleFactory, BlogPostFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 6, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def articles():
    """One published, one draft and one scheduled article of each kind, all tagged "crew"."""
    made = {}
    with time_machine.travel(NOW, tick=False):
        for label, factory in (("news", ArticleFactory), ("blog", BlogPostFactory)):
            made[f"{label}_live"] = factory(
                title=f"Live {label}", tags=["Crew"], publish_at=NOW - datetime.timedelta(days=2)
            )
            made[f"{label}_draft"] = factory(
                title=f"Draft {label}",
                draft=True,
                tags=["Crew"],
                publish_at=NOW - datetime.timedelta(days=3),
            )
            made[f"{label}_scheduled"] = factory(
                title=f"Scheduled {label}",
                tags=["Crew"],
                publish_at=NOW + datetime.timedelta(days=1),
            )
    return made


HIDDEN = ["news_draft", "news_scheduled", "blog_draft", "blog_scheduled"]
LIST_URLS = [
    "/news/",
    "/news/?tag=crew",
    "/news/?month=2024-06",
    "/news/?kind=blog",
    "/blog/",
    "/blog/2024/06/",
    "/news/tags/crew/",
]
FEED_URLS = ["/news/feed/", "/news/feed/atom/", "/blog/feed/", "/blog/feed/atom/"]
FEED_URLS += ["/news/tags/crew/feed/", "/news/tags/crew/feed/atom/"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("url", LIST_URLS + FEED_URLS)
def test_drafts_and_scheduled_articles_are_absent_from_every_list_and_feed(client, articles, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    for key in HIDDEN:
        assert articles[key].title not in content, (url, key)
        assert articles[key].get_absolute_url() not in content, (url, key)
    assert articles["blog_live"].title in content


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("key", HIDDEN)
def test_unpublished_article_pages_are_not_found_for_visitors(client, articles, key):
    assert client.get(articles[key].get_absolute_url()).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_unpublished_pages_are_not_found_for_a_logged_in_non_staff_user(client, articles):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(articles["news_draft"].get_absolute_url()).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_month_with_only_unpublished_posts_is_not_found(client):
    BlogPostFactory(draft=True, publish_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC))
    BlogPostFactory(publish_at=datetime.datetime(2024, 7, 5, tzinfo=datetime.UTC))
    assert client.get("/blog/2024/03/").status_code == 404
    assert client.get("/blog/2024/07/").status_code == 404  # still in the future
    assert client.get("/blog/2024/13/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_tag_only_unpublished_articles_carry_is_not_found(client):
    ArticleFactory(draft=True, tags=["Secret plans"])
    ArticleFactory(scheduled=True, tags=["Secret plans"])
    assert client.get("/news/tags/secret-plans/").status_code == 404
    assert client.get("/news/tags/no-such-tag/").status_code == 404
    html = client.get("/news/").content.decode()
    assert "Secret plans" not in html  # not offered in the tag menu either


@time_machine.travel(NOW, tick=False)
def test_blog_archive_lists_only_months_with_published_posts(client, articles):
    BlogPostFactory(draft=True, publish_at=datetime.datetime(2023, 1, 5, tzinfo=datetime.UTC))
    html = client.get("/blog/").content.decode()
    assert "/blog/2024/06/" in html
    assert "/blog/2023/01/" not in html


@time_machine.travel(NOW, tick=False)
def test_blog_archive_marks_the_month_shown(client, articles):
    BlogPostFactory(publish_at=datetime.datetime(2023, 1, 5, tzinfo=datetime.UTC))
    html = client.get("/blog/2024/06/").content.decode()
    assert '<a href="/blog/2024/06/" aria-current="page">June 2024</a>' in html
    assert '<a href="/blog/2023/01/">January 2023</a> <span class="muted">(1)</span>' in html
    assert 'aria-current="page">June' not in client.get("/blog/").content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("key", ["news_draft", "news_scheduled", "blog_draft"])
def test_staff_preview_shows_the_article_privately(client, articles, key):
    client.force_login(UserFactory(roles=[EDITORS]))
    article = articles[key]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html
    assert f"<h1>{article.title}</h1>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache", "no-store"} <= cache_control


@time_machine.travel(NOW, tick=False)
def test_preview_of_a_scheduled_article_says_when_it_goes_public(client, articles):
    client.force_login(UserFactory(roles=[PUBLISHERS]))
    html = client.get(articles["news_scheduled"].get_absolute_url()).content.decode()
    assert "Scheduled to go public" in html
    assert '<time datetime="2024-06-16T12:00Z">16 June 2024, 12:00 UTC</time>' in html


@time_machine.travel(NOW, tick=False)
def test_a_published_article_looks_the_same_for_staff_with_no_notice(client, articles):
    url = articles["news_live"].get_absolute_url()
    public = client.get(url)
    client.force_login(UserFactory(is_staff=True))
    staff = client.get(url)
    assert "Preview" not in staff.content.decode()
    # Logged-in pages are never cached anywhere, previews or not.
    assert "private" in staff["Cache-Control"]
    assert public.content.decode().count("<article") == staff.content.decode().count("<article")


def test_a_scheduled_article_appears_when_its_time_comes_with_nothing_run(client):
    go_live = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(go_live - datetime.timedelta(minutes=1), tick=False):
        article = ArticleFactory(
            title="Scheduled for nine", kind=Article.Kind.BLOG_POST, publish_at=go_live
        )
        article.tags.add("Launches")
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Scheduled for nine" not in client.get("/news/").content.decode()
        assert "Scheduled for nine" not in client.get("/blog/feed/").content.decode()
    with time_machine.travel(go_live, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Scheduled for nine" in client.get("/news/").content.decode()
        assert "Scheduled for nine" in client.get("/blog/").content.decode()
        assert client.get("/blog/2030/01/").status_code == 200
        assert client.get("/news/tags/launches/").status_code == 200
        feed = ET.fromstring(client.get("/blog/feed/").content)  # noqa: S314 - our own feed
        assert [item.findtext("title") for item in feed.iter("item")] == ["Scheduled for nine"]


@time_machine.travel(NOW, tick=False)
def test_previous_and_next_links_skip_unpublished_articles(client):
    first = ArticleFactory(title="First", publish_at=NOW - datetime.timedelta(days=10))
    ArticleFactory(title="Hidden draft", draft=True, publish_at=NOW - datetime.timedelta(days=5))
    middle = ArticleFactory(title="Middle", publish_at=NOW - datetime.timedelta(days=3))
    ArticleFactory(title="Hidden future", publish_at=NOW + datetime.timedelta(days=1))
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert 'rel="next"' not in html
    assert "Hidden" not in html


@time_machine.travel(NOW, tick=False)
def test_station_pages_list_only_their_published_articles(client):
    expedition = ExpeditionFactory(number=1)
    person = AstronautFactory(slug="william-shepherd")
    spacewalk = SpacewalkFactory(designation="STS-88 EVA 1")
    visit = VisitFactory(name="Soyuz TM-31")
    links = {
        "expeditions": [expedition],
        "astronauts": [person],
        "spacewalks": [spacewalk],
        "visits": [visit],
    }
    ArticleFactory(title="Public story", links=links)
    ArticleFactory(title="Draft story", draft=True, links=links)
    ArticleFactory(title="Future story", scheduled=True, links=links)
    for record in (expedition, person, spacewalk, visit):
        html = client.get(record.get_absolute_url()).content.decode()
        assert "Public story" in html, record
        assert "Draft story" not in html
        assert "Future story" not in html


@time_machine.travel(NOW, tick=False)
def test_published_queryset_is_the_single_rule():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    ArticleFactory(draft=True, publish_at=timezone.now() - datetime.timedelta(days=9))
    assert list(Article.objects.published()) == [live]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("roles", [[DATA_EDITORS], []], ids=["data editor", "no role"])
def test_staff_who_may_not_edit_articles_cannot_preview_them(client, articles, roles):
    client.force_login(UserFactory(roles=roles))
    for key in ("news_draft", "news_scheduled", "blog_draft"):
        assert client.get(articles[key].get_absolute_url()).status_code == 404, key


@time_machine.travel(NOW, tick=False)
def test_kept_article_cards_follow_a_saved_change(
    client, settings, articles, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    article = articles["news_live"]
    assert f">{article.title}</a></h3>" in client.get("/news/").content.decode()
    type(article).objects.filter(pk=article.pk).update(title="Uncommitted title")
    assert f">{article.title}</a></h3>" in client.get("/news/").content.decode()  # kept
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "A saved new title"
        article.save()
    for url in ("/news/", f"/news/tags/{article.tags.first().slug}/"):
        assert ">A saved new title</a></h3>" in client.get(url).content.decode()
