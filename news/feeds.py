"""RSS 2.0 and Atom feeds: all news, the blog, and one per tag. Published articles only.

An article's summary is plain text that staff type. Feed readers render an RSS
description as HTML, so it is sent escaped; Atom says what it holds, so it is sent as
``type="text"``. Either way a reader shows the text and runs none of it.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Article
from .models import public_tags

FEED_LENGTH = 30


class NewsFeed(Feed):
    title = "ISS Portal news"
    link = reverse_lazy("news:article_list")
    description = (
        "News releases, daily blog posts and features about the International Space Station."
    )
    feed_url = reverse_lazy("news:feed")

    def articles(self, obj=None):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).with_tag_list().order_by("-publish_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return item.byline

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]


class PlainTextSummaryAtom1Feed(Atom1Feed):
    """Atom with ``<summary type="text">`` (Django's says ``type="html"``)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class AtomFeedMixin:
    feed_type = PlainTextSummaryAtom1Feed

    def item_description(self, item):
        return item.summary

    def subtitle(self, obj):
        description = self.description
        return description(obj) if callable(description) else description


class NewsAtomFeed(AtomFeedMixin, NewsFeed):
    feed_url = reverse_lazy("news:feed_atom")


class BlogFeed(NewsFeed):
    title = "ISS Portal daily blog"
    link = reverse_lazy("news:blog")
    description = "The ISS Portal daily blog: short posts about the station's history."
    feed_url = reverse_lazy("news:blog_feed")

    def articles(self, obj=None):
        return Article.objects.published().blog()


class BlogAtomFeed(AtomFeedMixin, BlogFeed):
    feed_url = reverse_lazy("news:blog_feed_atom")


class TagFeed(NewsFeed):
    url_name = "news:tag_feed"

    def get_object(self, request, slug):
        # Like the tag's page: a tag that no published article carries is not found.
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, obj):
        return f"ISS Portal news tagged “{obj.name}”"

    def link(self, obj):
        return reverse("news:tag", args=[obj.slug])

    def description(self, obj):
        return f"Articles about the International Space Station tagged “{obj.name}”."

    def feed_url(self, obj):
        return reverse(self.url_name, args=[obj.slug])

    def articles(self, obj=None):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(AtomFeedMixin, TagFeed):
    url_name = "news:tag_feed_atom"
