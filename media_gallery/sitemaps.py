from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from issportal.links import url_for
from issportal.sitemaps import RecordSitemap

from .models import Gallery, GalleryImage


class GallerySitemap(RecordSitemap):
    changefreq = "weekly"
    page = "media_gallery:gallery_detail"

    def records(self):
        return Gallery.objects.published().order_by("slug")


class GalleryImageSitemap(Sitemap):
    """Each image's own page, within each published gallery."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        # Plain values, not records (24,000 at ten times the data). A list, so the
        # paginator takes its length instead of counting in SQL.
        return list(
            GalleryImage.objects.filter(gallery__in=Gallery.objects.published())
            .order_by("gallery__slug", "position")
            .values_list("gallery__slug", "image_id", "gallery__updated_at", "image__updated_at")
        )

    def location(self, item):
        return url_for("media_gallery:image_detail", item[0], item[1])

    def lastmod(self, item):
        return max(item[2], item[3])


class GalleryListSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["media_gallery:gallery_list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "gallery-list": GalleryListSitemap,
    "galleries": GallerySitemap,
    "gallery-images": GalleryImageSitemap,
}
