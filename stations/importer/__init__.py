"""Load the station's history from the CSV files in stations/data/.

The files are derived from open datasets (see stations/data/DATA_NOTES.md and
the Data sources page). The load is all or nothing: every row is parsed and
validated inside one transaction, and the first bad row stops it with the
file, the line and the field. A second run finds every record unchanged and
writes nothing.

One module per record kind reads its files; ``load_station_data`` runs them in
the order of ``FILES``.
"""

from pathlib import Path

from django.db import transaction

from .agencies import load_agencies
from .expeditions import load_command_terms, load_expeditions, load_members
from .people import load_people
from .records import Counts, Loaded, normalize_name
from .rows import DataFileError, read_optional_rows, read_rows
from .sources import load_sources
from .spacewalks import load_spacewalks
from .station_modules import load_modules
from .stays import load_stays
from .visits import load_spacecraft_types, load_visit_ports, load_visits

__all__ = ["DATA_DIR", "Counts", "DataFileError", "load_station_data", "normalize_name"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Each file and what loads it, in the order the files name each other.
FILES = [
    ("sources.csv", load_sources),
    ("agencies.csv", load_agencies),
    ("astronauts.csv", load_people),
    ("expeditions.csv", load_expeditions),
    ("spacecraft_types.csv", load_spacecraft_types),
    ("visits.csv", load_visits),
    ("visit_ports.csv", load_visit_ports),
    ("stays.csv", load_stays),
    # Crews after stays: a crew member must have a stay during the expedition.
    ("expedition_members.csv", load_members),
    ("command_terms.csv", load_command_terms),
    ("spacewalks.csv", load_spacewalks),
    ("modules.csv", load_modules),
]
# Older data sets have none of these.
OPTIONAL_FILES = {"visit_ports.csv", "command_terms.csv"}


@transaction.atomic
def load_station_data(data_dir=DATA_DIR) -> Counts:
    """Load every file, or nothing: a DataFileError rolls the whole load back."""
    loaded = Loaded()
    for filename, load in FILES:
        path = Path(data_dir) / filename
        load(loaded, read_optional_rows(path) if filename in OPTIONAL_FILES else read_rows(path))
    return loaded.counts
