"""sources.csv: the datasets every other row names as its source."""

from ..models import DataSource
from .records import by_key


def load_sources(loaded, rows):
    existing = by_key(DataSource.objects.all(), "key")
    for row in rows:
        key = row.text("key", required=True)
        values = {
            "name": row.text("name", required=True),
            "url": row.text("url"),
            "license": row.text("license", required=True),
            "credit": row.text("credit"),
            # An optional column.
            "current_to": row.date("current_to") if "current_to" in row.values else None,
            # An optional column: for staff, never shown on the site.
            "notes": row.optional("notes"),
        }
        loaded.sources[key] = loaded.save(
            row, "sources", DataSource, existing, {"key": key}, values
        )
