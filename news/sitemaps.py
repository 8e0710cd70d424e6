from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from issportal.sitemaps import RecordSitemap

from .models import Article, public_tags


class ArticleSitemap(RecordSitemap):
    changefreq = "weekly"
    priority = 0.7
    page = "news:article_detail"

    def records(self):
        return Article.objects.published().order_by("-publish_at")


class NewsSectionSitemap(Sitemap):
    """The news and blog lists and each tag page with published articles."""

    changefreq = "daily"

    def items(self):
        tags = public_tags().order_by("slug")
        return [("news:article_list", None), ("news:blog", None)] + [
            ("news:tag", tag.slug) for tag in tags
        ]

    def location(self, item):
        name, slug = item
        return reverse(name, args=[slug] if slug else [])

    def lastmod(self, item):
        if not hasattr(self, "_latest"):
            self._latest = Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return self._latest


SITEMAPS = {"news": NewsSectionSitemap, "articles": ArticleSitemap}
