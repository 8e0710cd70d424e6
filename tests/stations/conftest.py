import pytest


@pytest.fixture(autouse=True)
def _database(db):
    """Every stations test builds or reads records (the migration tests ask for more)."""
