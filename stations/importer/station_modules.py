"""modules.csv: the station's modules, in assembly order."""

from ..models import Module
from .records import by_key


def load_modules(loaded, rows):
    existing = by_key(Module.objects.all(), "slug")
    for row in rows:
        slug = row.text("slug", required=True)
        launch_date, launched_at = row.moment("launch", required=True)
        values = {
            "name": row.text("name", required=True),
            "agency": loaded.agency(row, "agency"),
            "kind": row.text("kind", required=True),
            "launch_date": launch_date,
            "launched_at": launched_at,
            "attached_date": row.date("attached"),
            "mass_kg": row.integer("mass_kg"),
            # Optional columns (older data sets have none).
            "location": row.optional("location"),
            "launch_vehicle": row.optional("launch_vehicle"),
            "delivered_by": (
                loaded.visit(row, "delivered_by", required=False)
                if "delivered_by" in row.values
                else None
            ),
            "position": row.integer("position", required=True),
            **loaded.source(row),
        }
        loaded.save(row, "modules", Module, existing, {"slug": slug}, values)
