"""Every public page runs at most 10 queries, the same number at two data sizes (issue #19).

The pages of each app are counted beside that app's tests; the site-wide ones here. The
last test walks the URLconf, so a new public page without a count fails the suite.
"""

import importlib
import itertools
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from stations.models import Question
from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    ExpeditionFactory,
    ModuleFactory,
    SpacewalkFactory,
    StayFactory,
    VisitFactory,
)
from tests.media_gallery.factories import GalleryFactory, GalleryImageFactory, ImageFactory
from tests.news.factories import ArticleFactory, BlogPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow():
    """Adds a unit of every kind of record the sitemap lists, published or not."""
    counter = itertools.count(1)

    def add(units):
        for _ in range(units):
            n = next(counter)
            person = AstronautFactory(agency=AgencyFactory())
            ExpeditionFactory()
            SpacewalkFactory(crew=[person])
            visit = VisitFactory(crew=[person])
            StayFactory(astronaut=person, arrival_vehicle=visit)
            ModuleFactory(delivered_by=visit)
            Question.objects.create(question=f"Q{n}?", slug=f"q{n}", answer="A.", position=n)
            ArticleFactory(tags=[f"Topic {n}"])
            BlogPostFactory(tags=[f"Topic {n}"])
            ArticleFactory(draft=True, tags=[f"Draft {n}"])
            gallery = GalleryFactory()
            GalleryImageFactory(gallery=gallery, image=ImageFactory(width=400, height=300))
            GalleryFactory(status="draft", publish_at=None)

    return add


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-records.xml", "/sitemap-gallery-images.xml", "/robots.txt"]
)
def test_site_wide_page_queries_do_not_grow_with_data(query_counter, grow, url):
    query_counter.assert_constant(url, grow, small=1, large=6, max_queries=10)


# Where each public page is counted, beyond the URLs of these lists.
PAGE_LISTS = ["tests.stations.test_query_counts", "tests.news.test_query_counts"]
COUNTED_ELSEWHERE = {
    "search": "tests.issportal.test_search:test_a_misspelt_search_runs_a_fixed_number_of_queries",
    "sitemap": (
        "tests.issportal.test_query_counts:test_site_wide_page_queries_do_not_grow_with_data"
    ),
    "sitemap_section": (
        "tests.issportal.test_query_counts:test_site_wide_page_queries_do_not_grow_with_data"
    ),
    "robots_txt": (
        "tests.issportal.test_query_counts:test_site_wide_page_queries_do_not_grow_with_data"
    ),
    "stations:spacewalk_detail": (
        "tests.stations.test_query_counts:test_detail_pages_by_id_do_not_grow_with_data"
    ),
    "stations:visit_detail": (
        "tests.stations.test_query_counts:test_detail_pages_by_id_do_not_grow_with_data"
    ),
    "media_gallery:gallery_list": (
        "tests.media_gallery.test_query_counts:test_gallery_list_queries_are_constant"
    ),
    "media_gallery:gallery_detail": (
        "tests.media_gallery.test_query_counts:test_gallery_page_queries_are_constant"
    ),
    "media_gallery:image_detail": (
        "tests.media_gallery.test_query_counts:test_image_page_queries_are_constant"
    ),
}
# Not public pages: staff only, or a probe for the load balancer that must always run.
NOT_PUBLIC = {"admin", "healthz", "djdt"}


def public_patterns(resolver=None, prefix="", namespace=""):
    """(name, route) of every URL pattern outside NOT_PUBLIC, namespaced like reverse()."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_PUBLIC:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name not in NOT_PUBLIC:
            yield (f"{namespace}{entry.name}" if entry.name else None), route


def test_every_public_page_has_a_query_count_test():
    counted = set()
    for module in PAGE_LISTS:
        for url in importlib.import_module(module).PAGES:
            counted.add(resolve(urlsplit(url).path).view_name)
    for name, test in COUNTED_ELSEWHERE.items():
        module, function = test.split(":")
        assert callable(getattr(importlib.import_module(module), function, None)), test
        counted.add(name)
    uncounted = [
        name or f"unnamed pattern {route!r}"
        for name, route in public_patterns()
        if name not in counted
    ]
    assert not uncounted, f"Public pages with no query-count test: {', '.join(uncounted)}"
