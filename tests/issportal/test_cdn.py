"""What a CDN in front needs: shared-cache headers on public pages, and a purge on change."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from issportal import cache as page_cache
from news.models import Article
from tests.factories import ExpeditionFactory, UserFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
PURGE = "tests.issportal.test_cdn.record_purge"
purges = []


def record_purge():
    purges.append("purge")


def failing_purge():
    raise ConnectionError("CDN unreachable")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    purges.clear()


def cache_control(response):
    return {item.strip() for item in response["Cache-Control"].split(",")}


def test_public_pages_let_a_cdn_keep_them_longer_than_browsers(client, settings):
    settings.PAGE_SHARED_MAX_AGE = 900
    first = client.get("/expeditions/", headers={"accept-encoding": "gzip"})
    again = client.get("/expeditions/", headers={"accept-encoding": "gzip"})
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    for response in (first, again):
        assert cache_control(response) == {"public", "max-age=60", "s-maxage=900"}
        assert response["ETag"] and response["Last-Modified"]


def test_the_default_shared_lifetime_is_five_minutes(client):
    assert "s-maxage=300" in cache_control(client.get("/"))


def test_pages_vary_only_on_what_changes_them(client):
    # The home page is the same for everyone: it varies on compression alone.
    assert client.get("/", headers={"accept-encoding": "gzip"})["Vary"] == "Accept-Encoding"
    # A list staff see with drafts reads the session: a shared cache must tell them apart.
    varies = {v.strip() for v in client.get("/news/")["Vary"].split(",")}
    assert varies == {"Cookie", "Accept-Encoding"}


def test_staff_pages_are_kept_by_no_cdn(client):
    client.force_login(UserFactory())
    control = cache_control(client.get("/news/"))
    assert {"private", "no-store"} <= control
    assert not any(item.startswith("s-maxage") for item in control)


def test_the_purge_hook_is_off_by_default(settings):
    assert settings.CDN_PURGE is None


def test_a_content_change_purges_the_cdn_once_per_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE = PURGE
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for number in (1, 2, 3):
            ExpeditionFactory(number=number)
        # Rows saved in a savepoint that is rolled back ask for nothing; the others still do.
        try:
            with transaction.atomic():
                ExpeditionFactory(number=4)
                raise RuntimeError
        except RuntimeError:
            pass
    assert purges == ["purge"]
    with django_capture_on_commit_callbacks(execute=True):
        ExpeditionFactory(number=5)
    assert purges == ["purge", "purge"]


def test_a_rolled_back_change_purges_nothing(settings, django_capture_on_commit_callbacks):
    settings.CDN_PURGE = PURGE
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                ExpeditionFactory(number=6)
                raise RuntimeError
        except RuntimeError:
            pass
    assert purges == []


def test_publishing_in_the_admin_purges_the_cdn_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE = PURGE
    articles = [ArticleFactory(status="draft", publish_at=None) for _ in range(3)]
    client.force_login(UserFactory(is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", "_selected_action": [a.pk for a in articles]},
        )
    assert Article.objects.filter(status="published").count() == 3
    assert purges == ["purge"]


def test_scheduled_content_going_live_purges_the_cdn(settings, monkeypatch):
    settings.CDN_PURGE = PURGE
    when = datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC)
    monkeypatch.setattr(page_cache, "_schedules", [lambda: when])
    with time_machine.travel(when - datetime.timedelta(hours=1), tick=False):
        page_cache.bump_generation()
        page_cache.current_generation()
    assert purges == []
    with time_machine.travel(when + datetime.timedelta(seconds=1), tick=False):
        page_cache.current_generation()
    assert purges == ["purge"]


def test_a_failing_purge_is_logged_and_the_change_stands(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.CDN_PURGE = "tests.issportal.test_cdn.failing_purge"
    with django_capture_on_commit_callbacks(execute=True):
        expedition = ExpeditionFactory(number=7)
    assert "CDN purge failed" in caplog.text
    assert "ConnectionError: CDN unreachable" in caplog.text
    expedition.refresh_from_db()
