"""stays.csv: one row per person per flight; see DATA_NOTES.md for the rule."""

from ..models import Stay
from .records import by_key


def load_stays(loaded, rows):
    existing = by_key(Stay.objects.all(), "astronaut", "arrival_vehicle")
    seen = set()
    for row in rows:
        astronaut = loaded.person(row, "astronaut", row.text("astronaut", required=True))
        arrival_vehicle = loaded.visit(row, "arrival_vehicle")
        if (astronaut.pk, arrival_vehicle.pk) in seen:
            raise row.error("astronaut", f"{astronaut} arrives twice with {arrival_vehicle}")
        seen.add((astronaut.pk, arrival_vehicle.pk))
        departure = row.date("departure")
        status = row.choice("departure_status", {"departed", "aboard", "unknown"})
        if (status == "departed") != (departure is not None):
            raise row.error(
                "departure_status", f"{status!r} does not fit the departure {departure}"
            )
        lookup = {"astronaut": astronaut, "arrival_vehicle": arrival_vehicle}
        values = {
            "departure_vehicle": loaded.visit(row, "departure_vehicle", required=False),
            "arrival_date": row.date("arrival", required=True),
            "departure_date": departure,
            "departure_unknown": status == "unknown",
            "last_seen_aboard": row.date("last_seen") if status == "unknown" else None,
            **loaded.source(row),
        }
        loaded.save(row, "stays", Stay, existing, lookup, values)
