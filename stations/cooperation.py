"""International cooperation and station visitors, computed from the records.

The partner agencies and companies with their people, modules, vehicles and
spacewalks; the people who visited, by country and by agency, and the first of each
country. Each function runs a fixed number of queries, whatever the amount of data.
"""

import datetime
from collections import defaultdict

from django.db.models import Exists
from django.db.models import F
from django.db.models import Func
from django.db.models import IntegerField
from django.db.models import OuterRef

from . import stats
from .countries import country_name
from .models import Agency
from .models import Astronaut
from .models import ExpeditionMember
from .models import Module
from .models import SpacecraftType
from .models import Spacewalk
from .models import SpacewalkCrew
from .models import Stay
from .models import Visit
from .models import records_as_of


def _spacewalks_by_people_of(agency_ref):
    """Spacewalks with at least one person of the agency ``agency_ref`` points at."""
    return Spacewalk.objects.filter(
        Exists(SpacewalkCrew.objects.filter(spacewalk=OuterRef("pk"), astronaut__agency=agency_ref))
    )


def agencies_overview():
    """Every agency and company with its counts, in one query: space agencies first."""
    agencies = Agency.objects.annotate(
        people=stats.count_of(Astronaut.objects, "agency"),
        module_count=stats.count_of(Module.objects, "agency"),
        vehicle_count=stats.count_of(SpacecraftType.objects, "operator"),
        visit_count=stats.count_of(Visit.objects, "spacecraft_type__operator"),
        spacewalk_count=stats._scalar(
            _spacewalks_by_people_of(OuterRef(OuterRef("pk"))), stats.COUNT, IntegerField()
        ),
    ).order_by("name")
    groups = {kind: [] for kind in Agency.Kind.values}
    for agency in agencies:
        agency.country_label = agency.country_name
        groups[agency.kind].append(agency)
    labels = {Agency.Kind.AGENCY: "Space agencies", Agency.Kind.COMPANY: "Companies"}
    return [
        {"kind": kind, "label": labels[kind], "agencies": rows}
        for kind, rows in groups.items()
        if rows
    ]


def agency_record(agency, as_of=None):
    """One agency's people, modules, vehicles and spacewalks: six queries."""
    as_of = as_of or records_as_of()
    people = list(
        Astronaut.objects.filter(agency=agency)
        .annotate(
            expedition_count=stats.count_of(ExpeditionMember.objects, "astronaut"),
            spacewalk_count=stats.count_of(SpacewalkCrew.objects, "astronaut"),
        )
        .only("name", "slug", "nationality")
        .order_by("name")
    )
    stays = defaultdict(list)
    for stay in Stay.objects.filter(astronaut__agency=agency).only(
        "astronaut_id", "arrival_date", "departure_date", "departure_unknown", "last_seen_aboard"
    ):
        stays[stay.astronaut_id].append(stay)
    for person in people:
        person.stay_count = len(stays[person.pk])
        person.days = stats.days_aboard(stays[person.pk], as_of) if stays[person.pk] else 0

    modules = list(Module.objects.filter(agency=agency).only("name", "slug", "kind", "launch_date"))

    vehicles = list(
        SpacecraftType.objects.filter(operator=agency)
        .annotate(
            visit_count=stats.count_of(Visit.objects, "spacecraft_type"),
            first_arrival=stats._scalar(
                Visit.objects.filter(spacecraft_type=OuterRef("pk")),
                Func(F("arrival_date"), function="MIN"),
                Visit._meta.get_field("arrival_date"),
            ),
            last_arrival=stats._scalar(
                Visit.objects.filter(spacecraft_type=OuterRef("pk")),
                Func(F("arrival_date"), function="MAX"),
                Visit._meta.get_field("arrival_date"),
            ),
        )
        .order_by("first_arrival", "name")
    )

    spacewalks = {}
    for link in (
        SpacewalkCrew.objects.filter(astronaut__agency=agency)
        .select_related("spacewalk", "astronaut")
        .only(
            "spacewalk__designation",
            "spacewalk__date",
            "spacewalk__duration",
            "astronaut__name",
            "astronaut__slug",
        )
        .order_by("spacewalk__date", "spacewalk__designation", "astronaut__name")
    ):
        spacewalk = spacewalks.setdefault(link.spacewalk_id, link.spacewalk)
        if not hasattr(spacewalk, "agency_crew"):
            spacewalk.agency_crew = []
        spacewalk.agency_crew.append(link.astronaut)
    spacewalks = list(spacewalks.values())
    eva_time = sum((s.duration for s in spacewalks if s.duration), datetime.timedelta())
    return {
        "people": people,
        "stay_count": sum(len(rows) for rows in stays.values()),
        "modules": modules,
        "vehicles": vehicles,
        "visit_count": sum(v.visit_count for v in vehicles),
        "spacewalks": spacewalks,
        "eva_time": eva_time,
    }


def visitors():
    """People who were aboard, by country and by agency, with each country's first
    visitors (the earliest first arrival, ties included). Two queries."""
    people = {}
    first_arrival = {}
    stay_count = defaultdict(int)
    for stay in (
        Stay.objects.select_related("astronaut")
        .only(
            "arrival_date",
            "astronaut__name",
            "astronaut__slug",
            "astronaut__nationality",
            "astronaut__agency_id",
        )
        .order_by("arrival_date", "astronaut__name")
    ):
        person = stay.astronaut
        people.setdefault(person.pk, person)
        first_arrival.setdefault(person.pk, stay.arrival_date)
        stay_count[person.pk] += 1

    countries = {}
    for pk, person in people.items():
        code = person.nationality or ""
        row = countries.setdefault(
            code,
            {
                "code": code,
                "name": country_name(code) or "Not recorded",
                "people": 0,
                "stays": 0,
                "first_day": None,
                "first": [],
            },
        )
        row["people"] += 1
        row["stays"] += stay_count[pk]
        day = first_arrival[pk]
        if row["first_day"] is None or day < row["first_day"]:
            row["first_day"], row["first"] = day, [person]
        elif day == row["first_day"]:
            row["first"].append(person)
    by_country = sorted(countries.values(), key=lambda r: (-r["people"], r["name"]))
    for row in by_country:
        row["first"].sort(key=lambda p: p.name)

    agencies = {a.pk: a for a in Agency.objects.only("abbreviation", "name", "slug", "kind")}
    by_agency = defaultdict(lambda: {"people": 0, "stays": 0})
    for pk, person in people.items():
        row = by_agency[person.agency_id]
        row["people"] += 1
        row["stays"] += stay_count[pk]
    agency_rows = [
        {"agency": agencies.get(agency_id), **counts} for agency_id, counts in by_agency.items()
    ]
    agency_rows.sort(key=lambda r: (-r["people"], r["agency"].name if r["agency"] else "\uffff"))
    return {
        "people": len(people),
        "stays": sum(stay_count.values()),
        "by_country": by_country,
        "by_agency": agency_rows,
        "first_country_visits": sorted(
            (row for row in by_country if row["code"]), key=lambda r: (r["first_day"], r["name"])
        ),
    }
