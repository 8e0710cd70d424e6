"""Public station pages. Thin generic views; reads go through the QuerySet methods."""

import bisect
import datetime
from collections import defaultdict
from functools import partial

from django.db.models import Count, Max, Min, Prefetch, Q, Sum, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView

from issportal import moderation
from issportal.cache import computed_on_use, per_generation
from issportal.links import url_for
from issportal.mixins import BreadcrumbsMixin, FilteredListView
from media_gallery.models import Image

from . import charts, cooperation, faq, stats, summaries
from .filters import AboardForm, AstronautFilter, ExpeditionFilter, SpacewalkFilter, VisitFilter
from .models import (
    Agency,
    Astronaut,
    CommandTerm,
    DataSource,
    Expedition,
    ExpeditionMember,
    Module,
    Question,
    Spacewalk,
    SpacewalkCrew,
    Stay,
    Visit,
    VisitPort,
    records_as_of,
)

SOURCE_FIELDS = ("key", "name", "url", "license")


def sources_of(records):
    """The data sources of the records shown, in one query (none for an empty list)."""
    ids = {record.source_id for record in records}
    return list(DataSource.objects.filter(pk__in=ids).only(*SOURCE_FIELDS)) if ids else []


def sources_used_by(*querysets):
    """The data sources any of these records name, in one query."""
    condition = Q()
    for queryset in querysets:
        condition |= Q(pk__in=queryset.order_by().values("source"))
    return list(DataSource.objects.filter(condition).only(*SOURCE_FIELDS))


