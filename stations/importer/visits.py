"""spacecraft_types.csv, visits.csv and visit_ports.csv: the visiting vehicles, their
crews and their time at each port."""

from ..models import SpacecraftType, Visit, VisitPort
from .records import by_key


def load_spacecraft_types(loaded, rows):
    existing = by_key(SpacecraftType.objects.all(), "slug")
    for row in rows:
        slug = row.text("slug", required=True)
        values = {
            "name": row.text("name", required=True),
            "operator": loaded.agency(row, "operator"),
            "purpose": row.choice("purpose", SpacecraftType.Purpose.values),
        }
        loaded.spacecraft_types[slug] = loaded.save(
            row, "spacecraft types", SpacecraftType, existing, {"slug": slug}, values
        )


def load_visits(loaded, rows):
    existing = by_key(Visit.objects.prefetch_related("crew"), "slug")
    for row in rows:
        slug = row.text("slug", required=True)
        spacecraft_type = loaded.spacecraft_type(row, "spacecraft_type")
        times = visit_times(row)
        crew = [loaded.person(row, "crew", name) for name in row.names("crew")]
        values = {
            "name": row.text("name", required=True),
            "spacecraft_type": spacecraft_type,
            **times,
            "last_seen_docked": row.date("last_seen") if times["departure_unknown"] else None,
            "port": row.text("port"),
            "mode": row.choice("mode", Visit.Mode.values),
            **loaded.source(row),
        }
        visit = loaded.save(row, "visits", Visit, existing, {"slug": slug}, values)
        loaded.visits[slug] = visit
        save_visit_crew(loaded, visit, crew)


def visit_times(row):
    """Launch, arrival, capture and departure; the departure must fit its status."""
    launch_date, launched_at = row.moment("launch")
    arrival_date, arrived_at = row.moment("arrival", required=True)
    # An optional column: the robotic arm's capture of a berthed vehicle.
    _, captured_at = row.moment("captured") if "captured" in row.values else (None, None)
    departure_date, departed_at = row.moment("departure")
    status = row.choice("departure_status", {"departed", "at_station", "unknown"})
    if (status == "departed") != (departure_date is not None):
        raise row.error(
            "departure_status", f"{status!r} does not fit the departure {departure_date}"
        )
    return {
        "launch_date": launch_date,
        "launched_at": launched_at,
        "arrival_date": arrival_date,
        "arrived_at": arrived_at,
        "captured_at": captured_at,
        "departure_date": departure_date,
        "departed_at": departed_at,
        "departure_unknown": status == "unknown",
    }


def save_visit_crew(loaded, visit, crew):
    wanted = {person.pk for person in crew}
    current = {person.pk for person in visit.crew.all()}
    if current != wanted:
        visit.crew.set(wanted)
        loaded.counts.record("visit crews", "updated" if current else "created")


def load_visit_ports(loaded, rows):
    """Each visit's time at each port. The file lists every port time of the
    visits it names; any other port time of those visits is removed."""
    existing = by_key(VisitPort.objects.select_related("visit"), "visit", "start_date", "port")
    seen = set()
    for row in rows:
        visit = loaded.visit(row, "visit")
        port = row.text("port", required=True)
        start_date, start_at = row.moment("start", required=True)
        end_date, end_at = row.moment("end")
        key = (visit.pk, start_date, port)
        if key in seen:
            raise row.error("start", f"{visit} is listed twice at {port} from {start_date}")
        seen.add(key)
        lookup = {"visit": visit, "start_date": start_date, "port": port}
        values = {
            "start_at": start_at,
            "end_date": end_date,
            "end_at": end_at,
            **loaded.source(row),
        }
        loaded.save(row, "port times", VisitPort, existing, lookup, values)
    loaded.remove_unlisted("port times", VisitPort, existing, seen)
