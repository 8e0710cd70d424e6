import datetime
import re

import pytest
from django.db import connection

from tests.factories import (
    AstronautFactory,
    ExpeditionFactory,
    ModuleFactory,
    SpacewalkFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    kind = r'search-result__kind">([^<]+)</p>\s*'
    title = r'<h2 class="search-result__title"><a href="([^"]+)">([^<]+)'
    return re.findall(kind + title, html)


@pytest.fixture
def records():
    return {
        "expedition": ExpeditionFactory(
            number=42, description="A crew that repaired the cooling loop."
        ),
        "astronaut": AstronautFactory(
            name="Sergei Krikalev", slug="sergei-krikalev", aliases="Sergey Krikalyov"
        ),
        "spacewalk": SpacewalkFactory(
            designation="US EVA 21", purpose="Replace a cooling pump module"
        ),
        "visit": VisitFactory(name="Soyuz TMA-16", port="Poisk zenith"),
        "module": ModuleFactory(name="Zarya", kind="pressurized module"),
    }


@pytest.mark.parametrize(
    ("query", "kind", "title"),
    [
        ("Expedition 42", "Expedition", "Expedition 42"),
        ("Krikalyov", "Crew member", "Sergei Krikalev"),
        ("US EVA 21", "Spacewalk", "US EVA 21"),
        ("Soyuz TMA-16", "Visiting vehicle", "Soyuz TMA-16"),
        ("Zarya", "Module", "Zarya"),
    ],
)
def test_search_finds_each_kind_of_record(client, records, query, kind, title):
    assert (kind, title) in [(k, t) for k, _, t in results(client, query)]


def test_search_leads_to_an_elements_own_page(client):
    ModuleFactory(name="Bartolomeo", slug="bartolomeo", kind="external platform")
    assert ("Module", "/modules/bartolomeo/", "Bartolomeo") in results(client, "Bartolomeo")


def test_a_title_match_ranks_above_a_body_match(client, records):
    ModuleFactory(name="Cooling loop radiator", kind="truss")
    found = [t for _, _, t in results(client, "cooling")]
    assert found[0] == "Cooling loop radiator"
    assert set(found) >= {"Cooling loop radiator", "US EVA 21", "Expedition 42"}


def test_body_matches_are_highlighted_safely(client):
    SpacewalkFactory(designation="EVA X", purpose="Fix <b>pump</b> & cables")
    html = client.get("/search/", {"q": "pump"}).content.decode()
    assert "<mark>pump</mark>" in html or "<mark>Pump</mark>" in html
    assert "<b>" not in html
    assert "&amp;" in html  # the text around the marks is escaped


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 1000,
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "a\x00b",
        "&&&|||!!!",
        "ü名前",
    ],
)
def test_empty_long_and_odd_queries_get_a_page(client, records, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    if len(query) == 1000:
        assert "only its first 200 characters were used" in html


def test_results_are_paginated(client):
    for number in range(1, 26):
        ExpeditionFactory(
            number=number,
            start=datetime.date(2000, 1, 1) + datetime.timedelta(days=200 * number),
            end=None
            if number == 25
            else datetime.date(2000, 1, 1) + datetime.timedelta(days=200 * number + 199),
        )
    first = results(client, "expedition")
    assert len(first) == 20
    html = client.get("/search/", {"q": "expedition", "page": 2}).content.decode()
    assert "25 results" in html
    assert len(re.findall(r'class="search-result"', html)) == 5


def test_the_count_is_exact_beyond_what_a_page_reads(client):
    # More matches of one kind than the first page reads: the count still says all of them.
    for _ in range(45):
        SpacewalkFactory(purpose="Cable routing")
    html = client.get("/search/", {"q": "cable"}).content.decode()
    assert "45 results" in html
    assert len(re.findall(r'class="search-result"', html)) == 20
    last = client.get("/search/", {"q": "cable", "page": 3}).content.decode()
    assert len(re.findall(r'class="search-result"', last)) == 5
    # A page past the end shows the last one.
    beyond = client.get("/search/", {"q": "cable", "page": 99}).content.decode()
    assert "Page 3 of 3" in beyond
    assert len(re.findall(r'class="search-result"', beyond)) == 5
    for odd in ("0", "-1", "x", "9" * 5000):
        response = client.get("/search/", {"q": "cable", "page": odd})
        assert response.status_code == 200


def test_past_the_count_limit_the_page_says_more_than(client, monkeypatch):
    from issportal import search

    monkeypatch.setattr(search, "COUNT_LIMIT", 30)
    for _ in range(35):
        SpacewalkFactory(purpose="Antenna swap")
    html = client.get("/search/", {"q": "antenna"}).content.decode()
    assert "More than 30 results" in html
    assert len(re.findall(r'class="search-result"', html)) == 20


def test_a_word_found_everywhere_ranks_its_most_recent_matches(client, monkeypatch):
    from issportal import search

    monkeypatch.setattr(search, "COUNT_LIMIT", 30)
    for day in range(31):
        SpacewalkFactory(purpose="Antenna swap", date=datetime.date(2020, 1, 1 + day))
    # The best match by rank (the word in its title) is the oldest spacewalk, entered last.
    SpacewalkFactory(designation="Antenna", date=datetime.date(2001, 1, 1))
    html = client.get("/search/", {"q": "antenna"}).content.decode()
    assert "More than 30 results" in html
    titles = [t for _, _, t in results(client, "antenna")]
    assert len(titles) == 20 and "Antenna" not in titles
    # With fewer matches than the limit, every match is ranked: the title match leads.
    monkeypatch.setattr(search, "COUNT_LIMIT", 100)
    assert [t for _, _, t in results(client, "antenna")][0] == "Antenna"


def test_an_article_published_since_the_last_search_is_found(client):
    from django.utils import timezone

    from tests.news.factories import ArticleFactory

    ArticleFactory(title="Cupola installed")
    assert [t for _, _, t in results(client, "cupola")] == ["Cupola installed"]
    # The search keeps its SQL between requests; the time in it must not be kept too.
    ArticleFactory(title="Cupola windows cleaned", publish_at=timezone.now())
    later = ArticleFactory(title="Cupola shutters", scheduled=True)
    found = [t for _, _, t in results(client, "cupola")]
    assert sorted(found) == ["Cupola installed", "Cupola windows cleaned"]
    type(later).objects.filter(pk=later.pk).update(publish_at=timezone.now())
    assert "Cupola shutters" in [t for _, _, t in results(client, "cupola")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the kept SQL is PostgreSQL's")
def test_a_search_kind_that_fixes_the_time_in_its_sql_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from issportal import search
    from news.models import Article

    kind = search.SearchKind(
        key="articles-at-a-fixed-time",
        label="News",
        queryset=lambda: Article.objects.published(),  # Python's clock, read once
        title_fields=("title",),
    )
    with pytest.raises(ImproperlyConfigured, match="database's clock"):
        search.SearchResults([kind], "cupola", needed=20)[:20]


def test_search_queries_do_not_grow_with_data(query_counter):
    def grow(n):
        for _ in range(n):
            AstronautFactory(name=f"Pilot {AstronautFactory.build().slug}")
            SpacewalkFactory(purpose="Pilot training")

    query_counter.assert_constant("/search/?q=pilot", grow, max_queries=10)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL")
def test_postgres_full_text_matches_word_forms(client, records):
    found = [t for _, _, t in results(client, "repairing")]
    assert "Expedition 42" in found  # "repaired" and "repairing" share a stem
    html = client.get("/search/", {"q": "repairing"}).content.decode()
    assert "<mark>repaired</mark>" in html


def test_admin_article_search_finds_body_words_and_title_fragments(client):
    from tests.factories import UserFactory
    from tests.news.factories import ArticleFactory

    ArticleFactory(title="Cupola installed", body="The crew fitted the seven windows.")
    ArticleFactory(title="Cargo arrives", body="Food and water.")
    client.force_login(UserFactory(is_superuser=True))
    by_body = client.get("/admin/news/article/", {"q": "windows"}).content.decode()
    assert "Cupola installed" in by_body and "Cargo arrives" not in by_body
    by_fragment = client.get("/admin/news/article/", {"q": "Cupol"}).content.decode()
    assert "Cupola installed" in by_fragment and "Cargo arrives" not in by_fragment


# Issue #15 §5: search people can use.


@pytest.fixture
def whitson():
    from tests.factories import ExpeditionMemberFactory
    from tests.news.factories import ArticleFactory

    peggy = AstronautFactory(name="Peggy Whitson", slug="peggy-whitson")
    other = AstronautFactory(name="Yuri Malenchenko", slug="yuri-malenchenko")
    expedition = ExpeditionFactory(number=16)
    ExpeditionMemberFactory(expedition=expedition, astronaut=peggy)
    ExpeditionMemberFactory(expedition=expedition, astronaut=other)
    SpacewalkFactory(designation="US EVA 10", purpose="Node 2 outfitting", crew=[peggy])
    VisitFactory(name="Soyuz TMA-11", crew=[peggy, other])
    ArticleFactory(title="Whitson takes command", body="She is the first woman to command.")
    return peggy


def test_a_persons_name_finds_her_expeditions_spacewalks_and_visits(client, whitson):
    found = [(k, t) for k, _, t in results(client, "Whitson")]
    assert found[0] == ("Crew member", "Peggy Whitson")
    assert set(found) >= {
        ("Expedition", "Expedition 16"),
        ("Spacewalk", "US EVA 10"),
        ("Visiting vehicle", "Soyuz TMA-11"),
        ("News", "Whitson takes command"),
    }
    # The excerpt says why: the crew's names.
    html = client.get("/search/", {"q": "Whitson"}).content.decode()
    assert "Peggy <mark>Whitson</mark>, Yuri Malenchenko" in html


def test_crew_names_follow_changes_to_the_crew(client, whitson):
    from stations.models import Expedition, ExpeditionMember, SpacewalkCrew, Visit

    assert "Expedition 16" in [t for _, _, t in results(client, "Malenchenko")]
    ExpeditionMember.objects.filter(astronaut__name="Yuri Malenchenko").delete()
    Visit.objects.get(name="Soyuz TMA-11").crew.remove(
        whitson.visits.get().crew.get(name="Yuri Malenchenko")
    )
    assert [t for _, _, t in results(client, "Malenchenko")] == ["Yuri Malenchenko"]
    # A person added from her own side of the link, then renamed.
    visit = VisitFactory(name="Soyuz MS-03")
    whitson.visits.add(visit)
    SpacewalkCrew.objects.filter(astronaut=whitson).delete()
    whitson.name = "Peggy A. Whitson"
    whitson.save()
    assert Expedition.objects.get(number=16).crew_names == "Peggy A. Whitson"
    found = [t for _, _, t in results(client, "Whitson")]
    assert "Soyuz MS-03" in found and "US EVA 10" not in found
    whitson.visits.clear()
    assert Visit.objects.get(name="Soyuz MS-03").crew_names == ""
    # A person deleted (no longer on any expedition or spacewalk) leaves the visits too.
    ExpeditionMember.objects.filter(astronaut=whitson).delete()
    whitson.visits.add(visit)
    whitson.delete()
    assert Visit.objects.get(name="Soyuz MS-03").crew_names == ""


def test_an_exact_title_ranks_first(client):
    from tests.news.factories import ArticleFactory

    ExpeditionFactory(number=22)
    ArticleFactory(
        title="STS-122 brings Columbus to Expedition 16",
        body="Expedition 16 welcomed STS-122; Expedition 22 was years away.",
    )
    found = [t for _, _, t in results(client, "Expedition 22")]
    assert found[0] == "Expedition 22"
    assert [t for _, _, t in results(client, "expedition 22")][0] == "Expedition 22"


def test_a_misspelt_name_shows_the_results_of_its_closest_spelling(client, whitson):
    response = client.get("/search/", {"q": "whitsn"})
    html = response.content.decode()
    assert "Showing results for “<strong>Whitson</strong>”" in html
    found = [t for _, _, t in results(client, "whitsn")]
    assert found[0] == "Peggy Whitson" and "Expedition 16" in found
    # A word that is like no name still finds nothing.
    html = client.get("/search/", {"q": "xqzvbw"}).content.decode()
    assert "Nothing matches “xqzvbw”" in html and "Showing results" not in html


def test_a_misspelt_search_runs_a_fixed_number_of_queries(client, query_counter):
    from tests.factories import ExpeditionMemberFactory
    from tests.media_gallery.factories import GalleryFactory
    from tests.news.factories import ArticleFactory

    # The corrected spelling finds a record of every kind, all on the first page: the
    # most queries a search runs (one read per kind shown).
    expedition, spacewalk, visit = ExpeditionFactory(), SpacewalkFactory(), VisitFactory()
    ModuleFactory(description="Whitson opened its hatch.")
    ArticleFactory(title="Whitson takes command")
    GalleryFactory(title="Whitson at work")

    def grow(n):
        for _ in range(n):
            person = AstronautFactory(name=f"Peggy Whitson {AstronautFactory.build().slug}")
            ExpeditionMemberFactory(expedition=expedition, astronaut=person)
            spacewalk.crew_links.create(astronaut=person, source=spacewalk.source)
            visit.crew.add(person)
            # More of every kind that the search passes over.
            ExpeditionFactory(), SpacewalkFactory(), VisitFactory(), ModuleFactory()
            ArticleFactory(), GalleryFactory(), AstronautFactory()

    query_counter.assert_constant("/search/?q=whitsn", grow, max_queries=10)
    kinds = {kind for kind, _, _ in results(client, "whitsn")}
    assert len(kinds) == 7, kinds


def test_excerpts_are_plain_text_cut_between_words(client):
    from tests.news.factories import ArticleFactory

    ArticleFactory(
        title="Node 2 arrives",
        summary="",
        body=(
            "## Top\n\nDiscovery carried the module up in late October and the crew moved "
            "it in November 2007. The **Harmony** node joins the [US lab](/modules/destiny/) "
            "to the European and Japanese laboratories, and later to the *docking* adapters "
            "that visiting vehicles use; its wiring and fluid lines were connected over "
            "several spacewalks."
        ),
    )
    html = client.get("/search/", {"q": "Harmony"}).content.decode()
    excerpt = re.search(r'search-result__excerpt">(.*?)</p>', html, re.DOTALL).group(1)
    assert "**" not in excerpt and "##" not in excerpt and "](" not in excerpt
    assert "The <mark>Harmony</mark> node joins the US lab to the European" in excerpt
    # Cut between words, with an ellipsis at each cut.
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    first_word = excerpt.removeprefix("… ").split()[0]
    last_word = excerpt.removesuffix(" …").split()[-1]
    body = ArticleFactory._meta.model.objects.get(title="Node 2 arrives").body
    assert re.search(rf"\b{re.escape(first_word)}\b", body)
    assert re.search(rf"\b{re.escape(last_word.rstrip('.,;'))}\b", body)


def test_plain_text_leaves_out_markdown_marks():
    from issportal.markdown import plain_text

    text = plain_text(
        "## Top\n\nThe **Harmony** node, _built_ in Italy ([NASA](https://nasa.gov)).\n\n"
        "- one\n- `two`\n\n> quoted\n\nsnake_case and 2 * 3"
    )
    assert text == (
        "Top. The Harmony node, built in Italy (NASA). one two quoted snake_case and 2 * 3"
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgres_typo_tolerance_uses_trigram_similarity(client, whitson):
    with connection.cursor() as cursor:
        cursor.execute("SELECT word_similarity('whitsn', 'Peggy Whitson')")
        assert cursor.fetchone()[0] > 0.3
    assert [t for _, _, t in results(client, "Peggy Whitsn")][0] == "Peggy Whitson"


@pytest.fixture
def articles():
    from tests.news.factories import ArticleFactory

    ArticleFactory(title="Spacewalk repairs the cooling pump", body="Seven hours outside.")
    ArticleFactory(title="Harmony node arrives", body="Discovery brought it up.")
    ArticleFactory(title="Tranquility is ready", body="Not yet told.", draft=True)


@pytest.mark.parametrize(
    ("typo", "corrected", "title"),
    [
        ("spacwalk", "Spacewalk", "Spacewalk repairs the cooling pump"),
        ("Harmny node", "Harmony node", "Harmony node arrives"),
        ("spacewalk repars", "spacewalk repairs", "Spacewalk repairs the cooling pump"),
    ],
)
def test_a_misspelt_word_of_an_article_title_is_corrected(client, articles, typo, corrected, title):
    html = client.get("/search/", {"q": typo}).content.decode()
    assert f"Showing results for “<strong>{corrected}</strong>”" in html
    assert [t for _, _, t in results(client, typo)][0] == title


def test_a_drafts_title_suggests_nothing(client, articles):
    html = client.get("/search/", {"q": "Tranquilty"}).content.decode()
    assert "Nothing matches “Tranquilty”" in html and "Showing results" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgres_finds_a_misspelt_word_inside_a_long_title(client):
    from tests.news.factories import ArticleFactory

    title = "Crew prepares the station for the arrival of the new Harmony connecting node"
    ArticleFactory(title=title)
    with connection.cursor() as cursor:
        cursor.execute("SELECT word_similarity('harmny', %s)", [title])
        assert cursor.fetchone()[0] > 0.3
    assert [t for _, _, t in results(client, "harmny")] == [title]


def test_kept_results_are_per_query_and_follow_a_saved_change(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        ModuleFactory(name="Bartolomeo", slug="bartolomeo", kind="external platform")
    assert [r[2] for r in results(client, "Bartolomeo")] == ["Bartolomeo"]
    assert results(client, "Quest") == []
    ModuleFactory(name="Quest", slug="quest")  # not saved through the site: results kept
    assert results(client, "Quest") == []
    with django_capture_on_commit_callbacks(execute=True):
        ModuleFactory(name="Tranquility", slug="tranquility")
    assert [r[2] for r in results(client, "Quest")] == ["Quest"]
