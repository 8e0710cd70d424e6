"""RSS 2.0 and Atom feeds: all news, the blog, and one per tag. Published articles only."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from .models import Article

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
        return item.summary

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


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    feed_url = reverse_lazy("news:feed_atom")

    @property
    def subtitle(self):
        return self.description


class BlogFeed(NewsFeed):
    title = "ISS Portal daily blog"
    link = reverse_lazy("news:blog")
    description = "The ISS Portal daily blog: short posts about the station's history."
    feed_url = reverse_lazy("news:blog_feed")

    def articles(self, obj=None):
        return Article.objects.published().blog()


class BlogAtomFeed(BlogFeed):
    feed_type = Atom1Feed
    feed_url = reverse_lazy("news:blog_feed_atom")

    @property
    def subtitle(self):
        return self.description


class TagFeed(NewsFeed):
    url_name = "news:tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

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


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    url_name = "news:tag_feed_atom"

    def subtitle(self, obj):
        return self.description(obj)
