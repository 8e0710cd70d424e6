from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast
from django.urls import reverse

from issportal.links import url_for

from .models import Agency, Astronaut, Expedition, Module, Question, Spacewalk, Stay, Visit


class RecordsSitemap(Sitemap):
    """Each station record's own page, last changed when the record was saved.

    One query reads every kind (a section per kind cost the sitemap two queries each).
    """

    changefreq = "monthly"
    # (model, the field its address is built from, its page, priority)
    kinds = (
        (Expedition, "number", "stations:expedition_detail", 0.8),
        (Astronaut, "slug", "stations:astronaut_detail", None),
        (Spacewalk, "pk", "stations:spacewalk_detail", None),
        (Visit, "slug", "stations:visit_detail", None),
        (Module, "slug", "stations:module_detail", None),
        (Agency, "slug", "stations:agency_detail", None),
    )

    def items(self):
        parts = [
            model.objects.order_by()
            .annotate(
                sitemap_kind=Value(index),
                sitemap_key=Cast(url_field, CharField()),
                sitemap_changed=F("updated_at"),
                sitemap_position=F("pk"),
            )
            .values_list("sitemap_kind", "sitemap_key", "sitemap_changed", "sitemap_position")
            for index, (model, url_field, _page, _priority) in enumerate(self.kinds)
        ]
        # A list, so the paginator takes its length instead of counting in SQL.
        records = parts[0].union(*parts[1:], all=True)
        return list(records.order_by("sitemap_kind", "sitemap_position"))

    def location(self, item):
        kind, key, _changed, _position = item
        return url_for(self.kinds[kind][2], key)

    def lastmod(self, item):
        return item[2]

    def priority(self, item):
        return self.kinds[item[0]][3]


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
            # One query for every model's latest change, not one each.
            parts = [
                model.objects.order_by()
                .annotate(model_index=Value(index))
                .values("model_index")
                .annotate(latest=Max("updated_at"))
                .values_list("model_index", "latest")
                for index, model in enumerate(self.everything)
            ]
            latest = dict(parts[0].union(*parts[1:], all=True).order_by())
            self._latest = {model: latest.get(index) for index, model in enumerate(self.everything)}
        times = [self._latest[model] for model in self.sections[item] if self._latest[model]]
        return max(times, default=None)


SITEMAPS = {"sections": SectionSitemap, "records": RecordsSitemap}
