import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


class QueryCounter:
    """Asserts that a page runs the same number of queries at two data sizes."""

    def __init__(self, client):
        self.client = client

    def count(self, url):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)

    def assert_constant(self, url, grow, small=1, large=6, max_queries=12):
        """Build ``small`` then ``large`` items with ``grow(n)``, comparing ``url``'s queries."""
        grow(small)
        first = self.count(url)
        grow(large - small)
        second = self.count(url)
        assert first == second, f"{url}: {first} queries with less data, {second} with more"
        assert second <= max_queries, f"{url}: {second} queries"
        return second


@pytest.fixture
def query_counter(client):
    return QueryCounter(client)
