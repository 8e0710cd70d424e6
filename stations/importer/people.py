"""astronauts.csv: everyone aboard, with the other spellings of their names."""

from ..models import Astronaut
from .records import by_key, normalize_name


def load_people(loaded, rows):
    existing = by_key(Astronaut.objects.all(), "slug")
    for row in rows:
        slug = row.text("slug", required=True)
        name = row.text("name", required=True)
        aliases = row.names("aliases")
        values = {
            "name": name,
            "aliases": "\n".join(aliases),
            "agency": loaded.agency(row, "agency", required=False),
            "nationality": row.text("nationality").upper(),
            "birth_date": row.date("birth_date"),
            **loaded.source(row),
        }
        loaded.people[slug] = loaded.save(
            row, "people", Astronaut, existing, {"slug": slug}, values
        )
        add_spellings(loaded, row, slug, [name, *aliases])


def add_spellings(loaded, row, slug, spellings):
    """Other files may name a person by any spelling; each names one person only."""
    for spelling in spellings:
        other = loaded.people_by_name.setdefault(normalize_name(spelling), slug)
        if other != slug:
            raise row.error("aliases", f"{spelling!r} also names {other!r}")
