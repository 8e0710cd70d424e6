import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stations import stats
from stations.models import (
    Astronaut,
    Expedition,
    ExpeditionMember,
    Spacewalk,
    Stay,
    Visit,
    records_as_of,
)
from tests.factories import (
    AstronautFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    SpacewalkFactory,
    StayFactory,
    VisitFactory,
)
from tests.stations import TODAY, D


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


# Database constraints --------------------------------------------------------


def test_expedition_number_is_unique():
    ExpeditionFactory(number=1)
    refused(
        lambda: Expedition.objects.create(number=1, start=D(2001, 1, 1), source=DataSourceFactory())
    )


def test_expedition_cannot_end_before_it_starts_in_the_database():
    refused(
        lambda: Expedition.objects.create(
            number=5, start=D(2002, 6, 1), end=D(2002, 5, 1), source=DataSourceFactory()
        )
    )


def test_expedition_clean_explains_the_bad_end():
    expedition = Expedition(
        number=5, start=D(2002, 6, 1), end=D(2002, 5, 1), source=DataSourceFactory()
    )
    with pytest.raises(ValidationError) as error:
        expedition.full_clean()
    assert "before the start date" in str(error.value.message_dict["end"])


def test_nobody_twice_in_one_expedition():
    member = ExpeditionMemberFactory()
    refused(
        lambda: ExpeditionMember.objects.create(
            expedition=member.expedition, astronaut=member.astronaut, source=member.source
        )
    )


def test_membership_cannot_end_before_it_begins():
    member = ExpeditionMemberFactory.build(
        expedition=ExpeditionFactory(),
        astronaut=AstronautFactory(),
        source=DataSourceFactory(),
        joined=D(2001, 3, 1),
        left=D(2001, 2, 1),
    )
    refused(member.save)
    with pytest.raises(ValidationError, match="before the day they joined"):
        member.full_clean()


def test_spacewalk_cannot_end_before_it_starts():
    start = datetime.datetime(2010, 1, 1, 12, tzinfo=datetime.UTC)
    spacewalk = Spacewalk(
        designation="X",
        date=start.date(),
        start_at=start,
        end_at=start - datetime.timedelta(hours=1),
        source=DataSourceFactory(),
    )
    refused(spacewalk.save)
    with pytest.raises(ValidationError, match="end is before the start"):
        spacewalk.full_clean()


def test_nobody_twice_in_one_spacewalk():
    person = AstronautFactory()
    spacewalk = SpacewalkFactory(crew=[person])
    refused(lambda: spacewalk.crew_links.create(astronaut=person, source=spacewalk.source))


def test_visit_cannot_leave_before_it_arrives():
    visit = VisitFactory.build(
        arrival_date=D(2020, 4, 9),
        departure_date=D(2020, 4, 1),
        spacecraft_type=VisitFactory().spacecraft_type,
        source=DataSourceFactory(),
        slug="late",
    )
    refused(visit.save)
    with pytest.raises(ValidationError, match="departure is before the arrival"):
        visit.full_clean()


# QuerySet methods on boundary days -------------------------------------------


def snapshot(day):
    """A data source current to ``day``: the newest record."""
    return DataSourceFactory(key="snapshot", name="Snapshot", current_to=day)


@pytest.fixture
def expeditions():
    return {
        1: ExpeditionFactory(number=1, start=D(2000, 11, 2), end=D(2001, 3, 18)),
        2: ExpeditionFactory(number=2, start=D(2001, 3, 18), end=D(2001, 8, 20)),
        3: ExpeditionFactory(number=3, start=D(2025, 4, 20), end=None),
    }


def numbers(queryset):
    return sorted(e.number for e in queryset)


def test_active_on_includes_first_and_last_day(expeditions):
    assert numbers(Expedition.objects.active_on(D(2000, 11, 1))) == []
    assert numbers(Expedition.objects.active_on(D(2000, 11, 2))) == [1]
    assert numbers(Expedition.objects.active_on(D(2001, 3, 18))) == [1, 2]
    assert numbers(Expedition.objects.active_on(D(2001, 8, 20))) == [2]
    assert numbers(Expedition.objects.active_on(D(2001, 8, 21))) == []


@time_machine.travel(datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC), tick=False)
def test_an_expedition_with_no_end_runs_until_the_newest_record_not_today(expeditions):
    snapshot(D(2025, 6, 15))
    assert numbers(Expedition.objects.active_on(D(2025, 6, 15))) == [3]
    assert numbers(Expedition.objects.active_on(D(2025, 6, 16))) == []
    assert numbers(Expedition.objects.current()) == [3]


