"""The news pages run the same number of queries whatever the amount of content."""

import datetime
import itertools

import pytest
import time_machine

from tests.factories import AstronautFactory, ExpeditionFactory, SpacewalkFactory, VisitFactory
from tests.news.factories import ArticleFactory, BlogPostFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 6, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def grow():
    """Adds articles of every kind and state, with tags and station links, around an anchor."""
    expedition = ExpeditionFactory(number=1)
    anchor = ArticleFactory(
        slug="anchor",
        tags=["Crew"],
        links={"expeditions": [expedition]},
        publish_at=NOW - datetime.timedelta(days=400),
    )
    counter = itertools.count(1)

    def add(units):
        for _ in range(units):
            n = next(counter)
            day = NOW - datetime.timedelta(days=n * 10)
            people = AstronautFactory.create_batch(2)
            links = {
                "expeditions": [expedition],
                "astronauts": people,
                "spacewalks": [SpacewalkFactory()],
                "visits": [VisitFactory()],
            }
            tags = ["Crew", f"Topic {n}", f"Other {n}"]
            ArticleFactory(publish_at=day, tags=tags, links=links)
            BlogPostFactory(publish_at=day, tags=tags, links=links)
            # The month the blog month page shows (June 2024) grows too.
            BlogPostFactory(publish_at=NOW - datetime.timedelta(hours=n), tags=tags, links=links)
            ArticleFactory(draft=True, tags=tags, links=links)
            ArticleFactory(scheduled=True, tags=tags, links=links)
            anchor.tags.add(f"Anchor {n}")
            anchor.astronauts.add(*people)
            anchor.spacewalks.add(*links["spacewalks"])
            anchor.visits.add(*links["visits"])

    return add


PAGES = [
    "/news/",
    "/news/?kind=blog&tag=crew&month=2024-06",
    "/news/?month=2024-13",
    "/news/anchor/",
    "/news/tags/crew/",
    "/blog/",
    "/blog/2024/06/",
    "/news/feed/",
    "/news/feed/atom/",
    "/blog/feed/",
    "/blog/feed/atom/",
    "/news/tags/crew/feed/",
    "/news/tags/crew/feed/atom/",
    "/expeditions/1/",
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("url", PAGES)
def test_news_page_queries_do_not_grow_with_content(query_counter, grow, url):
    query_counter.assert_constant(url, grow, small=1, large=6, max_queries=10)
