"""The home page: the project top's, like the root URLconf, for it composes the apps.

Its opening sets the gallery's photograph behind the station's figures, and the pictures
of three sections (that photograph, the news heroes, the gallery strip) share one query
for their renditions. See docs/architecture.md for why it is not built of app blocks.
"""

from django.db.models import Subquery, prefetch_related_objects
from django.views.generic import TemplateView

from media_gallery.models import Gallery, GalleryImage, Image
from news.models import Article
from stations import stats
from stations.models import records_as_of

from .cache import computed_on_use, per_generation


def home_station():
    as_of = records_as_of()
    return {"figures": stats.headline_figures(as_of), **stats.station_now(as_of)}


HOME_GALLERY_STRIP = 6


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's content is kept per content generation (home.html): these run only
        # when it is rendered.
        names = ("hero_image", "latest_news", "gallery", "gallery_strip")
        context.update(computed_on_use(self.latest, names))
        # The figures and the station's state as of its newest record change only with
        # its records, never with the date.
        context.update(per_generation("home_station", home_station))
        return context

    @staticmethod
    def latest():
        latest_news = list(
            Article.objects.published()
            .select_related("hero")
            .only("kind", "title", "slug", "summary", "publish_at", "hero")[:3]
        )
        # The latest gallery with the first few pictures of its strip, in one query (the
        # page's eleventh once every block is filled); a gallery without any is read alone.
        latest_gallery = Gallery.objects.published().order_by("-publish_at")
        strip = list(
            GalleryImage.objects.filter(gallery=Subquery(latest_gallery.values("pk")[:1]))
            .select_related("gallery", "image")
            .defer("gallery__search_vector")  # for the search, not the page
            .order_by("position", "pk")[:HOME_GALLERY_STRIP]
        )
        gallery = strip[0].gallery if strip else latest_gallery.first()
        hero_image = Image.objects.home_hero()
        # Every picture's renditions in one query: the hero's, the news heroes' and the strip's.
        pictures = [a.hero for a in latest_news if a.hero] + [item.image for item in strip]
        prefetch_related_objects([hero_image, *pictures] if hero_image else pictures, "renditions")
        return {
            "hero_image": hero_image,
            "latest_news": latest_news,
            "gallery": gallery,
            "gallery_strip": strip,
        }
