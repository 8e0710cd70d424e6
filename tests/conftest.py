import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issportal.roles import EDITORS, PUBLISHERS
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def editor():
    return UserFactory(username="eddie", first_name="Eddie", last_name="Editor", roles=[EDITORS])


@pytest.fixture
def publisher():
    return UserFactory(
        username="maria", first_name="Maria", last_name="Publisher", roles=[PUBLISHERS]
    )


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


@pytest.fixture(scope="module")
def initial_site(django_db_setup, django_db_blocker):
    """The whole first load (`load_initial_data`), run once for the module that asks for it.

    The load takes seconds, so the tests that only read it share one. It runs inside a
    transaction that is rolled back after the module; each test runs in a savepoint of it
    (pytest-django's `db`), so what one test changes the next never sees. Returns what the
    command printed.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import TestCase

    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        # The renditions tasks enqueued on commit run here (the test settings' immediate
        # backend), as the worker would run them after a real load.
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_initial_data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


class Migrator:
    """Takes the database back to some migrations, then forward to the latest."""

    def __init__(self):
        from django.db.migrations.executor import MigrationExecutor

        self.executor = MigrationExecutor(connection)

    def back_to(self, targets):
        """Migrates to ``targets``; returns the apps as they were there, to make old rows."""
        self.executor.migrate(targets)
        return self.executor.loader.project_state(targets).apps

    def forward(self):
        self.executor.loader.build_graph()
        self.executor.migrate(self.executor.loader.graph.leaf_nodes())


@pytest.fixture
def migrator(transactional_db):
    return Migrator()
