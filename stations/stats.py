"""Figures and records computed from the data, for the home and facts pages.

Each function runs a fixed number of queries, whatever the amount of data.
"""

import datetime
from collections import defaultdict

from django.db.models import Count
from django.db.models import DateField
from django.db.models import DurationField
from django.db.models import Exists
from django.db.models import F
from django.db.models import Func
from django.db.models import IntegerField
from django.db.models import Max
from django.db.models import Min
from django.db.models import OuterRef
from django.db.models import Subquery

from .models import Astronaut
from .models import DataSource
from .models import Expedition
from .models import ExpeditionMember
from .models import Module
from .models import Spacewalk
from .models import SpacewalkCrew
from .models import Stay
from .models import Visit
from .models import records_as_of


def whole_years(start: datetime.date | None, end: datetime.date | None) -> int:
    if start is None or end is None:
        return 0
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def at_least(count: int) -> str:
    """A count as the reference page writes it: 274 -> "270+"."""
    if count < 20:
        return str(count)
    return f"{count // 10 * 10}+"


def _scalar(queryset, expression, output_field):
    """``expression`` over ``queryset`` as a scalar subquery, e.g. (SELECT COUNT(*) FROM ...)."""
    return Subquery(
        queryset.order_by().annotate(value=expression).values("value")[:1],
        output_field=output_field,
    )


COUNT = Func(F("pk"), function="COUNT")


def count_of(queryset, field):
    """How many rows of ``queryset`` point at the outer row through ``field``: a subquery."""
    return _scalar(queryset.filter(**{field: OuterRef("pk")}), COUNT, IntegerField())


def headline_figures(as_of=None):
    """The live figures, in one query.

    Every station record names a DataSource, so when there is any data there is a
    DataSource row to hang the scalar subqueries on; with no data, all is zero.
    """
    day = as_of or records_as_of()
    people = Astronaut.objects.filter(Exists(Stay.objects.filter(astronaut=OuterRef("pk"))))
    row = DataSource.objects.aggregate(
        current_to=Max("current_to"),
        first_launch=Max(
            _scalar(Module.objects, Func(F("launch_date"), function="MIN"), DateField())
        ),
        first_expedition=Max(
            _scalar(Expedition.objects, Func(F("start"), function="MIN"), DateField())
        ),
        expeditions=Max(_scalar(Expedition.objects, COUNT, IntegerField())),
        people=Max(_scalar(people, COUNT, IntegerField())),
        spacewalks=Max(_scalar(Spacewalk.objects, COUNT, IntegerField())),
        eva=Max(_scalar(Spacewalk.objects, Func(F("duration"), function="SUM"), DurationField())),
        visits=Max(_scalar(Visit.objects, COUNT, IntegerField())),
    )
    people_count = row["people"] or 0
    return {
        "first_launch": row["first_launch"],
        "years_in_orbit": whole_years(row["first_launch"], day),
        "first_expedition_start": row["first_expedition"],
        "years_crewed": whole_years(row["first_expedition"], day),
        "people_visited": people_count,
        "people_visited_label": at_least(people_count),
        "spacewalks": row["spacewalks"] or 0,
        "eva_hours": round(row["eva"].total_seconds() / 3600) if row["eva"] else 0,
        "expeditions": row["expeditions"] or 0,
        "visits": row["visits"] or 0,
        "current_to": row["current_to"],
        "as_of": day,
    }


def station_now(as_of=None):
    """The station on the day of the newest record: the expedition then running, the
    people aboard (from their stays, with their role in that expedition) and the
    vehicles docked with no later record of leaving. Four queries at most."""
    day = as_of or records_as_of()
    if day is None:
        return {"as_of": None, "current": None, "aboard": [], "docked": []}
    current = Expedition.objects.current(day).order_by("-number").first()
    aboard = list(Astronaut.objects.aboard_on(day, day).select_related("agency").order_by("name"))
    roles = {}
    if current is not None:
        roles = dict(
            ExpeditionMember.objects.filter(expedition=current, astronaut__in=aboard).values_list(
                "astronaut_id", "role"
            )
        )
    labels = dict(ExpeditionMember.Role.choices)
    for person in aboard:
        # Empty for someone aboard who is not in that expedition's crew (a visitor).
        person.role_display = labels.get(roles.get(person.pk), "")
    docked = list(Visit.objects.docked_now(day).select_related("spacecraft_type__operator"))
    return {"as_of": day, "current": current, "aboard": aboard, "docked": docked}


def visits_by_operator():
    return list(
        Visit.objects.values(
            "spacecraft_type__operator__abbreviation", "spacecraft_type__operator__name"
        )
        .annotate(count=Count("pk"))
        .order_by("-count", "spacecraft_type__operator__abbreviation")
    )


ONE_DAY = datetime.timedelta(days=1)


