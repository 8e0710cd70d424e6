"""RSS 2.0 and Atom feeds parse, carry only published articles, and are discoverable."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine

from tests.news.factories import ArticleFactory, BlogPostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = datetime.datetime(2024, 6, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def articles():
    with time_machine.travel(NOW, tick=False):
        return {
            "old": ArticleFactory(
                title="Zarya launched",
                tags=["Assembly"],
                publish_at=datetime.datetime(1998, 11, 20, 8, tzinfo=datetime.UTC),
                byline="Ana Writer",
            ),
            "new": BlogPostFactory(
                title="Unity joined", tags=["Assembly", "Shuttle"], publish_at=NOW
            ),
            "draft": ArticleFactory(title="Draft piece", draft=True, tags=["Assembly"]),
            "future": BlogPostFactory(
                title="Future piece",
                tags=["Assembly"],
                publish_at=NOW + datetime.timedelta(hours=1),
            ),
        }


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        assert channel.findtext(name), name
    items = channel.findall("item")
    for item in items:
        for name in ("title", "link", "description", "pubDate", "guid"):
            assert item.findtext(name), name
    return channel, items


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    for name in ("title", "id", "updated"):
        assert root.findtext(f"{ATOM}{name}"), name
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("title", "id", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/news/")
    return root, entries


@time_machine.travel(NOW, tick=False)
def test_news_rss_feed(client, articles):
    channel, items = rss(client, "/news/feed/")
    assert [item.findtext("title") for item in items] == ["Unity joined", "Zarya launched"]
    old = items[1]
    assert old.findtext("link") == "http://testserver/news/" + articles["old"].slug + "/"
    assert old.findtext("pubDate") == "Fri, 20 Nov 1998 08:00:00 +0000"
    assert [c.text for c in old.findall("category")] == ["Assembly"]
    assert old.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ana Writer"


@time_machine.travel(NOW, tick=False)
def test_news_atom_feed(client, articles):
    root, entries = atom(client, "/news/feed/atom/")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == ["Unity joined", "Zarya launched"]
    assert entries[1].findtext(f"{ATOM}published") == "1998-11-20T08:00:00+00:00"
    assert entries[1].find(f"{ATOM}author").findtext(f"{ATOM}name") == "Ana Writer"
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == "http://testserver/news/feed/atom/"


@time_machine.travel(NOW, tick=False)
def test_blog_feeds_hold_only_published_blog_posts(client, articles):
    _, items = rss(client, "/blog/feed/")
    assert [item.findtext("title") for item in items] == ["Unity joined"]
    _, entries = atom(client, "/blog/feed/atom/")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Unity joined"]


@time_machine.travel(NOW, tick=False)
def test_tag_feeds(client, articles):
    channel, items = rss(client, "/news/tags/shuttle/feed/")
    assert channel.findtext("title") == "ISS Portal news tagged “Shuttle”"
    assert [item.findtext("title") for item in items] == ["Unity joined"]
    _, entries = atom(client, "/news/tags/assembly/feed/atom/")
    assert {entry.findtext(f"{ATOM}title") for entry in entries} == {
        "Unity joined",
        "Zarya launched",
    }
    assert client.get("/news/tags/nothing/feed/").status_code == 404


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("page", "feeds"),
    [
        ("/news/", ["/news/feed/", "/news/feed/atom/"]),
        ("/blog/", ["/blog/feed/", "/blog/feed/atom/"]),
        ("/blog/2024/06/", ["/blog/feed/", "/blog/feed/atom/"]),
        ("/news/tags/assembly/", ["/news/tags/assembly/feed/", "/news/tags/assembly/feed/atom/"]),
        ("article", ["/news/feed/", "/news/feed/atom/"]),
    ],
)
def test_pages_announce_their_feeds_in_the_head(client, articles, page, feeds):
    url = articles["old"].get_absolute_url() if page == "article" else page
    head = client.get(url).content.decode().split("</head>", 1)[0]
    rss_url, atom_url = feeds
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert f'href="{rss_url}"' in head
    assert 'type="application/atom+xml" title=' in head
    assert f'href="{atom_url}"' in head


MARKUP = 'Docked <img src=x onerror="alert(1)"> & <b>bold</b>'


@time_machine.travel(NOW, tick=False)
def test_summaries_reach_feed_readers_as_text_never_as_markup(client):
    ArticleFactory(title="Markup typed by staff", summary=MARKUP, publish_at=NOW, tags=["Assembly"])
    _, (item,) = rss(client, "/news/feed/")
    # RSS readers render the description as HTML: it holds the text, escaped.
    assert item.findtext("description") == (
        "Docked &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    )
    _, (entry,) = atom(client, "/news/feed/atom/")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == MARKUP
    subtitle = atom(client, "/news/tags/assembly/feed/atom/")[0].findtext(f"{ATOM}subtitle")
    assert subtitle == "Articles about the International Space Station tagged “Assembly”."


@time_machine.travel(NOW, tick=False)
def test_a_tag_only_drafts_or_scheduled_articles_carry_has_no_feed(client, articles):
    ArticleFactory(title="Draft only", draft=True, tags=["Secret plans"])
    BlogPostFactory(tags=["Next week"], publish_at=NOW + datetime.timedelta(days=7))
    for tag in ("secret-plans", "next-week"):
        assert client.get(f"/news/tags/{tag}/").status_code == 404
        for feed in ("feed/", "feed/atom/"):
            assert client.get(f"/news/tags/{tag}/{feed}").status_code == 404, (tag, feed)


@time_machine.travel(NOW, tick=False)
def test_a_kept_feed_follows_a_saved_change(
    client, articles, settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True

    def titles():
        return [item.findtext("title") for item in rss(client, "/news/feed/")[1]]

    assert titles() == ["Unity joined", "Zarya launched"]
    article = articles["old"]
    type(article).objects.filter(pk=article.pk).update(title="Not saved through the site")
    assert titles() == ["Unity joined", "Zarya launched"]
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Zarya in orbit"
        article.save()
    assert titles() == ["Unity joined", "Zarya in orbit"]
