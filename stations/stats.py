"""Figures and records computed from the data, for the home and facts pages.

Each function runs a fixed number of queries, whatever the amount of data.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Max, Min, Q, Sum

from .models import Astronaut, Expedition, ExpeditionMember, Module, Spacewalk, Visit, today


def whole_years(start: datetime.date | None, end: datetime.date) -> int:
    if start is None:
        return 0
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def at_least(count: int) -> str:
    """A count as the reference page writes it: 274 -> "270+"."""
    if count < 20:
        return str(count)
    return f"{count // 10 * 10}+"


def headline_figures():
    day = today()
    first_launch = Module.objects.aggregate(first=Min("launch_date"))["first"]
    first_expedition = Expedition.objects.aggregate(first=Min("start"))["first"]
    people = (
        Astronaut.objects.filter(Q(memberships__isnull=False) | Q(visits__isnull=False))
        .distinct()
        .count()
    )
    spacewalks = Spacewalk.objects.aggregate(count=Count("pk"), duration=Sum("duration"))
    eva_hours = (
        round(spacewalks["duration"].total_seconds() / 3600) if spacewalks["duration"] else 0
    )
    return {
        "first_launch": first_launch,
        "years_in_orbit": whole_years(first_launch, day),
        "first_expedition_start": first_expedition,
        "years_crewed": whole_years(first_expedition, day),
        "people_visited": people,
        "people_visited_label": at_least(people),
        "spacewalks": spacewalks["count"],
        "eva_hours": eva_hours,
        "expeditions": Expedition.objects.count(),
        "visits": Visit.objects.count(),
    }


def visits_by_operator():
    return list(
        Visit.objects.values(
            "spacecraft_type__operator__abbreviation", "spacecraft_type__operator__name"
        )
        .annotate(count=Count("pk"))
        .order_by("-count", "spacecraft_type__operator__abbreviation")
    )


def merge_intervals(intervals):
    """Merge (start, end) date pairs that overlap or touch; return them in order."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _member_interval(membership, day):
    expedition = membership.expedition
    return (
        membership.joined or expedition.start,
        membership.left or expedition.end or day,
    )


def _visit_interval(visit, day):
    return (visit.arrival_date, visit.departure_date or day)


def days_aboard(memberships, visits):
    """Total days at the station, counting overlapping stays once."""
    day = today()
    intervals = [_member_interval(m, day) for m in memberships]
    intervals += [_visit_interval(v, day) for v in visits]
    return sum((end - start).days for start, end in merge_intervals(intervals))


def _holders(scores):
    """The people with the highest score, ties included, with that score."""
    if not scores:
        return {"value": None, "people": []}
    best = max(scores.values())
    people = sorted((p for p, score in scores.items() if score == best), key=lambda p: p.name)
    return {"value": best, "people": people}


def records():
    day = today()
    longest = Spacewalk.objects.aggregate(longest=Max("duration"))["longest"]
    longest_spacewalks = (
        list(Spacewalk.objects.filter(duration=longest).prefetch_related("crew").order_by("date"))
        if longest
        else []
    )

    eva_people = Astronaut.objects.annotate(
        spacewalk_count=Count("spacewalk_links"),
        eva_time=Sum("spacewalk_links__spacewalk__duration"),
    ).filter(spacewalk_count__gt=0)
    eva_people = list(eva_people)

    intervals = defaultdict(list)
    people = {}
    for membership in ExpeditionMember.objects.select_related("expedition", "astronaut"):
        people[membership.astronaut_id] = membership.astronaut
        intervals[membership.astronaut_id].append(_member_interval(membership, day))
    crew_links = Visit.crew.through.objects.select_related("visit", "astronaut")
    for link in crew_links:
        people[link.astronaut_id] = link.astronaut
        intervals[link.astronaut_id].append(_visit_interval(link.visit, day))

    longest_stay = {}
    total_days = {}
    for person_id, person_intervals in intervals.items():
        stays = [(end - start).days for start, end in merge_intervals(person_intervals)]
        longest_stay[people[person_id]] = max(stays)
        total_days[people[person_id]] = sum(stays)

    return {
        "longest_spacewalk": {"value": longest, "spacewalks": longest_spacewalks},
        "most_spacewalks": _holders({p: p.spacewalk_count for p in eva_people}),
        "most_eva_time": _holders({p: p.eva_time for p in eva_people if p.eva_time}),
        "longest_stay": _holders(longest_stay),
        "most_days": _holders(total_days),
    }
