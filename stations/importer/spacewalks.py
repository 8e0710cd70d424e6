"""spacewalks.csv: the spacewalks and who went out on each."""

import datetime

from ..models import Spacewalk, SpacewalkCrew
from .records import by_key


def load_spacewalks(loaded, rows):
    existing = by_key(Spacewalk.objects.all(), "designation")
    crew_links = by_key(SpacewalkCrew.objects.all(), "spacewalk", "astronaut")
    for row in rows:
        designation = row.text("designation", required=True)
        date = row.date("date", required=True)
        _, start_at = row.moment("start")
        _, end_at = row.moment("end")
        duration = duration_of(row)
        source = loaded.source(row)
        rename_spacewalk(loaded, row, existing, designation)
        values = {
            "date": date,
            "start_at": start_at,
            "end_at": end_at,
            "duration": duration,
            "expedition": loaded.expedition(row, "expedition", required=False),
            "mission": row.text("mission"),
            "airlock": row.text("airlock"),
            "purpose": row.text("purpose"),
            **source,
        }
        spacewalk = loaded.save(
            row, "spacewalks", Spacewalk, existing, {"designation": designation}, values
        )
        save_spacewalk_crew(loaded, row, crew_links, spacewalk, source["source"])


def duration_of(row):
    minutes = row.integer("duration_minutes")
    if minutes is None:
        return None
    if minutes < 0:
        raise row.error("duration_minutes", "cannot be negative")
    return datetime.timedelta(minutes=minutes)


def rename_spacewalk(loaded, row, existing, designation):
    """A corrected designation: the optional ``replaces`` column names the one a
    loaded record had, and that record takes the new name (keeping its page and
    links) instead of a second record being made."""
    former = row.optional("replaces")
    if not former or (designation,) in existing or (former,) not in existing:
        return
    spacewalk = existing.pop((former,))
    spacewalk.designation = designation
    spacewalk.save(update_fields=["designation", "updated_at"])
    existing[(designation,)] = spacewalk
    loaded.counts.record("renamed spacewalks", "updated")


def save_spacewalk_crew(loaded, row, crew_links, spacewalk, source):
    """The row's crew, each once; anyone no longer listed is removed."""
    people = [loaded.person(row, "crew", name) for name in row.names("crew")]
    wanted = {person.pk for person in people}
    if len(wanted) != len(people):
        raise row.error("crew", "the same person is listed twice")
    values = {"source": source, "source_detail": ""}
    for person in people:
        lookup = {"spacewalk": spacewalk, "astronaut": person}
        loaded.save(row, "spacewalk crew", SpacewalkCrew, crew_links, lookup, values)
    unlisted = SpacewalkCrew.objects.filter(spacewalk=spacewalk).exclude(astronaut__in=wanted)
    removed, _ = unlisted.delete()
    if removed:
        # Counted as the other files' removals are, so the load does not say "up to date".
        loaded.counts.updated["spacewalk crew"] += removed