class ProvenanceMixin:
    """Says which sources a page draws on and how current they are (names, links, as of)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "as_of" not in context:
            context["as_of"] = records_as_of()
        # Read when the page shows them: a list's results are kept (base_list.html).
        records = context["object_list"]
        context.update(
            computed_on_use(lambda: {"page_sources": sources_of(records)}, ["page_sources"])
        )
        return context


class KeptRecordMixin:
    """A record's page whose content its template keeps per record and content generation
    (``{% kept_fragment %}``): ``record_context()``, a dict holding ``record_context_names``,
    runs only when that content is rendered, so a kept page runs none of its queries."""

    record_context_names = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["as_of"] = self.as_of = records_as_of()
        context.update(computed_on_use(self.record_context, self.record_context_names))
        return context


class ExpeditionListView(ProvenanceMixin, FilteredListView):
    filterset_class = ExpeditionFilter
    template_name = "stations/expedition_list.html"
    extra_context = {"table_label": "Expeditions"}
    section = ("Expeditions", "stations:expedition_list")

    def get_queryset(self):
        # A counting subquery, not a join and GROUP BY, so the page count stays a plain count.
        return (
            Expedition.objects.annotate(
                crew_count=stats.count_of(ExpeditionMember.objects, "expedition")
            )
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=ExpeditionMember.objects.filter(role=ExpeditionMember.Role.COMMANDER)
                    .select_related("astronaut")
                    .only("expedition_id", "astronaut__name", "astronaut__slug")
                    .order_by("astronaut__name"),
                    to_attr="commanders",
                ),
                # Where command changed hands: the first and last commander.
                Prefetch(
                    "command_terms",
                    queryset=CommandTerm.objects.select_related("astronaut")
                    .only("expedition_id", "start", "astronaut__name", "astronaut__slug")
                    .order_by("start", "pk"),
                    to_attr="terms",
                ),
            )
            .order_by("number")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = context["as_of"]
        expeditions = context["object_list"]

        def with_days():
            for expedition in expeditions:
                expedition.days = expedition.length_days_as_of(as_of)
            return {"object_list": expeditions}

        context.update(computed_on_use(with_days, ["object_list"]))
        context["coverage_note"] = self.coverage_note(context["filter"].form, as_of)
        return context

    @staticmethod
    def coverage_note(form, as_of):
        """Which years the records cover, when the filter asks about years outside them."""
        if not form.is_bound or not form.is_valid():
            return ""
        years = [int(form.cleaned_data["year"])] if form.cleaned_data.get("year") else []
        years += [v.year for v in form.cleaned_data.values() if isinstance(v, datetime.date)]
        if not years:
            return ""
        span = expedition_years(as_of)
        if span is None:
            return ""
        first, last = span
        if all(first <= year <= last for year in years):
            return ""
        return (
            f"Our records cover expeditions from {first} to {last}: "
            "the years you asked about are outside them."
        )


def expedition_years(as_of):
    """(first, last) year any expedition ran in, or None; kept until the records change."""

    def compute():
        span = Expedition.objects.aggregate(
            first=Min("start"),
            last_start=Max("start"),
            last_end=Max("end"),
            open=Count("pk", filter=Q(end__isnull=True)),
        )
        if span["first"] is None:
            return None
        # An expedition with no later record runs up to the newest record.
        newest = as_of if span["open"] else None
        ends = [day for day in (span["last_start"], span["last_end"], newest) if day]
        return span["first"].year, max(ends).year

    return per_generation("expedition_years", compute)


def expedition_neighbours(number):
    """The expedition numbers just before and after ``number`` (None at either end).

    From the list of all numbers, kept until the station's records change.
    """
    numbers = per_generation(
        "expedition_numbers",
        lambda: list(Expedition.objects.order_by("number").values_list("number", flat=True)),
    )
    before, after = bisect.bisect_left(numbers, number), bisect.bisect_right(numbers, number)
    previous = numbers[before - 1] if before > 0 else None
    following = numbers[after] if after < len(numbers) else None
    return previous, following


class ExpeditionDetailView(KeptRecordMixin, BreadcrumbsMixin, DetailView):
    template_name = "stations/expedition_detail.html"
    section = ("Expeditions", "stations:expedition_list")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Expedition.objects.select_related("source", "patch"), number=self.kwargs["number"]
        )

    record_context_names = (
        *("photos", "length_days", "members", "command_terms", "spacewalks", "sources"),
        *("previous", "next", "visits", "summary"),
    )

    def record_context(self):
        # Plain queries for one record's lists: prefetch_related's machinery cost more
        # than the queries themselves.
        expedition = self.object
        if expedition.patch is not None:
            prefetch_related_objects([expedition.patch], "renditions")
        as_of = self.as_of
        end = expedition.end or as_of or expedition.start
        context = {
            "photos": Image.objects.photos_of(f"expedition-{expedition.number}"),
            "length_days": expedition.length_days_as_of(as_of),
            "sources": [expedition.source],
            "summary": None,
        }
        context["members"] = members = list(
            ExpeditionMember.objects.filter(expedition=expedition)
            .select_related("astronaut__agency")
            .only(
                "role",
                "joined",
                "left",
                "astronaut__name",
                "astronaut__slug",
                "astronaut__nationality",
                "astronaut__agency__abbreviation",
                "astronaut__agency__name",
                "astronaut__agency__slug",
            )
            .order_by("role", "astronaut__name")
        )
        context["command_terms"] = (
            CommandTerm.objects.filter(expedition=expedition)
            .select_related("astronaut", "source")
            .defer("astronaut__search_vector")
            .order_by("start", "pk")
        )
        spacewalks = list(expedition.spacewalks.all())
        crews = defaultdict(list)
        for spacewalk_id, name in (
            SpacewalkCrew.objects.filter(spacewalk__in=[s.pk for s in spacewalks])
            .order_by("astronaut__name")
            .values_list("spacewalk_id", "astronaut__name")
        ):
            crews[spacewalk_id].append(name)
        for spacewalk in spacewalks:
            spacewalk.crew_names = crews[spacewalk.pk]
        context["spacewalks"] = spacewalks
        context["previous"], context["next"] = expedition_neighbours(expedition.number)
        context["visits"] = visits = list(
            Visit.objects.filter(
                Q(arrival_date__range=(expedition.start, end))
                | Q(departure_date__range=(expedition.start, end))
            )
            .select_related("spacecraft_type")
            .order_by("arrival_date")
        )
        if not expedition.description:
            # Until staff write one: a few sentences from the records on this page.
            context["summary"] = summaries.expedition_summary(
                expedition, context["length_days"], members, spacewalks, visits, as_of
            )
        return context


class AstronautListView(ProvenanceMixin, FilteredListView):
    filterset_class = AstronautFilter
    template_name = "stations/astronaut_list.html"
    extra_context = {"table_label": "People"}
    section = ("Crew", "stations:astronaut_list")
    paginate_by = 50

    def get_queryset(self):
        # Counted per row shown, not by joining every membership and spacewalk of everyone.
        return (
            Astronaut.objects.select_related("agency")
            .annotate(
                expedition_count=stats.count_of(ExpeditionMember.objects, "astronaut"),
                spacewalk_count=stats.count_of(SpacewalkCrew.objects, "astronaut"),
            )
            .order_by("name")
        )


class AstronautDetailView(KeptRecordMixin, BreadcrumbsMixin, DetailView):
    template_name = "stations/astronaut_detail.html"
    section = ("Crew", "stations:astronaut_list")

    def get_queryset(self):
        return Astronaut.objects.select_related("agency", "source", "portrait")

    record_context_names = (
        *("memberships", "spacewalks", "stays", "eva_total", "days_aboard", "sources"),
    )

    def record_context(self):
        astronaut = self.object
        if astronaut.portrait is not None:
            prefetch_related_objects([astronaut.portrait], "renditions")
        memberships = list(
            astronaut.memberships.select_related("expedition")
            .defer("expedition__search_vector")
            .order_by("expedition__number")
        )
        spacewalks = list(
            astronaut.spacewalks.select_related("expedition")
            .defer("expedition__search_vector")
            .order_by("date")
        )
        stays = list(
            astronaut.stays.select_related("arrival_vehicle", "departure_vehicle")
            .only(
                "arrival_date",
                "departure_date",
                "departure_unknown",
                "last_seen_aboard",
                "arrival_vehicle__name",
                "arrival_vehicle__slug",
                "departure_vehicle__name",
                "departure_vehicle__slug",
            )
            .order_by("arrival_date")
        )
        for stay in stays:
            stay.days = stay.days_aboard(self.as_of)
        return {
            "memberships": memberships,
            "spacewalks": spacewalks,
            "stays": stays,
            "eva_total": sum((s.duration for s in spacewalks if s.duration), datetime.timedelta()),
            "days_aboard": stats.days_aboard(stays, self.as_of),
            "sources": [astronaut.source],
        }


class SpacewalkListView(ProvenanceMixin, FilteredListView):
    filterset_class = SpacewalkFilter
    template_name = "stations/spacewalk_list.html"
    extra_context = {"table_label": "Spacewalks"}
    section = ("Spacewalks", "stations:spacewalk_list")
    paginate_by = 50

    def get_queryset(self):
        return Spacewalk.objects.select_related("expedition").defer("expedition__search_vector")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = partial(self.results, context["object_list"])
        context.update(computed_on_use(results, ["totals", "object_list"]))
        return context

    def results(self, spacewalks):
        totals = self.object_list.order_by().aggregate(count=Count("pk"), duration=Sum("duration"))
        # Each row's crew as (name, address), in one query of plain values: building
        # the people as records (prefetch_related) cost the page a third of its time.
        crews = defaultdict(list)
        for spacewalk_id, name, slug in (
            SpacewalkCrew.objects.filter(spacewalk__in=[s.pk for s in spacewalks])
            .order_by("astronaut__name")
            .values_list("spacewalk_id", "astronaut__name", "astronaut__slug")
        ):
            crews[spacewalk_id].append((name, url_for("stations:astronaut_detail", slug)))
        for spacewalk in spacewalks:
            spacewalk.listed_crew = crews[spacewalk.pk]
        return {"totals": totals, "object_list": spacewalks}


class SpacewalkDetailView(KeptRecordMixin, BreadcrumbsMixin, DetailView):
    template_name = "stations/spacewalk_detail.html"
    section = ("Spacewalks", "stations:spacewalk_list")
    record_context_names = ("crew", "sources")

    def get_queryset(self):
        return Spacewalk.objects.select_related("expedition", "source").defer(
            "expedition__search_vector"
        )

    def record_context(self):
        spacewalk = self.object
        crew = spacewalk.crew.select_related("agency").order_by("name")
        return {"crew": list(crew), "sources": [spacewalk.source]}


class VisitListView(ProvenanceMixin, FilteredListView):
    filterset_class = VisitFilter
    template_name = "stations/visit_list.html"
    extra_context = {"table_label": "Visiting vehicles"}
    section = ("Vehicles", "stations:visit_list")
    paginate_by = 50

    def get_queryset(self):
        return Visit.objects.select_related("spacecraft_type__operator").order_by(
            "-arrival_date", "name"
        )


class VisitDetailView(KeptRecordMixin, BreadcrumbsMixin, DetailView):
    template_name = "stations/visit_detail.html"
    section = ("Vehicles", "stations:visit_list")

    def get_queryset(self):
        return Visit.objects.select_related("spacecraft_type__operator", "source")

    record_context_names = ("photos", "expeditions", "brought_home", "port_times", "sources")

    def record_context(self):
        visit = self.object
        prefetch_related_objects(
            [visit],
            Prefetch("crew", queryset=Astronaut.objects.select_related("agency").order_by("name")),
            Prefetch("ports", queryset=VisitPort.objects.select_related("source")),
            Prefetch(
                "delivered_modules", queryset=Module.objects.only("name", "slug", "delivered_by")
            ),
        )
        port_times = list(visit.ports.all())
        return {
            "photos": Image.objects.photos_of(f"visit-{visit.slug}"),
            "expeditions": Expedition.objects.overlapping(
                visit.arrival_date, visit.last_day(self.as_of), as_of=self.as_of
            ),
            # Who it brought home: people who came up in another vehicle show here too.
            "brought_home": (
                Astronaut.objects.filter(stays__departure_vehicle=visit)
                .select_related("agency")
                .order_by("name")
                .distinct()
            ),
            "port_times": port_times,
            # The visit's source, then any other that dated its port times.
            "sources": list(
                {
                    source.key: source
                    for source in [visit.source, *(port_time.source for port_time in port_times)]
                }.values()
            ),
        }


class ModuleListView(ProvenanceMixin, BreadcrumbsMixin, ListView):
    template_name = "stations/module_list.html"
    section = ("Modules", "stations:module_list")

    def get_queryset(self):
        return Module.objects.select_related("agency", "source", "image").prefetch_related(
            "image__renditions"
        )


class ModuleDetailView(BreadcrumbsMixin, DetailView):
    template_name = "stations/module_detail.html"
    section = ("Modules", "stations:module_list")

    def get_queryset(self):
        return (
            Module.objects.select_related("agency", "source", "image", "delivered_by")
            .defer("delivered_by__search_vector")
            .prefetch_related("image__renditions")
        )


class AboardView(BreadcrumbsMixin, TemplateView):
    template_name = "stations/aboard.html"
    section = ("Who was aboard", "stations:aboard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = records_as_of()
        # With no date asked for, the day of the newest record: never today's date.
        form = AboardForm(self.request.GET or ({"on": as_of} if as_of else None))
        context.update(form=form, as_of=as_of)
        if form.is_valid():
            day = form.cleaned_data["on"]
            context.update(
                day=day,
                after_records=as_of is None or day > as_of,
                expeditions=Expedition.objects.active_on(day, as_of),
                people=Astronaut.objects.aboard_on(day, as_of)
                .select_related("agency")
                .order_by("name"),
                visits=Visit.objects.docked_on(day, as_of)
                .select_related("spacecraft_type__operator")
                .prefetch_related(
                    Prefetch(
                        "ports",
                        queryset=VisitPort.objects.at_station_on(day).only("visit", "port"),
                        to_attr="ports_that_day",
                    )
                ),
                # The sources of that day's stays, vehicles and expeditions; like the
                # querysets above, read only when the day's part of the page is rendered
                # (the template keeps it per day and content generation).
                page_sources=lambda: sources_used_by(
                    Stay.objects.on(day, as_of),
                    Visit.objects.docked_on(day, as_of),
                    Expedition.objects.active_on(day, as_of),
                ),
            )
        return context


class FactsView(BreadcrumbsMixin, TemplateView):
    template_name = "stations/facts.html"
    section = ("Facts", "stations:facts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Every figure, record and chart here is derived from whole tables, the same for
        # every visitor: computed once per content generation (80 ms with the real data,
        # 400 ms at ten times the data), not per request.
        context.update(per_generation("facts_page", self.facts_page))
        return context

    @staticmethod
    def facts_page():
        facts = stats.facts()
        return {
            "figures": facts["figures"],
            "records": facts["records"],
            "visits_by_operator": facts["visits_by_operator"],
            "spacewalks_chart": charts.spacewalks_per_year(facts["spacewalks"]),
            "timeline_chart": charts.expedition_timeline(facts["expeditions"], facts["as_of"]),
            "ports_chart": charts.port_occupancy(facts["as_of"]),
            "as_of": facts["as_of"],
            # Every table the figures are computed from.
            "page_sources": sources_used_by(
                Expedition.objects.all(),
                Astronaut.objects.all(),
                Stay.objects.all(),
                Spacewalk.objects.all(),
                Visit.objects.all(),
                Module.objects.all(),
            ),
        }


class DataSourcesView(BreadcrumbsMixin, ListView):
    template_name = "stations/data_sources.html"
    section = ("Data sources", "stations:data_sources")

    def get_queryset(self):
        return DataSource.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["as_of"] = records_as_of()
        return context


class AgencyListView(BreadcrumbsMixin, TemplateView):
    """International cooperation: every partner agency and company, with its counts."""

    template_name = "stations/agency_list.html"
    section = ("International cooperation", "stations:agency_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = per_generation("agency_groups", cooperation.agencies_overview)
        context["as_of"] = records_as_of()
        context["page_sources"] = per_generation(
            "agency_sources",
            lambda: sources_used_by(
                Astronaut.objects.all(), Module.objects.all(), Visit.objects.all()
            ),
        )
        return context


class AgencyDetailView(KeptRecordMixin, BreadcrumbsMixin, DetailView):
    template_name = "stations/agency_detail.html"
    section = ("International cooperation", "stations:agency_list")

    def get_queryset(self):
        return Agency.objects.all()

    record_context_names = (
        *("people", "stay_count", "modules", "vehicles", "visit_count", "spacewalks"),
        *("eva_time", "page_sources", "latest_spacewalks", "rows_shown"),
    )
    # Rows of people and of spacewalks a page shows at most: at ten times the data NASA's
    # page listed 3,400 people and 1,900 spacewalks (1.2 MB, 95 pages a second).
    rows_shown = 200

    def record_context(self):
        agency = self.object
        record = cooperation.agency_record(agency, self.as_of)
        return {
            **record,
            "latest_spacewalks": record["spacewalks"][-self.rows_shown :],
            "rows_shown": self.rows_shown,
            "page_sources": sources_used_by(
                Astronaut.objects.filter(agency=agency),
                Module.objects.filter(agency=agency),
                Visit.objects.filter(spacecraft_type__operator=agency),
            ),
        }


class VisitorsView(BreadcrumbsMixin, TemplateView):
    """Station visitors by country and by agency, with each country's first, from stays."""

    template_name = "stations/visitors.html"
    section = ("Visitors by country", "stations:visitors")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = records_as_of()
        context.update(
            visitors=per_generation("visitors", cooperation.visitors),
            as_of=as_of,
            page_sources=per_generation(
                "visitor_sources", lambda: sources_used_by(Stay.objects.all())
            ),
        )
        return context