@time_machine.travel(TODAY, tick=False)
def test_overlapping_bounds_are_inclusive(expeditions):
    snapshot(D(2025, 6, 15))
    assert numbers(Expedition.objects.overlapping(D(2001, 3, 18), D(2001, 3, 18))) == [1, 2]
    assert numbers(Expedition.objects.overlapping(D(2001, 8, 20), D(2025, 4, 20))) == [2, 3]
    assert numbers(Expedition.objects.overlapping(D(2001, 8, 21), D(2025, 4, 19))) == []
    assert numbers(Expedition.objects.overlapping(start=D(2025, 6, 15))) == [3]
    assert numbers(Expedition.objects.overlapping(start=D(2025, 6, 16))) == []


@time_machine.travel(TODAY, tick=False)
def test_docked_on_handles_first_last_day_and_still_docked():
    gone = VisitFactory(name="Progress A", arrival_date=D(2020, 1, 1), departure_date=D(2020, 2, 1))
    docked = VisitFactory(name="Progress B", arrival_date=D(2025, 6, 1), departure_date=None)
    snapshot(D(2025, 6, 15))
    assert list(Visit.objects.docked_on(D(2020, 1, 1))) == [gone]
    assert list(Visit.objects.docked_on(D(2020, 2, 1))) == [gone]
    assert list(Visit.objects.docked_on(D(2020, 2, 2))) == []
    assert list(Visit.objects.docked_on(D(2025, 6, 15))) == [docked]
    assert list(Visit.objects.docked_now()) == [docked]


@time_machine.travel(TODAY, tick=False)
def test_a_vehicle_that_left_on_an_unknown_day_counts_only_while_seen():
    seen = VisitFactory(
        name="Cygnus A",
        arrival_date=D(2024, 8, 6),
        departure_date=None,
        departure_unknown=True,
        last_seen_docked=D(2025, 3, 18),
    )
    unseen = VisitFactory(
        name="Progress C", arrival_date=D(2001, 2, 28), departure_date=None, departure_unknown=True
    )
    assert list(Visit.objects.docked_on(D(2025, 3, 18))) == [seen]
    assert list(Visit.objects.docked_on(D(2025, 3, 19))) == []
    assert list(Visit.objects.docked_on(D(2001, 2, 28))) == [unseen]
    assert list(Visit.objects.docked_on(D(2001, 3, 1))) == []
    assert list(Visit.objects.docked_now()) == []
    refused(lambda: VisitFactory(name="Both", departure_date=D(2020, 5, 1), departure_unknown=True))


# Stays ------------------------------------------------------------------------


def aboard(day):
    return set(Astronaut.objects.aboard_on(day))


def test_a_stay_cannot_end_before_it_begins():
    stay = StayFactory.build(
        astronaut=AstronautFactory(),
        arrival_vehicle=VisitFactory(),
        departure_vehicle=None,
        source=DataSourceFactory(),
        arrival_date=D(2020, 4, 9),
        departure_date=D(2020, 4, 1),
    )
    refused(stay.save)
    with pytest.raises(ValidationError) as error:
        stay.full_clean()
    assert error.value.message_dict["departure_date"] == [
        "The day this person left is before the day they arrived."
    ]


def test_a_stay_is_not_both_dated_and_unknown_and_not_twice_with_one_vehicle():
    stay = StayFactory()
    refused(lambda: StayFactory(departure_unknown=True))
    refused(
        lambda: Stay.objects.create(
            astronaut=stay.astronaut,
            arrival_vehicle=stay.arrival_vehicle,
            arrival_date=stay.arrival_date,
            source=stay.source,
        )
    )


