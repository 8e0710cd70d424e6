import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from stations import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DataSource
        django_get_or_create = ["key"]

    key = "test_dataset"
    name = "Test dataset"
    license = "CC0"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agency
        django_get_or_create = ["abbreviation"]

    abbreviation = factory.Sequence(lambda n: f"AG{n}")
    name = factory.LazyAttribute(lambda a: f"{a.abbreviation} Space Agency")
    country = "US"


class SourcedFactory(factory.django.DjangoModelFactory):
    class Meta:
        # The post-generation hooks save what they make themselves.
        skip_postgeneration_save = True

    source = factory.SubFactory(DataSourceFactory)


class AstronautFactory(SourcedFactory):
    class Meta:
        model = models.Astronaut

    name = factory.Sequence(lambda n: f"Astronaut Number{n}")
    slug = factory.Sequence(lambda n: f"astronaut-{n}")
    agency = factory.SubFactory(AgencyFactory)
    nationality = "US"


class ExpeditionFactory(SourcedFactory):
    class Meta:
        model = models.Expedition
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n + 1)
    start = factory.LazyAttribute(
        lambda e: datetime.date(2000, 11, 2) + datetime.timedelta(days=180 * (e.number - 1))
    )
    end = factory.LazyAttribute(lambda e: e.start + datetime.timedelta(days=180))


class ExpeditionMemberFactory(SourcedFactory):
    class Meta:
        model = models.ExpeditionMember

    expedition = factory.SubFactory(ExpeditionFactory)
    astronaut = factory.SubFactory(AstronautFactory)
    role = models.ExpeditionMember.Role.FLIGHT_ENGINEER


class SpacewalkFactory(SourcedFactory):
    class Meta:
        model = models.Spacewalk

    designation = factory.Sequence(lambda n: f"US EVA {n + 1}")
    date = datetime.date(2010, 1, 1)
    duration = datetime.timedelta(hours=6, minutes=30)

    @factory.post_generation
    def crew(self, create, extracted, **kwargs):
        for person in extracted or []:
            models.SpacewalkCrew.objects.create(
                spacewalk=self, astronaut=person, source=self.source
            )


class SpacecraftTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SpacecraftType
        django_get_or_create = ["slug"]

    name = "Soyuz MS"
    slug = factory.LazyAttribute(lambda t: t.name.lower().replace(" ", "-"))
    operator = factory.SubFactory(AgencyFactory, abbreviation="RSA", name="Roscosmos", country="RU")
    purpose = models.SpacecraftType.Purpose.CREW


class VisitFactory(SourcedFactory):
    class Meta:
        model = models.Visit

    name = factory.Sequence(lambda n: f"Soyuz MS-{n + 1:02d}")
    slug = factory.LazyAttribute(lambda v: v.name.lower().replace(" ", "-"))
    spacecraft_type = factory.SubFactory(SpacecraftTypeFactory)
    arrival_date = datetime.date(2020, 4, 9)
    departure_date = datetime.date(2020, 10, 21)
    port = "Poisk zenith"

    @factory.post_generation
    def crew(self, create, extracted, **kwargs):
        if extracted:
            self.crew.set(extracted)

    @factory.post_generation
    def port_times(self, create, extracted, **kwargs):
        """As the importer does: one port time from arrival to departure at its port,
        unless a list of (port, start, end) is given."""
        if not create:
            return
        if extracted is None:
            extracted = [(self.port, self.arrival_date, self.departure_date)] if self.port else []
        for port, start, end in extracted:
            models.VisitPort.objects.create(
                visit=self, port=port, start_date=start, end_date=end, source=self.source
            )


class ModuleFactory(SourcedFactory):
    class Meta:
        model = models.Module

    name = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    agency = factory.SubFactory(AgencyFactory)
    kind = "pressurized module"
    launch_date = datetime.date(1998, 11, 20)
    position = factory.Sequence(lambda n: n + 1)


class StayFactory(SourcedFactory):
    """A stay from the arrival vehicle's arrival to its departure, unless told otherwise."""

    class Meta:
        model = models.Stay

    astronaut = factory.SubFactory(AstronautFactory)
    arrival_vehicle = factory.SubFactory(VisitFactory)
    departure_vehicle = factory.LazyAttribute(lambda s: s.arrival_vehicle)
    arrival_date = factory.LazyAttribute(lambda s: s.arrival_vehicle.arrival_date)
    departure_date = factory.LazyAttribute(
        lambda s: s.departure_vehicle.departure_date if s.departure_vehicle else None
    )


class CommandTermFactory(SourcedFactory):
    class Meta:
        model = models.CommandTerm

    expedition = factory.SubFactory(ExpeditionFactory)
    astronaut = factory.SubFactory(AstronautFactory)
    start = factory.LazyAttribute(lambda t: t.expedition.start)
    end = factory.LazyAttribute(lambda t: t.expedition.end)