class FaqView(BreadcrumbsMixin, TemplateView):
    """Staff-written questions and answers; figures in the answers come from the records."""

    template_name = "stations/faq.html"
    section = ("Questions and answers", "stations:faq")

    def get(self, request, *args, **kwargs):
        # ?pending=<id>: a question's change waiting for approval, in its place, shown to
        # its author and approvers.
        self.pending = moderation.pending_of_model_for_preview(request, Question)
        response = super().get(request, *args, **kwargs)
        if self.pending is not None:
            # A preview is for this staff member only: never stored by any cache.
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        as_of = records_as_of()
        if self.pending is not None:
            questions = faq.published_questions(as_of, proposed=self.pending)
        else:
            # The answers' figures are counted over whole tables: once per content generation.
            questions = per_generation("faq_questions", lambda: faq.published_questions(as_of))
        context.update(questions=questions, as_of=as_of, preview=self.pending is not None)
        return context


class RecordHoldersView(BreadcrumbsMixin, TemplateView):
    """Station record holders: the leading people in days aboard and spacewalks."""

    template_name = "stations/record_holders.html"
    section = ("Record holders", "stations:record_holders")
    limit = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        holders = per_generation("record_holders", lambda: stats.record_holders(self.limit))
        context.update(
            holders=holders,
            limit=self.limit,
            as_of=holders["as_of"],
            page_sources=per_generation(
                "record_sources",
                lambda: sources_used_by(Stay.objects.all(), Spacewalk.objects.all()),
            ),
        )
        return context
