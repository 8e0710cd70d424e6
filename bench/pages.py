"""Every public page type, with concrete addresses picked from the database.

Run inside Django (bench/run.py does it through a child process, with the benchmark's
settings and database). The records picked are the oldest real ones (lowest key): the
real data is loaded before the synthetic volume, so the same pages exist at both data
sizes.
"""

import datetime
import logging

# A day with a crew aboard and vehicles docked, in the real history.
A_DAY = "2010-02-15"

# The ten pages visitors open most, for the after-a-save run (issue #19).
MOST_VISITED = (
    "home",
    "expeditions",
    "an expedition",
    "news",
    "an article",
    "galleries",
    "a gallery",
    "crew",
    "a crew member",
    "aboard",
)

# Pages whose images come from the media storage, for local vs S3 media (issue #18).
MEDIA_HEAVY = ("home", "a gallery", "an image", "an article")


def first(queryset):
    found = queryset.order_by("pk").first()
    if found is None:
        raise SystemExit(f"no {queryset.model._meta.verbose_name} to benchmark")
    return found


def pick():
    """Page name -> address, for every public page type."""
    # Imported here: bench/run.py reads this module's constants without Django set up.
    from django.db.models import Count
    from django.utils import timezone

    from media_gallery.models import Gallery
    from news.models import Article, ArticleTag
    from stations.models import Agency, Astronaut, Expedition, Module, Spacewalk, Visit

    expedition = Expedition.objects.filter(number=30).first() or first(Expedition.objects)
    articles = Article.objects.published()
    news = articles.filter(kind=Article.Kind.NEWS_RELEASE)
    # An article with its picture, when there is one: the page shows media.
    article = news.filter(hero__isnull=False).order_by("pk").first() or first(news)
    post = first(articles.blog())
    month = timezone.localtime(post.publish_at)
    tag = first(ArticleTag.objects.filter(tagged_articles__content_object__in=articles))
    gallery = first(Gallery.objects.published().annotate(n=Count("items")).filter(n__gt=1))
    item = gallery.items.order_by("position", "pk").first()
    return {
        "home": "/",
        # stations
        "expeditions": "/expeditions/",
        "expeditions on a day": f"/expeditions/?on={A_DAY}",
        "an expedition": expedition.get_absolute_url(),
        "crew": "/crew/",
        "a crew member": first(Astronaut.objects).get_absolute_url(),
        "spacewalks": "/spacewalks/",
        "a spacewalk": first(Spacewalk.objects).get_absolute_url(),
        "vehicles": "/vehicles/",
        "a vehicle visit": first(Visit.objects).get_absolute_url(),
        "modules": "/modules/",
        "a module": first(Module.objects).get_absolute_url(),
        "agencies": "/agencies/",
        "an agency": first(Agency.objects).get_absolute_url(),
        "visitors": "/visitors/",
        "records": "/records/",
        "faq": "/faq/",
        "aboard": "/aboard/",
        "aboard on a day": f"/aboard/?on={A_DAY}",
        "facts": "/facts/",
        "data sources": "/data-sources/",
        # news
        "news": "/news/",
        "an article": article.get_absolute_url(),
        "a tag": f"/news/tags/{tag.slug}/",
        "news feed (RSS)": "/news/feed/",
        "a tag feed": f"/news/tags/{tag.slug}/feed/",
        "blog": "/blog/",
        "a blog month": f"/blog/{month:%Y}/{month:%m}/",
        "blog feed (Atom)": "/blog/feed/atom/",
        # gallery
        "galleries": "/gallery/",
        "a gallery": gallery.get_absolute_url(),
        "an image": f"{gallery.get_absolute_url()}{item.image_id}/",
        # site-wide
        "search": "/search/?q=soyuz",
        "search, nothing found": "/search/?q=" + "zqxj" * 3,
        "sitemap": "/sitemap.xml",
    }


def save_an_article():
    """Save a published article as an editor would, unchanged; return when it committed.

    The save's signal moves the content generation on (issportal/cache.py), as any edit does.
    """
    from news.models import Article

    article = first(Article.objects.published())
    article.save()
    return datetime.datetime.now(datetime.UTC).timestamp()


def quiet_request_log():
    # One line per request (issportal/log.py) would bury the harness's own output.
    logging.getLogger("issportal.requests").setLevel(logging.WARNING)


def query_counts(urls):
    """SQL queries per page, rendered without the page cache, in a fresh process:
    page name -> (status, queries of the first render, queries of the next one).

    The first render is what a visitor meets after a save: the figures kept per content
    generation (issportal/cache.py) are not there yet; later renders share them.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    quiet_request_log()
    counts = {}
    with override_settings(
        PAGE_CACHE=False, SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["testserver"]
    ):
        client = Client()
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as first:
                response = client.get(url)
            with CaptureQueriesContext(connection) as then:
                client.get(url)
            counts[name] = (response.status_code, len(first), len(then))
    return counts


def staff_timings(search_url):
    """Median of 7 in-process renders (ms) of the admin's article list and search, and the
    site search."""
    import time

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.test.utils import override_settings

    # An Editor: staff who sign in with a password alone (Publishers need a second factor).
    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name="Editors"))
    quiet_request_log()
    timings = {}
    pages = {
        "admin article list": "/admin/news/article/",
        "admin article search": "/admin/news/article/?q=orbit",
        "site search": search_url,
    }
    with override_settings(
        SECURE_SSL_REDIRECT=False, PAGE_CACHE=False, ALLOWED_HOSTS=["testserver"]
    ):
        client = Client()
        client.force_login(user)
        for name, url in pages.items():
            client.get(url)
            samples = []
            for _ in range(7):
                start = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            samples.sort()
            timings[name] = round(samples[len(samples) // 2], 1)
    return timings
