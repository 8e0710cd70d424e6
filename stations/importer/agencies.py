"""agencies.csv: the space agencies and companies people, vehicles and modules belong to."""

from ..models import Agency
from .records import by_key


def load_agencies(loaded, rows):
    existing = by_key(Agency.objects.all(), "abbreviation")
    for row in rows:
        abbreviation = row.text("abbreviation", required=True)
        values = {
            "name": row.text("name", required=True),
            "kind": row.choice("kind", Agency.Kind.values),
            "country": row.text("country"),
        }
        loaded.agencies[abbreviation] = loaded.save(
            row, "agencies", Agency, existing, {"abbreviation": abbreviation}, values
        )
