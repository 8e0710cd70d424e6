"""The public news pages: filters, pagination, the article page and its metadata."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache

from news.models import Article
from tests.factories import AstronautFactory, ExpeditionFactory, SpacewalkFactory, VisitFactory
from tests.news.factories import ArticleFactory, BlogPostFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 6, 15, 12, tzinfo=datetime.UTC)
UTC = datetime.UTC


def titles(response):
    return re.findall(
        r'class="article-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def mixed():
    with time_machine.travel(NOW, tick=False):
        ArticleFactory(
            title="Nov news", tags=["Crew"], publish_at=datetime.datetime(2000, 11, 2, tzinfo=UTC)
        )
        BlogPostFactory(
            title="Nov blog",
            tags=["Crew", "Soyuz"],
            publish_at=datetime.datetime(2000, 11, 30, 23, 59, tzinfo=UTC),
        )
        BlogPostFactory(
            title="Dec blog", tags=["Soyuz"], publish_at=datetime.datetime(2000, 12, 1, tzinfo=UTC)
        )
        ArticleFactory(
            title="A feature",
            kind=Article.Kind.FEATURE,
            publish_at=datetime.datetime(2001, 2, 10, tzinfo=UTC),
        )


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["A feature", "Dec blog", "Nov blog", "Nov news"]),
        ("?kind=blog", ["Dec blog", "Nov blog"]),
        ("?kind=feature", ["A feature"]),
        ("?tag=soyuz", ["Dec blog", "Nov blog"]),
        ("?tag=crew&kind=news", ["Nov news"]),
        ("?month=2000-11", ["Nov blog", "Nov news"]),
        ("?month=2000-12&tag=soyuz", ["Dec blog"]),
        ("?month=1999-01", []),
    ],
)
def test_news_list_filters(client, mixed, query, expected):
    response = client.get("/news/" + query)
    assert response.status_code == 200
    assert titles(response) == expected


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "month",
    ["2024-13", "2024-00", "24-01", "2024-1", "nonsense", "2024-02-01", "0001-01", "9999-12"],
)
def test_a_bad_month_shows_the_form_error_not_a_500(client, mixed, month):
    response = client.get("/news/", {"month": month})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a month" in html
    assert 'aria-invalid="true"' in html
    assert "No results: the filter has errors." in html
    assert titles(response) == []


@time_machine.travel(NOW, tick=False)
def test_an_unknown_tag_or_kind_is_a_form_error(client, mixed):
    for query in ("?tag=nope", "?kind=poem"):
        response = client.get("/news/" + query)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_pagination_keeps_the_filters(client):
    for n in range(25):
        BlogPostFactory(
            title=f"Post {n:02d}", tags=["Soyuz"], publish_at=NOW - datetime.timedelta(hours=n + 1)
        )
    ArticleFactory(title="Other kind", tags=["Soyuz"])
    response = client.get("/news/?kind=blog&tag=soyuz")
    html = response.content.decode()
    assert len(titles(response)) == 20
    assert 'href="?kind=blog&amp;tag=soyuz&amp;page=2" rel="next"' in html
    second = client.get("/news/?kind=blog&tag=soyuz&page=2")
    assert titles(second) == [f"Post {n:02d}" for n in range(20, 25)]
    assert "Other kind" not in second.content.decode()


@time_machine.travel(NOW, tick=False)
def test_article_page_shows_everything(client):
    expedition = ExpeditionFactory(number=1)
    person = AstronautFactory(name="William Shepherd", slug="william-shepherd")
    spacewalk = SpacewalkFactory(designation="STS-88 EVA 1")
    visit = VisitFactory(name="Soyuz TM-31")
    body = "## Arrival\n\n" + " ".join(["word"] * 450) + "\n\n[NASA](https://www.nasa.gov/)"
    article = ArticleFactory(
        title="Expedition 1 arrives",
        summary="The first crew is aboard.",
        byline="Ana Writer",
        body=body,
        publish_at=datetime.datetime(2000, 11, 2, 9, 21, tzinfo=UTC),
        tags=["Crew", "Soyuz"],
        links={
            "expeditions": [expedition],
            "astronauts": [person],
            "spacewalks": [spacewalk],
            "visits": [visit],
        },
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Expedition 1 arrives</h1>" in html
    assert "By Ana Writer" in html
    assert '<time datetime="2000-11-02">2 November 2000</time>' in html
    assert "3 min read" in html  # 453 words at 200 a minute
    assert '<h2 id="arrival">Arrival</h2>' in html
    assert '<a href="https://www.nasa.gov/" rel="noopener noreferrer">NASA</a>' in html
    assert '<a href="/news/tags/crew/" rel="tag">Crew</a>' in html
    assert '<a href="/news/tags/soyuz/" rel="tag">Soyuz</a>' in html
    for record, label in (
        (expedition, "Expedition 1"),
        (person, "William Shepherd"),
        (spacewalk, "STS-88 EVA 1"),
        (visit, "Soyuz TM-31"),
    ):
        assert f'<a href="{record.get_absolute_url()}">{label}</a>' in html
    # Link previews
    assert '<meta property="og:title" content="Expedition 1 arrives">' in html
    assert '<meta property="og:description" content="The first crew is aboard.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        f'<meta property="og:url" content="http://testserver{article.get_absolute_url()}">' in html
    )
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="description" content="The first crew is aboard.">' in html
    assert "Preview" not in html


@time_machine.travel(NOW, tick=False)
def test_reading_time_is_at_least_a_minute():
    assert ArticleFactory(body="Short.").reading_minutes == 1
    assert ArticleFactory(body="w " * 401).reading_minutes == 3


@time_machine.travel(NOW, tick=False)
def test_blog_posts_sit_in_the_blog_and_its_month_archive(client, mixed):
    response = client.get("/blog/")
    assert titles(response) == ["Dec blog", "Nov blog"]
    html = response.content.decode()
    assert 'href="/blog/2000/11/">November 2000</a> <span class="muted">(1)</span>' in html
    november = client.get("/blog/2000/11/")
    assert titles(november) == ["Nov blog"]
    assert 'href="/blog/2000/12/" rel="next">December 2000' in november.content.decode()
    december = client.get("/blog/2000/12/").content.decode()
    assert 'href="/blog/2000/11/" rel="prev">← November 2000' in december
    assert 'rel="next"' not in december
    # A month without blog posts is not a page, nor is one to come.
    assert client.get("/blog/2000/10/").status_code == 404
    assert client.get("/blog/2030/01/").status_code == 404
    article_html = client.get(
        Article.objects.get(title="Nov blog").get_absolute_url()
    ).content.decode()
    assert '<li><a href="/blog/">Blog</a></li>' in article_html  # breadcrumb


@time_machine.travel(NOW, tick=False)
def test_article_lists_its_station_records_each_kind_in_its_order(client):
    article = ArticleFactory(
        links={
            "expeditions": [ExpeditionFactory(number=10), ExpeditionFactory(number=9)],
            "astronauts": [
                AstronautFactory(name="Yuri Gidzenko"),
                AstronautFactory(name="Bill Shepherd"),
            ],
            "spacewalks": [
                SpacewalkFactory(designation="EVA late", date=datetime.date(2001, 6, 1)),
                SpacewalkFactory(designation="EVA early", date=datetime.date(2000, 12, 3)),
            ],
            "visits": [],
        }
    )
    html = client.get(article.get_absolute_url()).content.decode()
    names = re.findall(
        r'<li><a href="/(?:expeditions|crew|spacewalks)/[^"]+">([^<]+)</a></li>', html
    )
    assert names == [
        "Expedition 9",
        "Expedition 10",
        "Bill Shepherd",
        "Yuri Gidzenko",
        "EVA early",
        "EVA late",
    ]
    assert "<dt>Vehicles</dt>" not in html  # no vehicles, no heading


def test_tag_page_lists_the_tagged_published_articles(client, mixed):
    response = client.get("/news/tags/soyuz/")
    assert response.status_code == 200
    assert titles(response) == ["Dec blog", "Nov blog"]
    assert "<h1>Tagged “Soyuz”</h1>" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_rendered_body_is_cached_per_version(django_assert_num_queries):
    article = ArticleFactory(body="**first**")
    assert "<strong>first</strong>" in article.body_html
    keys_before = set(cache._cache.keys())  # noqa: SLF001 - locmem internals, test only
    # Another copy of the same version reads the cache, even if the text differs in memory.
    stale = Article.objects.get(pk=article.pk)
    stale.body = "**tampered in memory**"
    assert "<strong>first</strong>" in stale.body_html
    article.body = "**second**"
    article.save()
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.version == 2
    assert "<strong>second</strong>" in fresh.body_html
    assert len(set(cache._cache.keys()) - keys_before) == 1  # noqa: SLF001


@time_machine.travel(NOW, tick=False)
def test_navigation_has_news_and_blog(client):
    html = client.get("/news/").content.decode()
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/news/" aria-current="page">News</a>' in nav
    assert '<a href="/blog/">Blog</a>' in nav


@time_machine.travel(NOW, tick=False)
def test_news_pages_have_no_inline_scripts_or_styles(client, mixed):
    article = Article.objects.first()
    for url in ("/news/", "/blog/", "/news/tags/soyuz/", article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<style" not in html
        assert " style=" not in html
        # Only a JSON-LD data block, which browsers never run.
        assert re.findall(r"<script[^>]*>", html) in ([], ['<script type="application/ld+json">'])
