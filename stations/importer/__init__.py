"""Load the station's history from the CSV files in stations/data/.

The files are derived from open datasets (see stations/data/DATA_NOTES.md and
the Data sources page). The load is all or nothing: every row is parsed and
validated inside one transaction, and the first bad row stops it with the
file, the line and the field. A second run finds every record unchanged and
writes nothing.

One module per record kind reads its file; ``load_station_data`` runs them in the
order the files name each other.
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


@transaction.atomic
def load_station_data(data_dir=DATA_DIR) -> Counts:
    """Load every file, or nothing: a DataFileError rolls the whole load back."""
    data_dir = Path(data_dir)
    loaded = Loaded()
    load_sources(loaded, read_rows(data_dir / "sources.csv"))
    load_agencies(loaded, read_rows(data_dir / "agencies.csv"))
    load_people(loaded, read_rows(data_dir / "astronauts.csv"))
    load_expeditions(loaded, read_rows(data_dir / "expeditions.csv"))
    load_spacecraft_types(loaded, read_rows(data_dir / "spacecraft_types.csv"))
    load_visits(loaded, read_rows(data_dir / "visits.csv"))
    load_visit_ports(loaded, read_optional_rows(data_dir / "visit_ports.csv"))
    load_stays(loaded, read_rows(data_dir / "stays.csv"))
    # Crews after stays: a crew member must have a stay during the expedition.
    load_members(loaded, read_rows(data_dir / "expedition_members.csv"))
    load_command_terms(loaded, read_optional_rows(data_dir / "command_terms.csv"))
    load_spacewalks(loaded, read_rows(data_dir / "spacewalks.csv"))
    load_modules(loaded, read_rows(data_dir / "modules.csv"))
    return loaded.counts
