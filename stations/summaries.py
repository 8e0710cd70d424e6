"""Summary sentences built from the records, shown until staff write a description."""

import datetime
from collections import Counter

from issportal.templatetags.site import _human_date


def _count(number, singular, plural):
    return f"{number:,} {singular if number == 1 else plural}"


def _join(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _hours_minutes(duration):
    minutes = int(duration.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def expedition_summary(expedition, length_days, members, spacewalks, visits, as_of):
    """A few sentences on one expedition: its length, crew, spacewalks and the vehicles
    that came and went, from records already loaded for its page (no query)."""
    sentences = []
    days = _count(length_days, "day", "days")
    if expedition.end:
        sentences.append(
            f"Expedition {expedition.number} lasted {days}, from "
            f"{_human_date(expedition.start)} to {_human_date(expedition.end)}."
        )
    else:
        sentences.append(
            f"Expedition {expedition.number} began on {_human_date(expedition.start)}"
            + (f" and had run {days} by {_human_date(as_of)}, our newest record." if as_of else ".")
        )
    if members:
        commanders = [m.astronaut.name for m in members if m.role == m.Role.COMMANDER]
        crew = f"Its crew numbered {len(members):,}"
        if commanders:
            crew += f", commanded by {_join(commanders)}"
        sentences.append(crew + ".")
    if spacewalks:
        total = sum((s.duration for s in spacewalks if s.duration), datetime.timedelta())
        walks = _count(len(spacewalks), "spacewalk was", "spacewalks were") + " made"
        if total:
            walks += f", {_hours_minutes(total)} outside in all"
        sentences.append(walks + ".")
    else:
        sentences.append("No spacewalks were made.")
    end = expedition.end or as_of or expedition.start
    arrived = [v for v in visits if expedition.start <= v.arrival_date <= end]
    left = [v for v in visits if v.departure_date and expedition.start <= v.departure_date <= end]
    if arrived or left:
        kinds = Counter(v.spacecraft_type.name for v in arrived)
        by_kind = _join(f"{count:,} {name}" for name, count in sorted(kinds.items()))
        sentence = _count(len(arrived), "vehicle arrived", "vehicles arrived")
        if arrived:
            sentence += f" ({by_kind})"
        sentence += f" and {len(left):,} left."
        sentences.append(sentence[0].upper() + sentence[1:])
    else:
        sentences.append("No vehicle arrived or left.")
    return " ".join(sentences)
