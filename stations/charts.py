"""Charts drawn on the server; templates turn them into HTML rows with SVG bars.

Each chart is a list of rows: a label, a bar strip and a value, all text in HTML
(so it never shrinks with the screen) and the bars as SVG rectangles whose
positions are percentages of the strip. Each chart also carries its title, a
one-line summary, axis ticks, a legend and the rows of its data table, so that
screen readers and people without images get the same facts.
"""

import datetime
from collections import Counter

from .models import VisitPort, records_as_of


def _percent(part, whole):
    return round(part / whole * 100, 2) if whole else 0


def _count(number, singular, plural=None):
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _busiest(what, names, value, unit):
    """'the busiest year was 2007, with 23', or for a tie
    'the busiest years were 2001 and 2002, with 18 spacewalks each'."""
    listed = " and ".join(str(name) for name in names)
    if len(names) == 1:
        return f"the busiest {what} was {listed}, with {value}"
    return f"the busiest {what}s were {listed}, with {_count(value, unit)} each"


def nice_ticks(peak):
    """Evenly spaced round numbers from 0 to at least ``peak``: 23 -> 0, 5, ..., 25."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if step * 5 >= peak:
                top = -(-peak // step) * step  # peak rounded up to a whole step
                return list(range(0, max(top, step) + 1, step))
        magnitude *= 10


def _year_ticks(first, last):
    """Percent positions of every fifth 1 January between two days."""
    span = max((last - first).days, 1)
    return [
        {"label": year, "x": _percent((datetime.date(year, 1, 1) - first).days, span)}
        for year in range(first.year + 1, last.year + 1)
        if year % 5 == 0
    ]


def spacewalks_per_year(spacewalks):
    counts = Counter(spacewalk.date.year for spacewalk in spacewalks)
    if not counts:
        return None
    years = list(range(min(counts), max(counts) + 1))
    peak = max(counts.values())
    ticks = nice_ticks(peak)
    top = ticks[-1]
    busiest = _busiest("year", [y for y in years if counts.get(y, 0) == peak], peak, "spacewalk")
    total = _count(sum(counts.values()), "spacewalk")
    summary = f"{total} from {years[0]} to {years[-1]}; {busiest}."
    return {
        "title": "Spacewalks per year",
        "summary": summary,
        "description": f"Bar chart with one bar per year, the number at its end. {summary}",
        "ticks": [{"label": tick, "x": _percent(tick, top)} for tick in ticks],
        "rows": [
            {
                "year": year,
                "count": counts.get(year, 0),
                "width": _percent(counts.get(year, 0), top),
                "busiest": counts.get(year, 0) == peak,
            }
            for year in years
        ],
    }


# Where each quarter begins in a year, for the timeline's gridlines.
QUARTERS = (("Jan", 1), ("Apr", 4), ("Jul", 7), ("Oct", 10))
# A piece of an expedition narrower than this share of its year row is left unlabelled:
# a two-digit number no longer fits in it on a 320 px screen.
MIN_LABELLED_PERCENT = 9


def expedition_timeline(expeditions, as_of=None):
    """One row per year, January to December, with each expedition's part of it."""
    if not expeditions:
        return None
    # An expedition with no recorded end is drawn to the newest record.
    day = as_of or records_as_of() or max(e.start for e in expeditions)
    spans = [(e, e.start, e.end or day) for e in expeditions]
    first_year, last_year = spans[0][1].year, max(end for _, _, end in spans).year
    rows = []
    for year in range(first_year, last_year + 1):
        january, next_january = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        length = (next_january - january).days
        pieces = []
        for expedition, start, end in spans:
            left, right = max(start, january), min(end, next_january)
            # An expedition ends on the day the next begins: that day is the next one's.
            if right <= left and not (start == end and start.year == year):
                continue
            width = _percent((right - left).days, length)
            x = _percent((left - january).days, length)
            pieces.append(
                {
                    "expedition": expedition,
                    "x": x,
                    "width": max(width, 0.3),
                    "middle": round(x + width / 2, 2),
                    "labelled": width >= MIN_LABELLED_PERCENT,
                    "ongoing": expedition.end is None,
                    "alternate": expedition.number % 2 == 0,
                }
            )
        rows.append({"year": year, "pieces": pieces})
    finished = [(e.end - e.start).days for e in expeditions if e.end]
    typical_months = round(sum(finished) / len(finished) / 30.44) if finished else None
    last = expeditions[-1]
    summary = (
        f"{_count(len(expeditions), 'expedition')}, one after another, from Expedition "
        f"{expeditions[0].number} in {expeditions[0].start.year} to Expedition {last.number}"
    )
    if typical_months:
        summary += f"; on average each lasted about {typical_months} months"
    summary += "."
    return {
        "title": "Expeditions year by year",
        "summary": summary,
        "description": (
            f"Timeline with one row per year from {first_year} to {last_year}, January to "
            f"December; each bar is an expedition, numbered. {summary}"
        ),
        "ticks": [
            {
                "label": name,
                "x": _percent(
                    (datetime.date(2001, month, 1) - datetime.date(2001, 1, 1)).days, 365
                ),
            }
            for name, month in QUARTERS
        ],
        "rows": rows,
        "expeditions": expeditions,
        "ongoing": last.end is None,
        "as_of": day,
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
    span = max((last - first).days, 1)
    ports = sorted({s.port for s in segments})
    lanes = []
    for port in ports:
        port_segments = [s for s in segments if s.port == port]
        lanes.append(
            {
                "port": port,
                "bars": [
                    {
                        "x": _percent((s.start_date - first).days, span),
                        # A stay of a day or two still shows as a thin line.
                        "width": max(_percent((s.last_day(day) - s.start_date).days, span), 0.3),
                        "visit": s.visit,
                        "segment": s,
                        "there_now": s.end_date is None and s.visit.is_open,
                    }
                    for s in port_segments
                ],
                "count": len(port_segments),
            }
        )
    most = max(lane["count"] for lane in lanes)
    busiest = _busiest(
        "port", [lane["port"] for lane in lanes if lane["count"] == most], most, "vehicles"
    )
    summary = (
        f"{_count(len(segments), 'vehicle visit')} to {_count(len(ports), 'port')} from "
        f"{first.year} to {last.year}; {busiest}."
    )
    return {
        "title": "Docking port occupancy",
        "summary": summary,
        "description": (
            "Timeline with one row per port and one bar for each vehicle's time there; a "
            "vehicle that moved is shown at each port it used. The number beside each port "
            f"is how many vehicles it held. {summary}"
        ),
        "ticks": _year_ticks(first, last),
        "rows": lanes,
        "as_of": day,
        "anything_there_now": any(bar["there_now"] for lane in lanes for bar in lane["bars"]),
    }
