from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Agency
from .models import Astronaut
from .models import Expedition
from .models import Module
from .models import Question
from .models import Spacewalk
from .models import Stay
from .models import Visit


class StationSitemap(Sitemap):
    """Public station records, newest change first known to crawlers."""

    model = None
    changefreq = "monthly"

    def items(self):
        return self.model.objects.order_by("pk").only(*self.fields)

    def lastmod(self, obj):
        return obj.updated_at


class ExpeditionSitemap(StationSitemap):
    model = Expedition
    fields = ("number", "updated_at")
    priority = 0.8


class AstronautSitemap(StationSitemap):
    model = Astronaut
    fields = ("slug", "updated_at")


class SpacewalkSitemap(StationSitemap):
    model = Spacewalk
    fields = ("pk", "updated_at")


class VisitSitemap(StationSitemap):
    model = Visit
    fields = ("slug", "updated_at")


class ModuleSitemap(StationSitemap):
    model = Module
    fields = ("slug", "updated_at")


class AgencySitemap(StationSitemap):
    model = Agency
    fields = ("slug", "updated_at")


class SectionSitemap(Sitemap):
    """The section pages; each changes when any record in it does."""

    changefreq = "daily"
    priority = 0.9
    everything = (Expedition, Astronaut, Spacewalk, Visit, Module, Agency, Stay, Question)
    sections = {
        "home": everything,
        "stations:expedition_list": (Expedition,),
        "stations:astronaut_list": (Astronaut,),
        "stations:spacewalk_list": (Spacewalk,),
        "stations:visit_list": (Visit,),
        "stations:module_list": (Module,),
        "stations:agency_list": (Agency, Astronaut, Spacewalk, Visit, Module),
        "stations:visitors": (Stay, Astronaut, Agency),
        "stations:faq": (Question,),
        "stations:record_holders": (Stay, Spacewalk, Astronaut),
        "stations:facts": everything,
        "stations:data_sources": everything,
    }

    def items(self):
        return list(self.sections)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_latest"):
            self._latest = {
                model: model.objects.aggregate(latest=Max("updated_at"))["latest"]
                for model in self.everything
            }
        times = [self._latest[model] for model in self.sections[item] if self._latest[model]]
        return max(times, default=None)


SITEMAPS = {
    "sections": SectionSitemap,
    "expeditions": ExpeditionSitemap,
    "crew": AstronautSitemap,
    "spacewalks": SpacewalkSitemap,
    "vehicles": VisitSitemap,
    "modules": ModuleSitemap,
    "agencies": AgencySitemap,
}
