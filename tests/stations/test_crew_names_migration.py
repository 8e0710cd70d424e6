"""The migration that adds the crew's names to expeditions, spacewalks and visits fills them."""

import datetime

BEFORE = [("stations", "0016_record_versions")]


def test_existing_records_get_their_crews_names(client, migrator):
    old = migrator.back_to(BEFORE)
    source = old.get_model("stations", "DataSource").objects.create(
        key="test", name="Test", license="Public domain"
    )
    person = old.get_model("stations", "Astronaut").objects.create(
        name="Peggy Whitson", slug="peggy-whitson", source=source
    )
    expedition = old.get_model("stations", "Expedition").objects.create(
        number=16, start=datetime.date(2007, 10, 10), source=source
    )
    old.get_model("stations", "ExpeditionMember").objects.create(
        expedition=expedition, astronaut=person, source=source
    )
    spacewalk = old.get_model("stations", "Spacewalk").objects.create(
        designation="US EVA 10", date=datetime.date(2007, 11, 9), source=source
    )
    old.get_model("stations", "SpacewalkCrew").objects.create(
        spacewalk=spacewalk, astronaut=person, source=source
    )

    migrator.forward()

    from stations.models import Expedition, Spacewalk

    assert Expedition.objects.get(number=16).crew_names == "Peggy Whitson"
    assert Spacewalk.objects.get(designation="US EVA 10").crew_names == "Peggy Whitson"
    response = client.get("/search/", {"q": "Whitson"})
    html = response.content.decode()
    assert "Expedition 16" in html and "US EVA 10" in html
