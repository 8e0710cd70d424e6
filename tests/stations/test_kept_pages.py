"""Parts of station pages kept per content generation: shown as saved, never stale."""

import pytest

from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    VisitFactory,
)
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


@pytest.mark.parametrize("factory", [AstronautFactory, VisitFactory, AgencyFactory])
def test_a_kept_record_page_follows_a_saved_change(
    client, kept, django_capture_on_commit_callbacks, factory
):
    with django_capture_on_commit_callbacks(execute=True):
        record = factory(name="First name")
    url = record.get_absolute_url()
    assert "<h1>First name</h1>" in client.get(url).content.decode()
    type(record).objects.filter(pk=record.pk).update(name="Not saved through the site")
    assert "<h1>First name</h1>" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        record.name = "Saved name"
        record.save()
    assert "<h1>Saved name</h1>" in client.get(url).content.decode()
