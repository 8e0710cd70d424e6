"""Visiting vehicles' port times: the port chart, the vehicle page, the admin inline,
and the real data, checked day by day for two vehicles on one port."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from issportal.roles import DATA_EDITORS
from stations.models import Visit, VisitPort, port_conflicts
from tests.factories import UserFactory, VisitFactory
from tests.stations import D

UTC = datetime.UTC
# The newest record in the data (corquaid's snapshot).
DATA_END = D(2026, 4, 28)

# Days on which the real data puts two vehicles on one port and no source found
# here settles it. Each entry: (port, first day, last day, vehicles, why).
# Empty: every conflict found was resolved from a source (DATA_NOTES.md).
KNOWN_UNRESOLVED_PORT_CONFLICTS = []


def conflict_ranges(conflicts):
    """Runs of consecutive days with the same port and vehicles, for readable messages."""
    ranges = []
    for port, day, names in conflicts:
        last = ranges[-1] if ranges else None
        if last and last[0] == port and last[3] == names and last[2] + datetime.timedelta(1) == day:
            last[2] = day
        else:
            ranges.append([port, day, day, names])
    return [tuple(r) for r in ranges]


def test_port_conflicts_are_found_and_handovers_are_not():
    first = VisitFactory(
        name="Progress A", arrival_date=D(2020, 1, 1), departure_date=D(2020, 1, 10)
    )
    VisitFactory(name="Progress B", arrival_date=D(2020, 1, 10), departure_date=D(2020, 1, 20))
    assert port_conflicts(VisitPort.objects.select_related("visit")) == []
    # A vehicle arriving before the other left, on the same day, is a conflict.
    VisitPort.objects.filter(visit=first).update(
        end_at=datetime.datetime(2020, 1, 10, 12, tzinfo=UTC)
    )
    VisitPort.objects.exclude(visit=first).update(
        start_at=datetime.datetime(2020, 1, 10, 9, tzinfo=UTC)
    )
    assert port_conflicts(VisitPort.objects.select_related("visit")) == [
        ("Poisk zenith", D(2020, 1, 10), ["Progress A", "Progress B"])
    ]
    VisitFactory(name="Soyuz C", arrival_date=D(2020, 1, 14), departure_date=D(2020, 1, 15))
    days = [day for _, day, _ in port_conflicts(VisitPort.objects.select_related("visit"))]
    assert days == [D(2020, 1, 10), D(2020, 1, 14), D(2020, 1, 15)]


@pytest.fixture
def soyuz_ms13():
    """A Soyuz that moved from Zvezda aft to Poisk zenith during its stay."""
    return VisitFactory(
        name="Soyuz MS-13",
        arrival_date=D(2019, 7, 20),
        departure_date=D(2020, 2, 6),
        port="Zvezda aft",
        port_times=[
            ("Zvezda aft", D(2019, 7, 20), D(2019, 8, 26)),
            ("Poisk zenith", D(2019, 8, 26), D(2020, 2, 6)),
        ],
    )


@time_machine.travel(datetime.datetime(2025, 6, 15, 12, tzinfo=UTC), tick=False)
def test_vehicle_page_lists_its_ports_in_order_with_dates(client, soyuz_ms13):
    visit = soyuz_ms13
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Ports, in order" in page
    first = page.index('<strong>Zvezda aft</strong>: from <time datetime="2019-07-20">')
    second = page.index('<strong>Poisk zenith</strong>: from <time datetime="2019-08-26">')
    assert first < second
    assert '<time datetime="2020-02-06">6 February 2020</time></li>' in page


@time_machine.travel(datetime.datetime(2025, 6, 15, 12, tzinfo=UTC), tick=False)
def test_vehicle_page_shows_capture_and_berthing_apart(client):
    visit = VisitFactory(
        name="SpaceX CRS-1",
        mode=Visit.Mode.BERTHED,
        arrival_date=D(2012, 10, 10),
        arrived_at=datetime.datetime(2012, 10, 10, 13, 3, tzinfo=UTC),
        captured_at=datetime.datetime(2012, 10, 10, 10, 56, tzinfo=UTC),
        departure_date=D(2012, 10, 28),
        port="Harmony nadir",
    )
    page = client.get(visit.get_absolute_url()).content.decode()
    assert '<dt>Captured by the robotic arm</dt><dd><time datetime="2012-10-10T10:56Z">' in page
    assert '<dt>Berthed</dt><dd><time datetime="2012-10-10T13:03Z">' in page


@time_machine.travel(datetime.datetime(2025, 6, 15, 12, tzinfo=UTC), tick=False)
def test_port_chart_and_aboard_page_follow_the_moves(client, soyuz_ms13):
    VisitFactory(
        name="Soyuz MS-14",
        arrival_date=D(2019, 8, 27),
        departure_date=D(2019, 9, 6),
        port="Zvezda aft",
    )
    facts = client.get(reverse("stations:facts")).content.decode()
    assert "<title>Soyuz MS-13, Poisk zenith</title>" in facts
    assert "<title>Soyuz MS-13, Zvezda aft</title>" in facts
    rows = facts[facts.index("Port occupancy as a table") :]
    assert (
        '<th scope="row">Zvezda aft</th><td>Soyuz MS-13</td>'
        '<td><time datetime="2019-07-20">20 July 2019</time></td>'
        '<td><time datetime="2019-08-26">26 August 2019</time></td>'
    ) in rows
    aboard = client.get(reverse("stations:aboard"), {"on": "2019-09-01"}).content.decode()
    assert "Soyuz MS-13</a> (" in aboard
    assert "at Poisk zenith</li>" in aboard
    assert "at Zvezda aft</li>" in aboard  # MS-14


@pytest.fixture
def data_editor(client):
    user = UserFactory(roles=[DATA_EDITORS])
    client.force_login(user)
    return user


def visit_form(visit, ports):
    data = {
        "name": visit.name,
        "slug": visit.slug,
        "spacecraft_type": visit.spacecraft_type_id,
        "arrival_date": visit.arrival_date.isoformat(),
        "departure_date": visit.departure_date.isoformat(),
        "port": visit.port,
        "mode": visit.mode,
        "source": visit.source_id,
        "source_detail": "",
        "ports-TOTAL_FORMS": str(len(ports)),
        "ports-INITIAL_FORMS": "0",
        "ports-MIN_NUM_FORMS": "0",
        "ports-MAX_NUM_FORMS": "1000",
        "loaded_version": visit.version,
    }
    for index, (port, start, end) in enumerate(ports):
        data.update(
            {
                f"ports-{index}-port": port,
                f"ports-{index}-start_date": start,
                f"ports-{index}-end_date": end,
                f"ports-{index}-source": "",
            }
        )
    return data


def test_data_editor_records_a_port_move_through_the_inline(client, data_editor):
    visit = VisitFactory(
        name="SpaceX Crew-8",
        arrival_date=D(2024, 3, 5),
        departure_date=D(2024, 10, 23),
        port="Harmony forward",
        port_times=[],
    )
    response = client.post(
        reverse("admin:stations_visit_change", args=[visit.pk]),
        visit_form(
            visit,
            [
                ("Harmony forward", "2024-03-05", "2024-05-02"),
                ("Harmony zenith", "2024-05-02", "2024-10-23"),
            ],
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    assert [(p.port, p.end_date, p.source_id) for p in visit.ports.all()] == [
        ("Harmony forward", D(2024, 5, 2), visit.source_id),
        ("Harmony zenith", D(2024, 10, 23), visit.source_id),
    ]
    page = client.get(reverse("admin:stations_visit_change", args=[visit.pk]))
    assert "Harmony zenith" in page.content.decode()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2020-06-01",
            "2020-05-01",
            "The day it left this port is before the day it arrived there.",
        ),
        ("2019-06-01", "2020-05-01", "This is before the vehicle arrived."),
    ],
)
def test_a_wrong_port_time_gets_a_clear_error_and_saves_nothing(
    client, data_editor, start, end, message
):
    visit = VisitFactory(port_times=[])
    response = client.post(
        reverse("admin:stations_visit_change", args=[visit.pk]),
        visit_form(visit, [("Poisk zenith", start, end)]),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not visit.ports.exists()
