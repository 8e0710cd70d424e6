"""Parts of station pages kept per content generation: shown as saved, never stale."""

import pytest

from tests.factories import AstronautFactory, ExpeditionFactory, ExpeditionMemberFactory
from tests.stations import D


@pytest.fixture
def kept(settings):
    settings.DERIVED_DATA_CACHE = True


def test_a_kept_expedition_page_follows_a_saved_change(
    client, kept, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        expedition = ExpeditionFactory(number=12, start=D(2005, 10, 3), end=D(2006, 4, 8))
    assert "Valery Tokarev" not in client.get("/expeditions/12/").content.decode()
    member = ExpeditionMemberFactory(
        expedition=expedition, astronaut=AstronautFactory(name="Valery Tokarev")
    )
    # Not committed through the site: the kept page stands...
    assert "Valery Tokarev" not in client.get("/expeditions/12/").content.decode()
    # ...until a change is saved.
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    assert "Valery Tokarev" in client.get("/expeditions/12/").content.decode()
