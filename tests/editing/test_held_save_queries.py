"""A held save asks whether it needs approval once (issue 16 §1): each ask reads the live
record, so asking twice cost a query for nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issportal.moderation import PendingChange

from .helpers import article_form, article_url, login

pytestmark = pytest.mark.django_db


def test_an_editors_held_save_reads_the_live_article_once(editor, live_article):
    eddie = login(editor)
    url = article_url(live_article)
    eddie.get(url)  # the session, permissions and content types are read once per process
    data = article_form(live_article, body="At Poisk.")
    with CaptureQueriesContext(connection) as queries:
        response = eddie.post(url, data)
    assert response.status_code == 302
    assert PendingChange.objects.waiting().count() == 1
    live_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "news_article"."id"') and "FOR UPDATE" not in q["sql"]
    ]
    # The admin's two reads (change_view's and changeform_view's), the held save's snapshot,
    # and the pending change's base (two): none for asking whether it needs approval.
    assert len(live_reads) == 5
    # On PostgreSQL the save inside the savepoint also writes the search vector.
    assert len(queries.captured_queries) == 50 + (connection.vendor == "postgresql")
