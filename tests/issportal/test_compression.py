import gzip

import pytest

from tests.factories import ExpeditionFactory

pytestmark = pytest.mark.django_db


def test_public_pages_are_compressed_for_clients_that_accept_it(client):
    ExpeditionFactory.create_batch(5)
    plain = client.get("/expeditions/")
    assert "Content-Encoding" not in plain
    compressed = client.get("/expeditions/", headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content


def test_pages_with_a_csrf_token_are_not_compressed(client):
    response = client.get("/admin/login/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b'name="csrfmiddlewaretoken"' in response.content
