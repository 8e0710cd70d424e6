from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from issportal.sitemaps import RecordSitemap

from .models import Agency, Astronaut, Expedition, Module, Question, Spacewalk, Stay, Visit


class StationSitemap(RecordSitemap):
    """The pages of one kind of station record, all of them public."""

    changefreq = "monthly"

    def __init__(self, model, url_field="slug", priority=None):
        self.model, self.url_field, self.priority = model, url_field, priority

    def records(self):
        return self.model.objects.order_by("pk")


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
    "expeditions": StationSitemap(Expedition, url_field="number", priority=0.8),
    "crew": StationSitemap(Astronaut),
    "spacewalks": StationSitemap(Spacewalk, url_field="pk"),
    "vehicles": StationSitemap(Visit),
    "modules": StationSitemap(Module),
    "agencies": StationSitemap(Agency),
}