def test_clean_refuses_two_overlapping_stays_of_one_person():
    first = StayFactory(
        arrival_vehicle=VisitFactory(arrival_date=D(2001, 4, 30), departure_date=D(2001, 10, 31))
    )
    second = Stay(
        astronaut=first.astronaut,
        arrival_vehicle=VisitFactory(arrival_date=D(2001, 10, 31), departure_date=D(2002, 5, 5)),
        arrival_date=D(2001, 10, 31),
        departure_date=D(2002, 5, 5),
        source=first.source,
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "already has a stay from 2001-04-30 that overlaps this one" in str(error.value)
    second.arrival_date = D(2001, 11, 1)
    second.full_clean()


def test_a_person_is_aboard_on_the_arrival_and_departure_days_only():
    person = AstronautFactory()
    StayFactory(
        astronaut=person,
        arrival_vehicle=VisitFactory(arrival_date=D(2009, 3, 28), departure_date=D(2009, 4, 8)),
    )
    assert aboard(D(2009, 3, 27)) == set()
    assert aboard(D(2009, 3, 28)) == {person}
    assert aboard(D(2009, 4, 8)) == {person}
    assert aboard(D(2009, 4, 9)) == set()
    assert stats.days_aboard(person.stays.all()) == 12


def test_a_taxi_visitor_is_aboard_until_the_old_soyuz_leaves_not_the_new_one():
    """Dennis Tito: up in Soyuz TM-32, home in TM-31 a week later; TM-32 stayed six months."""
    tito = AstronautFactory(name="Dennis Tito")
    resident = AstronautFactory(name="Resident")
    old = VisitFactory(
        name="Soyuz TM-31", arrival_date=D(2000, 11, 2), departure_date=D(2001, 5, 6)
    )
    new = VisitFactory(
        name="Soyuz TM-32", arrival_date=D(2001, 4, 30), departure_date=D(2001, 10, 31), crew=[tito]
    )
    StayFactory(astronaut=tito, arrival_vehicle=new, departure_vehicle=old)
    StayFactory(astronaut=resident, arrival_vehicle=old, departure_vehicle=new)
    assert aboard(D(2001, 4, 30)) == {tito, resident}
    assert aboard(D(2001, 5, 6)) == {tito, resident}
    assert aboard(D(2001, 5, 7)) == {resident}  # TM-32 is still docked; Tito went home
    assert stats.days_aboard(tito.stays.all()) == 7
    assert stats.days_aboard(resident.stays.all()) == 364


def test_overlapping_stays_count_each_day_once():
    person = AstronautFactory()
    a = VisitFactory(arrival_date=D(2010, 1, 1), departure_date=D(2010, 1, 10))
    b = VisitFactory(arrival_date=D(2010, 1, 5), departure_date=D(2010, 1, 20))
    c = VisitFactory(arrival_date=D(2011, 1, 1), departure_date=D(2011, 1, 1))
    StayFactory(astronaut=person, arrival_vehicle=a)
    StayFactory(astronaut=person, arrival_vehicle=b)
    StayFactory(astronaut=person, arrival_vehicle=c)
    assert stats.days_aboard(person.stays.all()) == 20 + 1


def test_an_unknown_departure_counts_only_while_seen_and_an_open_stay_until_the_newest_record():
    seen = AstronautFactory()
    still = AstronautFactory()
    dragon = VisitFactory(arrival_date=D(2025, 8, 2), departure_date=None, departure_unknown=True)
    StayFactory(
        astronaut=seen,
        arrival_vehicle=dragon,
        departure_date=None,
        departure_unknown=True,
        last_seen_aboard=D(2025, 12, 11),
    )
    StayFactory(
        astronaut=still,
        arrival_vehicle=VisitFactory(arrival_date=D(2025, 11, 27), departure_date=None),
        departure_vehicle=None,
    )
    snapshot(D(2026, 4, 28))
    assert aboard(D(2025, 12, 11)) == {seen, still}
    assert aboard(D(2025, 12, 12)) == {still}
    assert aboard(D(2026, 4, 28)) == {still}
    assert aboard(D(2026, 4, 29)) == set()  # after the newest record: nobody is known
    assert set(Stay.objects.open().values_list("astronaut", flat=True)) == {still.pk}


def test_the_as_of_date_is_the_newest_record_of_any_kind():
    assert records_as_of() is None
    snapshot(D(2024, 5, 19))
    assert records_as_of() == D(2024, 5, 19)
    ExpeditionFactory(number=70, start=D(2023, 9, 27), end=D(2024, 4, 6))
    assert records_as_of() == D(2024, 5, 19)
    StayFactory(
        arrival_vehicle=VisitFactory(arrival_date=D(2024, 3, 25), departure_date=None),
        departure_date=None,
        departure_unknown=True,
        last_seen_aboard=D(2024, 9, 15),
    )
    assert records_as_of() == D(2024, 9, 15)
    SpacewalkFactory(date=D(2025, 1, 16))
    assert records_as_of() == D(2025, 1, 16)


def test_the_as_of_date_moves_when_a_newer_record_is_saved(
    settings, django_capture_on_commit_callbacks
):
    settings.DERIVED_DATA_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        snapshot(D(2026, 4, 28))
    assert records_as_of() == D(2026, 4, 28)
    with django_capture_on_commit_callbacks(execute=True):
        VisitFactory(name="Progress MS-35", arrival_date=D(2026, 5, 2), departure_date=None)
    assert records_as_of() == D(2026, 5, 2)
