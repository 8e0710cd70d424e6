import csv
import datetime
import io

import pytest
from django.urls import reverse

from issportal.roles import DATA_EDITORS, EDITORS, PUBLISHERS
from stations.models import Expedition
from tests.factories import (
    AstronautFactory,
    CommandTermFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    StayFactory,
    UserFactory,
    VisitFactory,
)
from tests.pages import formset_management
from tests.stations import D


@pytest.fixture
def data_editor(client):
    user = UserFactory(roles=[DATA_EDITORS])
    client.force_login(user)
    return user


def inline_form(expedition_number, source, crew, **fields):
    data = {
        "number": expedition_number,
        "start": "2030-01-01",
        "end": "",
        "description": "",
        "source": source.pk,
        "source_detail": "",
        **formset_management("members", len(crew)),
        **formset_management("command_terms"),
    }
    for index, (person, role) in enumerate(crew):
        data[f"members-{index}-astronaut"] = person.pk
        data[f"members-{index}-role"] = role
    data.update(fields)
    return data


def test_roles_exist_after_migrate():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, PUBLISHERS, DATA_EDITORS} <= names


def test_data_editor_adds_an_expedition_with_crew_through_the_inline(client, data_editor):
    source = DataSourceFactory()
    commander, engineer = AstronautFactory(), AstronautFactory()
    response = client.post(
        reverse("admin:stations_expedition_add"),
        inline_form(99, source, [(commander, "commander"), (engineer, "flight_engineer")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    expedition = Expedition.objects.get(number=99)
    members = {m.astronaut: m for m in expedition.members.all()}
    assert members[commander].role == "commander"
    assert members[engineer].source == source
    assert expedition.created_by == data_editor


def test_admin_refuses_an_end_before_the_start_in_plain_words(client, data_editor):
    response = client.post(
        reverse("admin:stations_expedition_add"),
        inline_form(98, DataSourceFactory(), [], end="2029-12-31"),
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert not Expedition.objects.filter(number=98).exists()


def test_admin_refuses_the_same_person_twice_in_a_crew(client, data_editor):
    person = AstronautFactory()
    response = client.post(
        reverse("admin:stations_expedition_add"),
        inline_form(97, DataSourceFactory(), [(person, "commander"), (person, "flight_engineer")]),
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data for astronaut" in response.content.decode()
    assert not Expedition.objects.filter(number=97).exists()


def test_admin_refuses_a_duplicate_expedition_number(client, data_editor):
    ExpeditionFactory(number=96)
    response = client.post(
        reverse("admin:stations_expedition_add"), inline_form(96, DataSourceFactory(), [])
    )
    assert response.status_code == 200
    assert "Expedition with this Number already exists." in response.content.decode()


def test_expedition_change_list_shows_the_columns_that_matter(client, data_editor):
    member = ExpeditionMemberFactory(
        expedition=ExpeditionFactory(
            number=7, start=datetime.date(2003, 4, 28), end=datetime.date(2003, 10, 27)
        )
    )
    ExpeditionMemberFactory(expedition=member.expedition)
    response = client.get(reverse("admin:stations_expedition_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Expedition 7" in html
    assert "182" in html  # length in days
    assert '<td class="field-crew_count">2</td>' in html


def test_admin_search_finds_astronauts_by_alias(client, data_editor):
    AstronautFactory(name="Sergei Krikalev", aliases="Sergey Krikalyov")
    response = client.get(reverse("admin:stations_astronaut_changelist"), {"q": "Krikalyov"})
    assert "Sergei Krikalev" in response.content.decode()


def test_csv_export_action(client, data_editor):
    ExpeditionFactory(number=1, start=datetime.date(2000, 11, 2), end=datetime.date(2001, 3, 18))
    expedition = Expedition.objects.get(number=1)
    response = client.post(
        reverse("admin:stations_expedition_changelist"),
        {"action": "export_csv", "_selected_action": [expedition.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert {"number", "start", "end", "source"} <= set(rows[0])
    assert len(rows) == 2
    assert [rows[1][rows[0].index(h)] for h in ("number", "start", "end")] == [
        "1",
        "2000-11-02",
        "2001-03-18",
    ]


def test_view_on_site_links_to_the_public_page(client, data_editor):
    expedition = ExpeditionFactory(number=12)
    response = client.get(reverse("admin:stations_expedition_change", args=[expedition.pk]))
    assert 'href="/admin/r/' in response.content.decode()


@pytest.mark.parametrize("role", [EDITORS, PUBLISHERS])
def test_editors_and_publishers_cannot_touch_station_data(client, role):
    client.force_login(UserFactory(roles=[role]))
    expedition = ExpeditionFactory()
    assert client.get(reverse("admin:stations_expedition_changelist")).status_code == 403
    response = client.post(
        reverse("admin:stations_expedition_add"), inline_form(95, DataSourceFactory(), [])
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:stations_expedition_delete", args=[expedition.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Expedition.objects.filter(pk=expedition.pk).exists()


def test_staff_without_a_role_sees_no_station_data(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:stations_astronaut_changelist")).status_code == 403


def test_data_editor_records_a_stay_and_the_admin_explains_a_bad_one(client, data_editor):
    from stations.models import Stay
    from tests.factories import VisitFactory

    person = AstronautFactory(name="Dennis Tito")
    up = VisitFactory(
        name="Soyuz TM-32",
        arrival_date=datetime.date(2001, 4, 30),
        departure_date=datetime.date(2001, 10, 31),
    )
    down = VisitFactory(
        name="Soyuz TM-31",
        arrival_date=datetime.date(2000, 11, 2),
        departure_date=datetime.date(2001, 5, 6),
    )
    source = DataSourceFactory()
    data = {
        "astronaut": person.pk,
        "arrival_vehicle": up.pk,
        "arrival_date": "2001-04-30",
        "departure_vehicle": down.pk,
        "departure_date": "2001-04-29",
        "last_seen_aboard": "",
        "source": source.pk,
        "source_detail": "",
    }
    response = client.post(reverse("admin:stations_stay_add"), data)
    assert response.status_code == 200
    assert "The day this person left is before the day they arrived." in response.content.decode()
    data["departure_date"] = "2001-05-06"
    response = client.post(reverse("admin:stations_stay_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stay = Stay.objects.get(astronaut=person)
    assert stay.departure_vehicle == down and stay.created_by == data_editor
    listing = client.get(reverse("admin:stations_stay_changelist"), {"q": "Tito"})
    assert "Soyuz TM-32" in listing.content.decode()
    assert '<td class="field-days">7</td>' in listing.content.decode()  # days aboard
    # The person's page in the admin shows the stay inline, vehicles by autocomplete.
    page = client.get(reverse("admin:stations_astronaut_change", args=[person.pk])).content.decode()
    assert 'name="stays-0-arrival_vehicle"' in page and "admin-autocomplete" in page


def test_editors_without_the_data_role_cannot_touch_stays(client):
    client.force_login(UserFactory(roles=[EDITORS]))
    assert client.get(reverse("admin:stations_stay_changelist")).status_code == 403


def command_term_form(expedition, terms):
    """The expedition's change form, as the admin would post it, with command terms."""
    data = inline_form(
        expedition.number,
        expedition.source,
        [],
        start=str(expedition.start),
        end=str(expedition.end),
    )
    data["loaded_version"] = expedition.version
    data["command_terms-TOTAL_FORMS"] = str(len(terms))
    for index, (person, start, end) in enumerate(terms):
        data[f"command_terms-{index}-astronaut"] = person.pk
        data[f"command_terms-{index}-start"] = start
        data[f"command_terms-{index}-end"] = end
        data[f"command_terms-{index}-source"] = expedition.source.pk
        data[f"command_terms-{index}-source_detail"] = "handover ceremony report"
    return data


def test_data_editor_records_a_change_of_command_through_the_inline(client, data_editor):
    expedition = ExpeditionFactory(
        number=65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 10, 17)
    )
    walker, hoshide = AstronautFactory(name="Shannon Walker"), AstronautFactory(name="Hoshide")
    url = reverse("admin:stations_expedition_change", args=[expedition.pk])
    html = client.get(url).content.decode()
    assert "Command terms" in html and 'name="command_terms-TOTAL_FORMS"' in html
    response = client.post(
        url,
        command_term_form(
            expedition, [(walker, "2021-04-17", "2021-04-28"), (hoshide, "2021-04-28", "")]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    terms = list(expedition.command_terms.order_by("start"))
    assert [(t.astronaut, t.end) for t in terms] == [
        (walker, datetime.date(2021, 4, 28)),
        (hoshide, None),
    ]
    assert terms[0].created_by == data_editor
    # The expedition page shows the terms now.
    page = client.get(expedition.get_absolute_url()).content.decode()
    assert "Shannon Walker</a>: from" in page


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ([("2021-04-28", "2021-04-20")], "The day command was handed over is before the day it"),
        ([("2021-04-01", "2021-04-28")], "This is before Expedition 65 started (2021-04-17)."),
        ([("2021-04-17", "2021-11-01")], "This is after Expedition 65 ended (2021-10-17)."),
    ],
)
def test_admin_refuses_a_command_term_that_does_not_fit_in_plain_words(
    client, data_editor, terms, message
):
    expedition = ExpeditionFactory(
        number=65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 10, 17)
    )
    person = AstronautFactory()
    response = client.post(
        reverse("admin:stations_expedition_change", args=[expedition.pk]),
        command_term_form(expedition, [(person, start, end) for start, end in terms]),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not expedition.command_terms.exists()


def test_admin_refuses_two_commanders_at_once(client, data_editor):
    expedition = ExpeditionFactory(
        number=65, start=datetime.date(2021, 4, 17), end=datetime.date(2021, 10, 17)
    )
    CommandTermFactory(
        expedition=expedition,
        astronaut=AstronautFactory(name="Shannon Walker"),
        end=datetime.date(2021, 4, 28),
    )
    response = client.post(
        reverse("admin:stations_expedition_change", args=[expedition.pk]),
        {
            **command_term_form(expedition, [(AstronautFactory(), "2021-04-20", "")]),
            "command_terms-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "overlaps Shannon Walker&#x27;s term from 2021-04-17" in response.content.decode()


def expedition_form(expedition, member=None, **member_fields):
    """The Expedition admin form's POST data with one crew row (``member``) added."""
    data = {
        "number": expedition.number,
        "start": expedition.start.isoformat(),
        "end": expedition.end.isoformat() if expedition.end else "",
        "description": "",
        "patch": "",
        "source": expedition.source_id,
        "source_detail": "",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-astronaut": member.pk if member else "",
        "members-0-role": "flight_engineer",
        "members-0-joined": "",
        "members-0-left": "",
        "command_terms-TOTAL_FORMS": "0",
        "command_terms-INITIAL_FORMS": "0",
        "command_terms-MIN_NUM_FORMS": "0",
        "command_terms-MAX_NUM_FORMS": "1000",
        "loaded_version": expedition.version,
    }
    data.update({f"members-0-{key}": value for key, value in member_fields.items()})
    return data


def test_the_crew_inline_checks_dates_and_stays_in_plain_words(client):
    client.force_login(UserFactory(roles=[DATA_EDITORS]))
    expedition = ExpeditionFactory(number=22, start=D(2009, 11, 30), end=D(2010, 3, 18))
    url = reverse("admin:stations_expedition_change", args=[expedition.pk])
    html = client.get(url).content.decode()
    # Number and dates first, sources last.
    assert html.index('name="number"') < html.index('name="start"') < html.index('name="source"')

    williams = AstronautFactory(name="Jeffrey Williams")
    visit = VisitFactory(arrival_date=D(2009, 10, 2), departure_date=D(2010, 3, 18))
    StayFactory(
        astronaut=williams,
        arrival_vehicle=visit,
        arrival_date=D(2009, 10, 2),
        departure_vehicle=visit,
        departure_date=D(2010, 3, 18),
    )
    early = client.post(url, expedition_form(expedition, williams, joined="1990-01-01"))
    assert "1 January 1990 is before Expedition 22 began (30 November 2009 to 18 March 2010)." in (
        early.content.decode()
    )
    stranger = AstronautFactory(name="Never Flew")
    nobody = client.post(url, expedition_form(expedition, stranger))
    assert (
        "Never Flew has no stay aboard the station during Expedition 22 (30 November 2009 to "
        "18 March 2010). Record the stay first (Stays), then add them to the crew."
    ) in nobody.content.decode()
    assert not expedition.members.exists()
    assert client.post(url, expedition_form(expedition, williams)).status_code == 302
    assert list(expedition.members.values_list("astronaut__name", flat=True)) == [
        "Jeffrey Williams"
    ]


def test_two_windows_on_one_station_record_the_second_save_is_refused(client, data_editor):
    expedition = ExpeditionFactory(number=30, start=D(2011, 11, 21), end=D(2012, 4, 27))
    url = reverse("admin:stations_expedition_change", args=[expedition.pk])
    assert 'name="loaded_version" value="1"' in client.get(url).content.decode()
    first = inline_form(30, expedition.source, [], start="2011-11-21", end="2012-04-27")
    first.update(description="Burbank's crew.", loaded_version="1")
    second = {**first, "description": "A later, stale description."}
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    name = data_editor.get_full_name() or data_editor.get_username()
    assert f"{name} changed this expedition at " in response.content.decode()
    assert "A later, stale description." in response.content.decode()
    expedition.refresh_from_db()
    assert expedition.description == "Burbank's crew." and expedition.version == 2
