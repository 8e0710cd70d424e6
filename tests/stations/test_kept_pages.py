"""Parts of station pages kept per content generation: shown as saved, never stale."""

import pytest

from tests.factories import (
    AgencyFactory,
    AstronautFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    ModuleFactory,
    SpacewalkFactory,
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


def test_kept_list_results_are_kept_per_filter_and_follow_a_saved_change(
    client, kept, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        SpacewalkFactory(designation="EVA 2001", date=D(2001, 5, 1))
        SpacewalkFactory(designation="EVA 2002", date=D(2002, 5, 1))
    html_2001 = client.get("/spacewalks/?year=2001").content.decode()
    html_2002 = client.get("/spacewalks/?year=2002").content.decode()
    assert ">EVA 2001</a>" in html_2001 and ">EVA 2002</a>" not in html_2001
    assert ">EVA 2002</a>" in html_2002 and ">EVA 2001</a>" not in html_2002
    SpacewalkFactory(designation="EVA 2001 bis", date=D(2001, 6, 1))  # not committed
    assert "EVA 2001 bis" not in client.get("/spacewalks/?year=2001").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ModuleFactory(name="Any saved change")
    html = client.get("/spacewalks/?year=2001").content.decode()
    assert ">EVA 2001 bis</a>" in html and "Listed: 2 spacewalks" in html
    assert "Any saved change" in client.get("/modules/").content.decode()


def test_a_kept_spacewalk_page_follows_a_saved_change(
    client, kept, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        spacewalk = SpacewalkFactory(crew=[AstronautFactory(name="Anne McClain")])
    url = spacewalk.get_absolute_url()
    assert ">Anne McClain</a>" in client.get(url).content.decode()
    spacewalk.crew_links.create(
        astronaut=AstronautFactory(name="Nick Hague"), source=spacewalk.source
    )  # not committed: the kept page stands
    assert ">Nick Hague</a>" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        spacewalk.save()
    html = client.get(url).content.decode()
    assert ">Anne McClain</a>" in html and ">Nick Hague</a>" in html
