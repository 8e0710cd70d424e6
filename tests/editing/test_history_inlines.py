"""History of a station record follows its inline rows (issue 16 §2): comparing two
revisions of an expedition names the crew members added, removed and changed, and restoring
a revision brings its crew back."""

import datetime

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from stations.models import ExpeditionMember
from tests.factories import AstronautFactory, ExpeditionFactory, StayFactory, VisitFactory
from tests.pages import formset_management

from .helpers import login

pytestmark = pytest.mark.django_db

ENGINEER = ExpeditionMember.Role.FLIGHT_ENGINEER
COMMANDER = ExpeditionMember.Role.COMMANDER


@pytest.fixture
def expedition():
    return ExpeditionFactory(
        number=63, start=datetime.date(2020, 4, 17), end=datetime.date(2020, 10, 21)
    )


@pytest.fixture
def people():
    names = ["Chris Cassidy", "Anatoli Ivanishin", "Ivan Vagner"]
    people = [AstronautFactory(name=name) for name in names]
    for person in people:
        StayFactory(astronaut=person)  # aboard during Expedition 63
    return people


def expedition_url(expedition, name="change", *args):
    return reverse(f"admin:stations_expedition_{name}", args=[expedition.pk, *args])


def expedition_form(expedition, crew):
    """The expedition's change form with its crew rows: (member or None, person, role)."""
    expedition.refresh_from_db()
    initial = [row for row in crew if row[0] is not None]
    data = {
        "number": expedition.number,
        "start": str(expedition.start),
        "end": str(expedition.end),
        "description": expedition.description,
        "patch": "",
        "source": expedition.source_id,
        "source_detail": expedition.source_detail,
        "loaded_version": expedition.version,
        **formset_management("members", len(crew), len(initial)),
        **formset_management("command_terms"),
    }
    ordered = initial + [row for row in crew if row[0] is None]
    for index, (member, person, role, *delete) in enumerate(ordered):
        prefix = f"members-{index}-"
        data[prefix + "id"] = member.pk if member else ""
        data[prefix + "expedition"] = expedition.pk
        data[prefix + "astronaut"] = person.pk
        data[prefix + "role"] = role
        data[prefix + "joined"] = data[prefix + "left"] = ""
        if delete:
            data[prefix + "DELETE"] = "on"
    return data


def crew_of(expedition):
    members = expedition.members.select_related("astronaut").order_by("astronaut__name")
    return [(m.astronaut.name, m.role) for m in members]


def test_comparing_two_revisions_names_the_crew_added_removed_and_changed(
    data_editor, expedition, people
):
    cassidy, ivanishin, vagner = people
    dana = login(data_editor)
    url = expedition_url(expedition)
    response = dana.post(
        url, expedition_form(expedition, [(None, cassidy, ENGINEER), (None, ivanishin, ENGINEER)])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    by_name = {m.astronaut.name: m for m in expedition.members.select_related("astronaut")}
    response = dana.post(
        url,
        expedition_form(
            expedition,
            [
                (by_name["Chris Cassidy"], cassidy, COMMANDER),
                (by_name["Anatoli Ivanishin"], ivanishin, ENGINEER, "delete"),
                (None, vagner, ENGINEER),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert crew_of(expedition) == [("Chris Cassidy", COMMANDER), ("Ivan Vagner", ENGINEER)]

    first, second = Version.objects.get_for_object(expedition).order_by("pk")
    html = dana.get(
        expedition_url(expedition, "compare"), {"old": first.pk, "new": second.pk}
    ).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Expedition crew members" in table
    assert "<del>Anatoli Ivanishin — Flight engineer" in table  # removed
    assert "<ins>Ivan Vagner — Flight engineer" in table  # added
    assert "<del>Chris Cassidy — Flight engineer" in table  # changed: old role out,
    assert "<ins>Chris Cassidy — Commander" in table  # new role in

    # Restoring the first revision brings its crew back, as a new revision.
    restore = expedition_url(expedition, "revision", first.pk)
    form_page = dana.get(restore).content.decode()
    assert "Anatoli Ivanishin" in form_page
    restored = {m.astronaut.name: m for m in expedition.members.select_related("astronaut")}
    assert "Anatoli Ivanishin" not in restored  # looking changed nothing
    old_rows = {
        row.field_dict["astronaut_id"]: int(row.object_id)
        for row in first.revision.version_set.all()
        if row._model is ExpeditionMember
    }
    response = dana.post(
        restore,
        expedition_form(
            expedition,
            [
                (ExpeditionMember(pk=old_rows[cassidy.pk]), cassidy, ENGINEER),
                (ExpeditionMember(pk=old_rows[ivanishin.pk]), ivanishin, ENGINEER),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert crew_of(expedition) == [
        ("Anatoli Ivanishin", ENGINEER),
        ("Chris Cassidy", ENGINEER),
    ]
    assert len(Version.objects.get_for_object(expedition)) == 3


def test_comparing_two_revisions_of_a_visit_shows_its_port_times_and_crew(data_editor):
    visit = VisitFactory(name="Soyuz MS-16", port="Poisk zenith")
    oleg = AstronautFactory(name="Anatoli Ivanishin")
    with reversion.create_revision():
        visit.save()
    port_time = visit.ports.get()
    with reversion.create_revision():
        port_time.port = "Rassvet nadir"
        port_time.save()
        visit.crew.add(oleg)
        visit.save()
    first, second = Version.objects.get_for_object(visit).order_by("pk")
    html = (
        login(data_editor)
        .get(
            reverse("admin:stations_visit_compare", args=[visit.pk]),
            {"old": first.pk, "new": second.pk},
        )
        .content.decode()
    )
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "<del>Poisk zenith" in table and "<ins>Rassvet nadir" in table
    assert '<th scope="row">Crew</th>' in table and "<ins>Anatoli Ivanishin</ins>" in table


def test_every_revision_follows_the_rows_its_admin_edits_inline():
    from django.contrib import admin
    from reversion.revisions import _get_options

    from issportal import history
    from issportal.admin import HistoryAdmin

    checked = 0
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, HistoryAdmin) and model_admin.inlines:
            assert set(history.children(model_admin)) <= set(_get_options(model).follow), model
            checked += 1
    assert checked >= 5  # astronauts, expeditions, spacewalks, vehicles, galleries
