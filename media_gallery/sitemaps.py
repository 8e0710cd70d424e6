from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from issportal.sitemaps import RecordSitemap

from .models import Gallery, GalleryImage


class GallerySitemap(RecordSitemap):
    changefreq = "weekly"

    def records(self):
        return Gallery.objects.published().order_by("slug")


class GalleryImageSitemap(Sitemap):
    """Each image's own page, within each published gallery."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        # A list, so the paginator takes its length instead of counting in SQL.
        return list(
            GalleryImage.objects.filter(gallery__in=Gallery.objects.published())
            .select_related("gallery", "image")
            .only("image_id", "gallery__slug", "gallery__updated_at", "image__updated_at")
            .order_by("gallery__slug", "position")
        )

    def lastmod(self, item):
        return max(item.gallery.updated_at, item.image.updated_at)


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
