"""expeditions.csv, expedition_members.csv and command_terms.csv: the expeditions,
their crews and who commanded when."""

from ..models import CommandTerm, Expedition, ExpeditionMember
from .records import by_key


def load_expeditions(loaded, rows):
    existing = by_key(Expedition.objects.all(), "number")
    for row in rows:
        number = row.integer("number", required=True)
        values = {
            "start": row.date("start", required=True),
            "end": row.date("end"),
            **loaded.source(row),
        }
        loaded.expeditions[number] = loaded.save(
            row, "expeditions", Expedition, existing, {"number": number}, values
        )


def load_members(loaded, rows):
    existing = by_key(ExpeditionMember.objects.all(), "expedition", "astronaut")
    seen = set()
    for row in rows:
        expedition = loaded.expedition(row, "expedition")
        astronaut = loaded.person(row, "astronaut", row.text("astronaut", required=True))
        if (expedition.pk, astronaut.pk) in seen:
            raise row.error("astronaut", f"{astronaut} is listed twice in {expedition}")
        seen.add((expedition.pk, astronaut.pk))
        lookup = {"expedition": expedition, "astronaut": astronaut}
        values = {
            "role": row.choice("role", ExpeditionMember.Role.values),
            "joined": row.date("joined"),
            "left": row.date("left"),
            **loaded.source(row),
        }
        loaded.save(row, "expedition crew", ExpeditionMember, existing, lookup, values)


def load_command_terms(loaded, rows):
    """Who commanded when, where command changed hands during an expedition. The
    file lists every term of the expeditions it names; any other term of those
    expeditions is removed."""
    existing = by_key(
        CommandTerm.objects.select_related("expedition"), "expedition", "astronaut", "start"
    )
    seen = set()
    for row in rows:
        expedition = loaded.expedition(row, "expedition")
        astronaut = loaded.person(row, "commander", row.text("commander", required=True))
        start = row.date("start", required=True)
        key = (expedition.pk, astronaut.pk, start)
        if key in seen:
            raise row.error("start", f"{astronaut} is listed twice from {start}")
        seen.add(key)
        lookup = {"expedition": expedition, "astronaut": astronaut, "start": start}
        values = {"end": row.date("end"), **loaded.source(row)}
        loaded.save(row, "command terms", CommandTerm, existing, lookup, values)
    loaded.remove_unlisted("command terms", CommandTerm, existing, seen)
