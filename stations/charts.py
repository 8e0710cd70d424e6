"""Charts drawn on the server as SVG geometry; templates turn it into markup.

Each chart carries a title, a description and the rows of its data table, so
that screen readers and people without images get the same facts.
"""

import datetime
from collections import Counter

from .models import VisitPort
from .models import records_as_of

WIDTH = 720
LEFT = 124  # room for row labels
RIGHT = 12
TOP = 8
AXIS = 24  # room for the year labels below


def _time_scale(first: datetime.date, last: datetime.date):
    span = max((last - first).days, 1)
    plot = WIDTH - LEFT - RIGHT

    def x(day: datetime.date) -> float:
        return round(LEFT + (day - first).days / span * plot, 1)

    ticks = []
    for year in range(first.year + 1, last.year + 1):
        if year % 5 == 0:
            day = datetime.date(year, 1, 1)
            ticks.append({"x": x(day), "label": year})
    return x, ticks


def spacewalks_per_year(spacewalks):
    counts = Counter(spacewalk.date.year for spacewalk in spacewalks)
    if not counts:
        return None
    years = list(range(min(counts), max(counts) + 1))
    peak = max(counts.values())
    height = 200
    plot_height = height - TOP - AXIS
    slot = (WIDTH - 40 - RIGHT) / len(years)
    bars = []
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        bar_height = round(count / peak * plot_height, 1)
        bars.append(
            {
                "x": round(40 + index * slot + slot * 0.15, 1),
                "y": round(TOP + plot_height - bar_height, 1),
                "width": round(slot * 0.7, 1),
                "height": bar_height,
                "year": year,
                "count": count,
                "label_x": round(40 + index * slot + slot / 2, 1),
                "show_label": year % 5 == 0,
            }
        )
    return {
        "title": "Spacewalks per year",
        "description": (
            f"Bar chart of the {sum(counts.values())} spacewalks at the station from "
            f"{years[0]} to {years[-1]}; the busiest year had {peak}."
        ),
        "width": WIDTH,
        "height": height,
        "baseline": TOP + plot_height,
        "peak": peak,
        "bars": bars,
        "rows": [(year, counts.get(year, 0)) for year in years],
    }


def expedition_timeline(expeditions, as_of=None):
    if not expeditions:
        return None
    # An expedition with no recorded end is drawn to the newest record.
    day = as_of or records_as_of() or max(e.start for e in expeditions)
    first = expeditions[0].start
    last = max(e.end or day for e in expeditions)
    x, ticks = _time_scale(first, last)
    row = 5
    height = TOP + row * len(expeditions) + AXIS
    bars = []
    for index, expedition in enumerate(expeditions):
        end = expedition.end or day
        bars.append(
            {
                "x": x(expedition.start),
                "y": TOP + index * row,
                "width": max(round(x(end) - x(expedition.start), 1), 1),
                "height": row - 1,
                "expedition": expedition,
                "ongoing": expedition.end is None,
                "label": index % 10 == 0,
            }
        )
    return {
        "title": "Expedition timeline",
        "description": (
            f"Each of the {len(expeditions)} expeditions as a bar from its start to its end, "
            f"from Expedition {expeditions[0].number} in {first.year} to "
            f"Expedition {expeditions[-1].number}."
        ),
        "width": WIDTH,
        "height": height,
        "axis_y": height - AXIS + 14,
        "ticks": ticks,
        "bars": bars,
        "label_x": LEFT - 6,
    }


def port_occupancy(as_of=None):
    """Each port's lane with a bar for every vehicle's time there (its port times,
    so a vehicle that moved appears on each port it used)."""
    segments = list(
        VisitPort.objects.select_related("visit")
        .only(
            "port",
            "start_date",
            "end_date",
            "visit__name",
            "visit__slug",
            "visit__arrival_date",
            "visit__departure_date",
            "visit__departure_unknown",
            "visit__last_seen_docked",
        )
        .order_by("port", "start_date", "start_at", "pk")
    )
    if not segments:
        return None
    day = as_of or records_as_of()
    first = min(s.start_date for s in segments)
    last = max(s.last_day(day) for s in segments)
    x, ticks = _time_scale(first, last)
    ports = sorted({s.port for s in segments})
    row = 22
    height = TOP + row * len(ports) + AXIS
    lanes = []
    for index, port in enumerate(ports):
        port_segments = [s for s in segments if s.port == port]
        lanes.append(
            {
                "port": port,
                "y": TOP + index * row,
                "label_y": TOP + index * row + row / 2 + 4,
                "bars": [
                    {
                        "x": x(s.start_date),
                        "width": max(round(x(s.last_day(day)) - x(s.start_date), 1), 1),
                        "visit": s.visit,
                        "segment": s,
                    }
                    for s in port_segments
                ],
                "count": len(port_segments),
            }
        )
    return {
        "title": "Docking port occupancy",
        "description": (
            f"For each of {len(ports)} ports, the time each visiting vehicle spent there, "
            f"from {first.year} to {last.year}; a vehicle that moved is shown at each port."
        ),
        "width": WIDTH,
        "height": height,
        "bar_height": row - 6,
        "axis_y": height - AXIS + 14,
        "ticks": ticks,
        "lanes": lanes,
        "label_x": LEFT - 6,
    }
