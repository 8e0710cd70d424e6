"""The admin's index names its sections for people."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_third_party_sections_are_named_for_people(client):
    client.force_login(UserFactory(is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert ">Login attempts</a>" in html and ">Axes</a>" not in html
    # Articles and images keep apart vocabularies, each in its own section.
    assert ">Article tags</a>" in html and ">Image tags</a>" in html
    assert ">Taggit</a>" not in html
