"""Search, sitemap and the page cache with articles: drafts never leak, changes show at once."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from news.models import Article
from tests.news.factories import ArticleFactory
from tests.pages import whole_sitemap

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return {
        "live": ArticleFactory(
            title="Cupola installed", body="The crew fitted the Cupola window.", tags=["Cupola"]
        ),
        "draft": ArticleFactory(title="Cupola draft notes", draft=True, tags=["Secret"]),
        "scheduled": ArticleFactory(title="Cupola anniversary", scheduled=True, tags=["Later"]),
    }


def test_search_finds_published_articles_and_never_drafts(client, articles):
    html = client.get("/search/", {"q": "cupola"}).content.decode()
    assert "Cupola installed" in html
    assert "Cupola draft notes" not in html
    assert "Cupola anniversary" not in html
    assert "1 result" in html


def test_sitemap_lists_published_articles_and_tags_only(client, articles):
    xml = whole_sitemap(client)
    assert articles["live"].get_absolute_url() in xml
    assert "/news/tags/cupola/" in xml
    assert "/news/" in xml and "/blog/" in xml
    assert articles["draft"].get_absolute_url() not in xml
    assert articles["scheduled"].get_absolute_url() not in xml
    assert "/news/tags/secret/" not in xml and "/news/tags/later/" not in xml


def test_json_ld_describes_the_article(client, articles):
    html = client.get(articles["live"].get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "NewsArticle"' in html
    assert '"headline": "Cupola installed"' in html
    assert '<meta property="og:type" content="article">' in html
    assert html.count('rel="canonical"') == 1


class TestCachedPagesStayFresh:
    @pytest.fixture(autouse=True)
    def page_cache_on(self, settings):
        settings.PAGE_CACHE = True

    def test_publishing_shows_at_once_and_unpublishing_hides_at_once(
        self, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            article = ArticleFactory(title="Dragon docks", draft=True)
        assert "Dragon docks" not in client.get("/news/").content.decode()
        assert client.get("/news/")["X-Cache"] == "hit"

        with django_capture_on_commit_callbacks(execute=True):
            article.status = Article.Status.PUBLISHED
            article.save()
        response = client.get("/news/")
        assert response["X-Cache"] == "miss"
        assert "Dragon docks" in response.content.decode()
        assert client.get(article.get_absolute_url()).status_code == 200

        with django_capture_on_commit_callbacks(execute=True):
            article.status = Article.Status.DRAFT
            article.save()
        assert "Dragon docks" not in client.get("/news/").content.decode()
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_a_scheduled_article_goes_live_on_a_warm_cache(
        self, client, django_capture_on_commit_callbacks
    ):
        go_live = timezone.now() + datetime.timedelta(hours=2)
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory(title="Spacewalk preview", publish_at=go_live)
        assert "Spacewalk preview" not in client.get("/news/").content.decode()
        assert client.get("/news/")["X-Cache"] == "hit"
        with time_machine.travel(go_live + datetime.timedelta(seconds=1)):
            assert "Spacewalk preview" in client.get("/news/").content.decode()
