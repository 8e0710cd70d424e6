"""Each vocabulary's admin list: its tags and how many items carry each, most first on request."""

import re

import pytest
from django.urls import reverse

from tests.media_gallery.factories import ImageFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def rows(html):
    """(tag name, count) per row of the change list."""
    cells = r'<th class="field-name"><a [^>]*>([^<]+)</a></th>.*?<td class="field-item_count">'
    found = re.findall(cells + r"(\d+)</td>", html, re.S)
    return [(name, int(count)) for name, count in found]


def test_article_tags_show_how_many_articles_carry_each(admin_client):
    ArticleFactory().tags.add("crew", "soyuz")
    ArticleFactory().tags.add("soyuz")
    url = reverse("admin:news_articletag_changelist")
    html = admin_client.get(url).content.decode()
    assert re.search(r'<a role="button" href="\?o=[.\d]+">Articles</a>', html)  # sortable
    assert rows(html) == [("crew", 1), ("soyuz", 2)]
    most_first = admin_client.get(url, {"o": "-3"}).content.decode()
    assert rows(most_first) == [("soyuz", 2), ("crew", 1)]


def test_image_tags_show_how_many_images_carry_each(admin_client):
    ImageFactory(tags=["truss"])
    html = admin_client.get(reverse("admin:media_gallery_imagetag_changelist")).content.decode()
    assert re.search(r'<a role="button" href="\?o=[.\d]+">Images</a>', html)
    assert rows(html) == [("truss", 1)]