def merge_intervals(intervals):
    """Merge inclusive (first day, last day) pairs that overlap or meet; return them in order."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def calendar_days(start, end):
    """Days from ``start`` to ``end``, both counted: a stay of one day is 1."""
    return (end - start).days + 1


def _stay_intervals(stays, as_of):
    return [(stay.arrival_date, stay.last_day(as_of)) for stay in stays]


def days_aboard(stays, as_of=None):
    """Calendar days aboard over all ``stays``, a day counted once where stays overlap."""
    as_of = as_of or records_as_of()
    merged = merge_intervals(_stay_intervals(stays, as_of))
    return sum(calendar_days(start, end) for start, end in merged)


def _holders(scores):
    """The people with the highest score, ties included, with that score."""
    if not scores:
        return {"value": None, "people": []}
    best = max(scores.values())
    people = sorted((p for p, score in scores.items() if score == best), key=lambda p: p.name)
    return {"value": best, "people": people}


def stays_by_person(day):
    """({person id: person}, {person id: [(first day, last day) of each stay]}) in one query."""
    intervals = defaultdict(list)
    people = {}
    for stay in Stay.objects.select_related("astronaut").only(
        "arrival_date",
        "departure_date",
        "departure_unknown",
        "last_seen_aboard",
        "astronaut__name",
        "astronaut__slug",
    ):
        people[stay.astronaut_id] = stay.astronaut
        intervals[stay.astronaut_id].append((stay.arrival_date, stay.last_day(day)))
    return people, intervals


def records(spacewalks=None, as_of=None):
    """Record holders, ties included. ``spacewalks`` may be a list already fetched."""
    day = as_of or records_as_of()
    if spacewalks is None:
        spacewalks = list(Spacewalk.objects.only("designation", "date", "duration"))
    by_id = {s.pk: s for s in spacewalks}
    longest = max((s.duration for s in spacewalks if s.duration), default=None)

    crews = defaultdict(list)
    eva_count = defaultdict(int)
    eva_time = defaultdict(datetime.timedelta)
    for link in SpacewalkCrew.objects.select_related("astronaut").order_by("astronaut__name"):
        spacewalk = by_id.get(link.spacewalk_id)
        if spacewalk is None:
            continue
        crews[spacewalk.pk].append(link.astronaut)
        eva_count[link.astronaut] += 1
        if spacewalk.duration:
            eva_time[link.astronaut] += spacewalk.duration
    longest_spacewalks = sorted(
        (s for s in spacewalks if longest and s.duration == longest), key=lambda s: s.date
    )
    for spacewalk in longest_spacewalks:
        spacewalk.crew_list = crews[spacewalk.pk]

    people, intervals = stays_by_person(day)

    longest_stay = {}
    total_days = {}
    for person_id, person_intervals in intervals.items():
        lengths = [calendar_days(start, end) for start, end in merge_intervals(person_intervals)]
        longest_stay[people[person_id]] = max(lengths)
        total_days[people[person_id]] = sum(lengths)

    return {
        "longest_spacewalk": {"value": longest, "spacewalks": longest_spacewalks},
        "most_spacewalks": _holders(dict(eva_count)),
        "most_eva_time": _holders({p: t for p, t in eva_time.items() if t}),
        "longest_stay": _holders(longest_stay),
        "most_days": _holders(total_days),
        "people_visited": len(people),
    }


def facts():
    """Everything on the facts page from a fixed handful of queries."""
    day = records_as_of()
    expeditions = list(Expedition.objects.only("number", "start", "end").order_by("number"))
    spacewalks = list(Spacewalk.objects.only("designation", "date", "duration").order_by("date"))
    first_launch = Module.objects.aggregate(first=Min("launch_date"))["first"]
    first_expedition = min((e.start for e in expeditions), default=None)
    record_holders = records(spacewalks, day)
    by_operator = visits_by_operator()
    eva_total = sum((s.duration for s in spacewalks if s.duration), datetime.timedelta())
    figures = {
        "first_launch": first_launch,
        "years_in_orbit": whole_years(first_launch, day),
        "first_expedition_start": first_expedition,
        "years_crewed": whole_years(first_expedition, day),
        "people_visited": record_holders["people_visited"],
        "spacewalks": len(spacewalks),
        "eva_hours": round(eva_total.total_seconds() / 3600),
        "expeditions": len(expeditions),
        "visits": sum(row["count"] for row in by_operator),
    }
    return {
        "as_of": day,
        "figures": figures,
        "records": record_holders,
        "visits_by_operator": by_operator,
        "expeditions": expeditions,
        "spacewalks": spacewalks,
    }


def _ranked(scores, limit):
    """The top of ``scores`` ({person: value}), highest first, with shared ranks
    (1, 2, 2, 4); everyone tied with the last place shown is shown too."""
    rows = sorted(scores.items(), key=lambda item: (-_sortable(item[1]), item[0].name))
    ranked = []
    for index, (person, value) in enumerate(rows):
        tied = ranked and value == ranked[-1]["value"]
        rank = ranked[-1]["rank"] if tied else index + 1
        if rank > limit:
            break
        ranked.append({"rank": rank, "person": person, "value": value})
    return ranked


def _sortable(value):
    return value.total_seconds() if isinstance(value, datetime.timedelta) else value


def record_holders(limit=10, as_of=None):
    """The leading people in each stays- and spacewalk-based record: two queries."""
    day = as_of or records_as_of()
    eva_count = defaultdict(int)
    eva_time = defaultdict(datetime.timedelta)
    for link in SpacewalkCrew.objects.select_related("astronaut", "spacewalk").only(
        "spacewalk__duration", "astronaut__name", "astronaut__slug"
    ):
        eva_count[link.astronaut] += 1
        if link.spacewalk.duration:
            eva_time[link.astronaut] += link.spacewalk.duration

    people, intervals = stays_by_person(day)
    longest_stay, total_days, stays = {}, {}, {}
    for person_id, person_intervals in intervals.items():
        lengths = [calendar_days(s, e) for s, e in merge_intervals(person_intervals)]
        person = people[person_id]
        longest_stay[person] = max(lengths)
        total_days[person] = sum(lengths)
        stays[person] = len(lengths)
    return {
        "as_of": day,
        "most_days": _ranked(total_days, limit),
        "longest_stay": _ranked(longest_stay, limit),
        "most_stays": _ranked(stays, limit),
        "most_spacewalks": _ranked(dict(eva_count), limit),
        "most_eva_time": _ranked({p: t for p, t in eva_time.items() if t}, limit),
    }
