"""The initial articles: real events, published, linked to the station records that exist."""

import datetime
from unittest import mock

import pytest
from django.core.management import CommandError
from django.utils import timezone

from news import initial_content
from news.models import Article
from tests.commands import run
from tests.factories import AstronautFactory, ExpeditionFactory, SpacewalkFactory, VisitFactory

pytestmark = pytest.mark.django_db


def load():
    return run("load_news")


def test_loads_published_tagged_articles_dated_at_their_events():
    output = load()
    articles = list(Article.objects.all())
    assert 12 <= len(articles) <= 20
    assert f"{len(articles)} new, 0 already present" in output
    assert Article.objects.published().count() == len(articles)
    kinds = {article.kind for article in articles}
    assert kinds == {"news", "blog", "feature"}
    for article in articles:
        assert article.publish_at < timezone.now()
        assert article.tags.exists(), article.slug
        assert article.summary and article.byline
        assert "<" not in article.body  # Markdown only, no raw HTML
        assert article.body_html.strip().startswith("<")
    expedition_1 = Article.objects.get(slug="expedition-1-crew-arrives")
    assert expedition_1.publish_at.date().isoformat() == "2000-11-02"
    assert "Soyuz TM-31" in expedition_1.body


def test_a_second_run_changes_nothing_and_keeps_staff_edits():
    load()
    article = Article.objects.get(slug="zarya-first-station-module-launched")
    article.title = "Edited by staff"
    article.save()
    before = {a.slug: (a.version, a.updated_at) for a in Article.objects.all()}
    output = load()
    assert "0 new" in output
    assert {a.slug: (a.version, a.updated_at) for a in Article.objects.all()} == before
    assert Article.objects.get(pk=article.pk).title == "Edited by staff"


def test_links_to_the_station_records_that_exist_and_skips_the_rest():
    expedition = ExpeditionFactory(number=1)
    shepherd = AstronautFactory(name="William Shepherd", slug="william-shepherd")
    krikalev = AstronautFactory(
        name="Sergei Krikalev", slug="krikalev-sergei", aliases="Sergey Krikalyov"
    )
    gidzenko = AstronautFactory(name="Yury Gidzenko", slug="gidzenko", aliases="Yuri Gidzenko")
    soyuz = VisitFactory(name="Soyuz TM-31", slug="soyuz-tm-31")
    eva = SpacewalkFactory(designation="STS-88 EVA 1")
    load()
    arrival = Article.objects.get(slug="expedition-1-crew-arrives")
    assert list(arrival.expeditions.all()) == [expedition]
    assert set(arrival.astronauts.all()) == {shepherd, krikalev, gidzenko}
    assert list(arrival.visits.all()) == [soyuz]
    first_eva = Article.objects.get(slug="first-station-spacewalk")
    assert list(first_eva.spacewalks.all()) == [eva]
    assert not first_eva.astronauts.exists()  # Ross and Newman are not in this data
    assert not Article.objects.get(slug="harmony-node-arrives").expeditions.exists()


def test_expeditions_on_a_day_are_found_from_the_dates():
    running = ExpeditionFactory(
        number=73, start=datetime.date(2025, 4, 20), end=datetime.date(2025, 12, 8)
    )
    ExpeditionFactory(number=72, start=datetime.date(2024, 9, 23), end=datetime.date(2025, 4, 20))
    load()
    article = Article.objects.get(slug="twenty-five-years-of-people-aboard")
    assert list(article.expeditions.all()) == [running]


def test_all_or_nothing():
    bad = {**initial_content.ARTICLES[0], "slug": "bad slug with spaces"}
    with (
        mock.patch.object(initial_content, "ARTICLES", [*initial_content.ARTICLES, bad]),
        pytest.raises(CommandError, match="Nothing was loaded.*bad slug with spaces"),
    ):
        load()
    assert not Article.objects.exists()


def test_slugs_are_unique_and_valid():
    slugs = [entry["slug"] for entry in initial_content.ARTICLES]
    assert len(slugs) == len(set(slugs))
