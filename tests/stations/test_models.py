import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stations.models import Astronaut, Expedition, ExpeditionMember, Spacewalk, Visit
from tests.factories import (
    AstronautFactory,
    DataSourceFactory,
    ExpeditionFactory,
    ExpeditionMemberFactory,
    SpacewalkFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.datetime(2025, 6, 15, 12, tzinfo=datetime.UTC)


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


@time_machine.travel(TODAY, tick=False)
def test_ongoing_expedition_runs_until_today(expeditions):
    assert numbers(Expedition.objects.active_on(D(2025, 6, 15))) == [3]
    assert numbers(Expedition.objects.active_on(D(2025, 6, 16))) == []
    assert numbers(Expedition.objects.current()) == [3]


@time_machine.travel(TODAY, tick=False)
def test_overlapping_bounds_are_inclusive(expeditions):
    assert numbers(Expedition.objects.overlapping(D(2001, 3, 18), D(2001, 3, 18))) == [1, 2]
    assert numbers(Expedition.objects.overlapping(D(2001, 8, 20), D(2025, 4, 20))) == [2, 3]
    assert numbers(Expedition.objects.overlapping(D(2001, 8, 21), D(2025, 4, 19))) == []
    assert numbers(Expedition.objects.overlapping(start=D(2025, 6, 15))) == [3]
    assert numbers(Expedition.objects.overlapping(start=D(2025, 6, 16))) == []


@time_machine.travel(TODAY, tick=False)
def test_docked_on_handles_first_last_day_and_still_docked():
    gone = VisitFactory(name="Progress A", arrival_date=D(2020, 1, 1), departure_date=D(2020, 2, 1))
    docked = VisitFactory(name="Progress B", arrival_date=D(2025, 6, 1), departure_date=None)
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


@time_machine.travel(TODAY, tick=False)
def test_aboard_on_counts_expedition_crews_and_visitors(expeditions):
    resident = ExpeditionMemberFactory(expedition=expeditions[1]).astronaut
    late = ExpeditionMemberFactory(expedition=expeditions[2], joined=D(2001, 4, 1)).astronaut
    current = ExpeditionMemberFactory(expedition=expeditions[3]).astronaut
    visitor = AstronautFactory()
    VisitFactory(arrival_date=D(2001, 4, 28), departure_date=D(2001, 5, 6), crew=[visitor])

    def aboard(day):
        return set(Astronaut.objects.aboard_on(day))

    assert aboard(D(2000, 11, 2)) == {resident}
    assert aboard(D(2001, 3, 18)) == {resident}
    assert aboard(D(2001, 4, 1)) == {late}
    assert aboard(D(2001, 4, 28)) == {late, visitor}
    assert aboard(D(2001, 5, 7)) == {late}
    assert aboard(D(2025, 6, 15)) == {current}
