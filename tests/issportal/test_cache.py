import datetime
import threading

import pytest
import time_machine
from django.core.cache import caches

from issportal import cache as page_cache
from tests.factories import ExpeditionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def test_anonymous_pages_are_cached_with_validators(client):
    first = client.get("/expeditions/")
    assert first["X-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert first["ETag"] and first["Last-Modified"]
    second = client.get("/expeditions/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "unsafe-inline" not in second["Content-Security-Policy"]
    revalidated = client.get("/expeditions/", headers={"if-none-match": first["ETag"]})
    assert revalidated.status_code == 304


def test_a_saved_change_shows_at_once(client, django_capture_on_commit_callbacks):
    expedition = ExpeditionFactory(
        number=42, start=datetime.date(2015, 3, 11), end=datetime.date(2015, 9, 11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        expedition.save()
    assert "11 September 2015" in client.get("/expeditions/42/").content.decode()
    assert client.get("/expeditions/42/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        expedition.end = datetime.date(2015, 9, 12)
        expedition.save()
    response = client.get("/expeditions/42/")
    assert response["X-Cache"] == "miss"
    assert "12 September 2015" in response.content.decode()


def test_a_deleted_record_is_gone_at_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        expedition = ExpeditionFactory(number=43)
    assert client.get("/expeditions/43/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        expedition.delete()
    assert client.get("/expeditions/43/").status_code == 404


def test_staff_pages_are_never_cached(client):
    client.force_login(UserFactory())
    for _ in range(2):
        response = client.get("/expeditions/")
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_not_found_pages_are_not_cached(client):
    client.get("/expeditions/999/")
    assert "X-Cache" not in client.get("/expeditions/999/")


def test_scheduled_content_moves_the_generation_when_its_time_comes(monkeypatch):
    when = datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC)
    monkeypatch.setattr(page_cache, "_schedules", [lambda: when])
    with time_machine.travel(when - datetime.timedelta(hours=1), tick=False):
        generation = page_cache.bump_generation()
        assert page_cache.current_generation() == generation
    with time_machine.travel(when + datetime.timedelta(seconds=1), tick=False):
        assert page_cache.current_generation() != generation


def test_pages_are_served_when_the_cache_server_is_down(client, settings, monkeypatch):
    monkeypatch.setattr(page_cache, "_cache_down_until", 0.0)
    settings.CACHES = {
        "default": {
            "BACKEND": "issportal.redis_cache.RedisCache",
            # Nothing listens on port 9 of loopback.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert "redis" in type(caches["default"]).__module__
    ExpeditionFactory(number=44)
    for _ in range(2):
        response = client.get("/expeditions/44/")
        assert response.status_code == 200
        assert "Expedition 44" in response.content.decode()
        assert "X-Cache" in response


def test_compressed_and_plain_pages_are_cached_apart(client):
    ExpeditionFactory.create_batch(3)
    gzip_first = client.get("/expeditions/", headers={"accept-encoding": "gzip"})
    plain = client.get("/expeditions/")
    gzip_again = client.get("/expeditions/", headers={"accept-encoding": "gzip"})
    assert gzip_first["Content-Encoding"] == "gzip" and gzip_first["X-Cache"] == "miss"
    assert "Content-Encoding" not in plain and plain["X-Cache"] == "miss"
    assert gzip_again["X-Cache"] == "hit" and gzip_again["Content-Encoding"] == "gzip"
    assert gzip_again.content == gzip_first.content


def test_a_visitor_with_a_session_is_never_served_a_cached_page(client):
    client.get("/expeditions/")
    client.cookies["sessionid"] = "anything"
    assert "X-Cache" not in client.get("/expeditions/")


def test_a_page_kept_in_process_is_dropped_when_another_server_saves(client):
    ExpeditionFactory(number=45)
    assert client.get("/expeditions/45/")["X-Cache"] == "miss"
    assert client.get("/expeditions/45/")["X-Cache"] == "hit"
    # Another app server saved a change: it wrote a new state to the shared cache only.
    caches["default"].set(page_cache.STATE_KEY, ("from-another-server", None), None)
    assert client.get("/expeditions/45/")["X-Cache"] == "miss"


def test_pages_kept_in_process_stay_within_their_byte_budget():
    pages = page_cache.RecentPages(max_bytes=10)
    pages.put("a", (200, [], b"12345"))
    pages.put("b", (200, [], b"12345"))
    assert pages.get("a") is not None  # "a" is now the most recent
    pages.put("c", (200, [], b"12345"))
    assert pages.get("b") is None
    assert pages.get("a") is not None and pages.get("c") is not None
    pages.put("huge", (200, [], b"x" * 11))
    assert pages.get("huge") is None
    assert pages.size == 10


def test_the_health_check_never_touches_the_page_cache(client):
    for _ in range(2):
        assert "X-Cache" not in client.get("/healthz")


def test_derived_figures_are_recomputed_after_a_saved_change(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    # Numbered, so their dates (which set the newest record, "now") do not depend on the
    # factory's sequence.
    with django_capture_on_commit_callbacks(execute=True):
        ExpeditionFactory(number=1)
        ExpeditionFactory(number=2)
    home = client.get("/").content.decode()
    assert "<dt>Expeditions</dt><dd>2</dd>" in home
    # A change nobody committed leaves the kept figures as they were...
    ExpeditionFactory(number=3)
    assert "<dt>Expeditions</dt><dd>2</dd>" in client.get("/").content.decode()
    # ...and a committed one replaces them at once.
    with django_capture_on_commit_callbacks(execute=True):
        ExpeditionFactory(number=77, start=datetime.date(2020, 1, 1), end=None)
    home = client.get("/").content.decode()
    assert "<dt>Expeditions</dt><dd>4</dd>" in home
    # The station's state as of the newest record is kept the same way.
    assert ">Expedition 77</a></h3>" in home


def test_the_tag_menu_follows_publishing(settings, client, django_capture_on_commit_callbacks):
    from news.models import Article
    from tests.news.factories import ArticleFactory

    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(tags=["Robotics"], status=Article.Status.DRAFT)
    assert '<option value="robotics">' not in client.get("/news/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.PUBLISHED
        article.save()
    assert '<option value="robotics">Robotics</option>' in client.get("/news/").content.decode()


def test_a_kept_list_size_follows_publishing(settings, client, django_capture_on_commit_callbacks):
    from news.models import Article
    from tests.news.factories import ArticleFactory

    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory.create_batch(21)
        draft = ArticleFactory(status=Article.Status.DRAFT)
    assert "21 articles" in client.get("/news/").content.decode()
    assert "Page 2 of 2" in client.get("/news/?page=2").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Article.Status.PUBLISHED
        draft.save()
    assert "22 articles" in client.get("/news/").content.decode()
    # Kept: a change nobody committed does not reach it, as with the figures.
    ArticleFactory()
    assert "22 articles" in client.get("/news/").content.decode()
    # A filtered list counts for itself.
    assert "0 articles match" in client.get("/news/?kind=feature").content.decode()


def test_the_redis_backend_reuses_one_client_per_server():
    from issportal.redis_cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:9/0", {})
    assert backend._cache.get_client(write=True) is backend._cache.get_client(write=False)
    other = RedisCache("redis://127.0.0.1:9/1", {})
    assert other._cache.get_client() is not backend._cache.get_client()


def test_cached_pages_answer_conditional_requests_as_django_does(client):
    first = client.get("/expeditions/")
    assert client.get("/expeditions/")["X-Cache"] == "hit"
    for headers in (
        {"if-none-match": first["ETag"]},
        {"if-none-match": f'"another", W/{first["ETag"]}'},  # weak comparison for GET
        {"if-none-match": "*"},
        {"if-modified-since": first["Last-Modified"]},
    ):
        response = client.get("/expeditions/", headers=headers)
        assert response.status_code == 304, headers
        assert response["ETag"] == first["ETag"] and response["X-Cache"] == "hit"
        assert not response.content
    for headers in (
        {"if-none-match": '"another"'},
        {"if-modified-since": "Mon, 01 Jan 1990 00:00:00 GMT"},
        {"if-none-match": '"another"', "if-modified-since": first["Last-Modified"]},
    ):
        response = client.get("/expeditions/", headers=headers)
        assert response.status_code == 200 and response.content == first.content, headers


def test_the_redis_backend_takes_one_server():
    from django.core.exceptions import ImproperlyConfigured

    from issportal.redis_cache import RedisCache

    with pytest.raises(ImproperlyConfigured, match="one server address"):
        RedisCache("redis://127.0.0.1:9/0,redis://127.0.0.1:9/1", {})


def claimed_elsewhere(monkeypatch, then):
    """Make the next page look claimed by another server's render, which does ``then(key)``
    a moment later; returns the keys claimed."""
    from django.core.cache import cache

    keys = []

    def claim(key):
        keys.append(key)
        cache.set(page_cache.RENDERING_PREFIX + key, 1)
        threading.Timer(0.1, then, [key]).start()
        return False

    monkeypatch.setattr(page_cache.AnonymousPageCacheMiddleware, "_claim", staticmethod(claim))
    return keys


def test_a_page_rendered_elsewhere_meanwhile_is_awaited_not_rendered_again(client, monkeypatch):
    from django.core.cache import cache

    def stored(key):
        cache.set(key, (200, [("Content-Type", "text/html")], b"rendered by the other server"))

    claimed_elsewhere(monkeypatch, stored)
    response = client.get("/expeditions/")
    assert response["X-Cache"] == "hit"
    assert response.content == b"rendered by the other server"


def test_a_render_elsewhere_that_stores_nothing_leaves_the_page_to_this_request(
    client, monkeypatch
):
    from django.core.cache import cache

    claimed_elsewhere(monkeypatch, lambda key: cache.delete(page_cache.RENDERING_PREFIX + key))
    response = client.get("/expeditions/")
    assert response["X-Cache"] == "miss"
    assert "<h1>Expeditions</h1>" in response.content.decode()


def test_the_request_that_renders_a_page_releases_its_claim(client, monkeypatch):
    from django.core.cache import cache

    claims = []
    real_claim = page_cache.AnonymousPageCacheMiddleware._claim

    def claim(key):
        claims.append(key)
        return real_claim(key)

    monkeypatch.setattr(page_cache.AnonymousPageCacheMiddleware, "_claim", staticmethod(claim))
    assert client.get("/expeditions/")["X-Cache"] == "miss"
    assert client.get("/expeditions/999/").status_code == 404  # not stored, still released
    assert len(claims) == 2
    assert all(cache.get(page_cache.RENDERING_PREFIX + key) is None for key in claims)


def test_kept_rows_are_shared_by_the_lists_pages_and_follow_saved_changes(
    client, settings, django_capture_on_commit_callbacks
):
    from tests.factories import SpacewalkFactory

    settings.DERIVED_DATA_CACHE = True
    settings.PAGE_CACHE = False  # the rows themselves are under test, not whole pages
    with django_capture_on_commit_callbacks(execute=True):
        spacewalk = SpacewalkFactory(designation="EVA Kept 1")
    assert ">EVA Kept 1</a>" in client.get("/spacewalks/").content.decode()
    # A change nobody committed does not reach the kept row, on any page of the list...
    type(spacewalk).objects.filter(pk=spacewalk.pk).update(designation="EVA Uncommitted")
    assert ">EVA Kept 1</a>" in client.get("/spacewalks/").content.decode()
    assert ">EVA Kept 1</a>" in client.get("/spacewalks/?sort=-date").content.decode()
    # ...and a committed one replaces it at once.
    with django_capture_on_commit_callbacks(execute=True):
        spacewalk.designation = "EVA Kept 2"
        spacewalk.save()
    assert ">EVA Kept 2</a>" in client.get("/spacewalks/").content.decode()
    # Without kept data (the tests' default) every row is rendered each time.
    settings.DERIVED_DATA_CACHE = False
    type(spacewalk).objects.filter(pk=spacewalk.pk).update(designation="EVA Fresh")
    assert ">EVA Fresh</a>" in client.get("/spacewalks/").content.decode()


def test_kept_fragments_are_bounded_and_dropped_by_a_new_generation():
    fragments = page_cache.KeptFragments(max_bytes=10)
    fragments.put("g1", "a", "12345")
    fragments.put("g1", "b", "12345")
    assert fragments.get("g1", "a") == "12345"  # a is now the most recently used
    fragments.put("g1", "c", "123")
    assert fragments.get("g1", "b") is None and fragments.get("g1", "c") == "123"
    assert fragments.get("g2", "a") is None
    fragments.put("g2", "d", "1")
    assert fragments.get("g1", "a") is None and fragments.size == 1


def test_a_process_rereads_the_generation_after_its_memo_time(settings, monkeypatch):
    from django.core.cache import cache

    settings.GENERATION_MEMO_SECONDS = 0.5
    clock = [1000.0]
    # Both put back afterwards, so no later test sees this fake clock's memo.
    monkeypatch.setattr(page_cache, "_memo", (0.0, None))
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    own = page_cache.bump_generation()
    # This process's own change is seen at once.
    assert page_cache.current_generation() == own
    # Another server's change: seen once the memo time has passed, not before.
    cache.set(page_cache.STATE_KEY, ("from-another-server", None), None)
    clock[0] += 0.4
    assert page_cache.current_generation() == own
    clock[0] += 0.2
    assert page_cache.current_generation() == "from-another-server"


def test_without_a_memo_time_every_read_asks_the_shared_cache(settings):
    from django.core.cache import cache

    settings.GENERATION_MEMO_SECONDS = 0
    page_cache.bump_generation()
    cache.set(page_cache.STATE_KEY, ("from-another-server", None), None)
    assert page_cache.current_generation() == "from-another-server"
