"""The station's history: who flew, when, what docked, what was built.

"Current" state (the running expedition, vehicles docked now, people aboard)
is always derived from dates by the QuerySet methods below, never stored, and
"now" is the newest date in the records (``records_as_of``), never today's date:
a record still open is open up to that day and no further. Dates are UTC.
Where a source gives only a date, only the date is kept: the ``*_at`` datetime
fields stay empty rather than holding an invented midnight.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.utils.text import slugify

from issportal.cache import per_generation
from issportal.links import url_for
from issportal.models import AuditedModel, SearchIndexedManager, SearchIndexedModel
from issportal.versioning import VersionedModel
from media_gallery.fields import optional_image
from media_gallery.models import PHOTO_TAG

from .countries import country_name

# The tag that puts a photograph on an expedition's page (``Image.objects.photos_of``).
EXPEDITION_TAG = re.compile(r"expedition-\d+")


def _newest(queryset, *fields):
    """(SELECT MAX(field) FROM ...) for each field: scalar subqueries."""
    return [
        Subquery(
            queryset.order_by().annotate(value=Func(F(name), function="MAX")).values("value")[:1],
            output_field=models.DateField(),
        )
        for name in fields
    ]


def compute_records_as_of() -> datetime.date | None:
    """The newest date in the station's records, in one query.

    The latest of: visits' arrival, departure and last sighting; stays' arrival,
    departure and last sighting; expeditions' start and end; spacewalks' dates; and
    the date each data source is current to (a snapshot that still lists a crew
    aboard is a record of that day). None when there are no records at all.
    """
    dates = [
        *_newest(Visit.objects, "arrival_date", "departure_date", "last_seen_docked"),
        *_newest(Stay.objects, "arrival_date", "departure_date", "last_seen_aboard"),
        *_newest(Expedition.objects, "start", "end"),
        *_newest(Spacewalk.objects, "date"),
        *_newest(DataSource.objects, "current_to"),
    ]
    # Greatest() is NULL on SQLite as soon as one argument is: give each a floor.
    floor = models.Value(datetime.date.min, output_field=models.DateField())
    row = (
        DataSource.objects.order_by()
        .annotate(newest=Greatest(*(Coalesce(date, floor) for date in dates)))
        .values("newest")
        .first()
    )
    if row is None:
        # No data source means no sourced record either.
        return None
    newest = row["newest"]
    if isinstance(newest, str):  # SQLite returns the expression as text
        newest = datetime.date.fromisoformat(newest[:10])
    return None if newest == datetime.date.min else newest


def records_as_of() -> datetime.date | None:
    """The day "now" means on every page: the newest date in the records.

    Kept per content generation, so a record saved with a newer date moves it at once.
    """
    return per_generation("records_as_of", compute_records_as_of)


def _as_of_value(as_of):
    return models.Value(as_of, output_field=models.DateField())


class FieldOrder:
    """One field of a record never comes before another: the rule as a database constraint,
    and the same test for ``clean()``, which names the field for the form.

    ``optional`` names the fields that may be empty (not known); the rule holds then.
    """

    def __init__(self, first, then, *, optional, name, message):
        self.first, self.then, self.optional = first, then, optional
        self.name, self.message = name, message

    def constraint(self):
        condition = Q()
        for field in self.optional:
            condition |= Q(**{f"{field}__isnull": True})
        condition |= Q(**{f"{self.then}__gte": F(self.first)})
        return models.CheckConstraint(
            condition=condition, name=self.name, violation_error_message=self.message
        )

    def broken_by(self, record):
        first, then = getattr(record, self.first), getattr(record, self.then)
        return first is not None and then is not None and then < first


def undated_when_unknown(name):
    """A departure marked unknown carries no date (visits and stays)."""
    return models.CheckConstraint(
        condition=Q(departure_unknown=False) | Q(departure_date__isnull=True),
        name=name,
        violation_error_message="A departure cannot be both dated and unknown.",
    )


class DataSource(models.Model):
    """A dataset or public record that facts were taken from, with its license."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    license = models.CharField(
        max_length=200, help_text="The licence in plain words, shown on the site."
    )
    credit = models.TextField(blank=True, help_text="Attribution text shown on the site.")
    notes = models.TextField(
        blank=True,
        help_text="For staff only, never shown on the site: how the data was derived, the "
        "licence as the source states it, what is not verified.",
    )
    current_to = models.DateField(
        null=True, blank=True, help_text="The date of the newest facts in this dataset."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SourcedModel(VersionedModel, AuditedModel):
    """A record that says where its facts came from."""

    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")
    source_detail = models.CharField(
        max_length=500, blank=True, help_text="Which file, row or record; choices made."
    )

    class Meta:
        abstract = True


class Agency(VersionedModel, AuditedModel):
    class Kind(models.TextChoices):
        AGENCY = "agency", "Space agency"
        COMPANY = "company", "Company"

    abbreviation = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=40,
        unique=True,
        blank=True,
        help_text="Its address on the site (/agencies/<slug>/); made from the abbreviation "
        "when left empty.",
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.AGENCY)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 code; empty for international agencies."
    )

    class Meta:
        ordering = ["abbreviation"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.abbreviation

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.abbreviation)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("stations:agency_detail", self.slug)

    @property
    def country_name(self):
        return country_name(self.country)


class AstronautQuerySet(models.QuerySet):
    def aboard_on(self, day, as_of=None):
        """People aboard on ``day``, from their stays (see Stay)."""
        return self.filter(Exists(Stay.objects.on(day, as_of).filter(astronaut=OuterRef("pk"))))

    def search(self, text):
        return self.filter(Q(name__icontains=text) | Q(aliases__icontains=text))


class Astronaut(SearchIndexedModel, SourcedModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    aliases = models.TextField(
        blank=True, help_text="Other spellings and transliterations, one per line."
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="astronauts"
    )
    nationality = models.CharField(max_length=2, blank=True, help_text="ISO 3166 country code.")
    birth_date = models.DateField(null=True, blank=True)
    bio = models.TextField(blank=True)
    portrait = optional_image("A portrait, shown on the person's page.")

    objects = SearchIndexedManager.from_queryset(AstronautQuerySet)()
    search_fields_by_weight = {"A": ("name", "aliases"), "C": ("bio",)}

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("stations:astronaut_detail", self.slug)

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def nationality_name(self):
        return country_name(self.nationality)


class ExpeditionQuerySet(models.QuerySet):
    def _end_or_as_of(self, as_of=None):
        # One with no recorded end runs until the newest record, not until today.
        return Coalesce("end", _as_of_value(as_of or records_as_of()))

    def active_on(self, day, as_of=None):
        return self.alias(effective_end=self._end_or_as_of(as_of)).filter(
            start__lte=day, effective_end__gte=day
        )

    def overlapping(self, start=None, end=None, as_of=None):
        """Expeditions running at any time between ``start`` and ``end`` (inclusive)."""
        queryset = self.alias(effective_end=self._end_or_as_of(as_of))
        if start is not None:
            queryset = queryset.filter(effective_end__gte=start)
        if end is not None:
            queryset = queryset.filter(start__lte=end)
        return queryset

    def current(self, as_of=None):
        """The expedition running on the day of the newest record."""
        as_of = as_of or records_as_of()
        return self.active_on(as_of, as_of) if as_of else self.none()

    def ongoing(self):
        return self.filter(end__isnull=True)


def CrewNamesField():  # noqa: N802 - reads like the field it makes
    """The crew's names, for search only; stations.signals keeps them as crews change."""
    return models.TextField(
        blank=True, default="", editable=False, help_text="The crew's names, for search."
    )


EXPEDITION_ENDS_AFTER_START = FieldOrder(
    "start",
    "end",
    optional=("end",),
    name="expedition_ends_after_start",
    message="An expedition cannot end before it starts.",
)


class Expedition(SearchIndexedModel, SourcedModel):
    # "Expedition 42": what people type, and what the title says.
    title_expression = Concat(models.Value("Expedition "), Cast("number", models.CharField()))
    # The crew's names (kept by stations.signals) let a search for a person find it.
    search_fields_by_weight = {
        "A": (title_expression,),
        "B": ("crew_names",),
        "C": ("description",),
    }

    number = models.PositiveSmallIntegerField(unique=True)
    start = models.DateField(db_index=True)
    end = models.DateField(
        null=True, blank=True, db_index=True, help_text="Empty while the expedition is running."
    )
    description = models.TextField(blank=True)
    patch = optional_image("The expedition's emblem.")
    crew_names = CrewNamesField()

    objects = SearchIndexedManager.from_queryset(ExpeditionQuerySet)()

    class Meta:
        ordering = ["number"]
        constraints = [
            EXPEDITION_ENDS_AFTER_START.constraint(),
        ]

    def __str__(self):
        return f"Expedition {self.number}"

    def get_absolute_url(self):
        return url_for("stations:expedition_detail", self.number)

    def clean(self):
        if EXPEDITION_ENDS_AFTER_START.broken_by(self):
            raise ValidationError({"end": "The end date is before the start date."})

    @property
    def is_ongoing(self):
        return self.end is None

    @property
    def length_days(self):
        """Days from start to end, or to the newest record while no end is recorded."""
        return self.length_days_as_of()

    def length_days_as_of(self, as_of=None):
        end = self.end or as_of or records_as_of() or self.start
        return max((end - self.start).days, 0)


class ExpeditionMemberQuerySet(models.QuerySet):
    def with_dates(self, as_of=None):
        """Annotate the days this member belonged to the expedition."""
        return self.alias(
            member_from=Coalesce("joined", "expedition__start"),
            member_to=Coalesce("left", "expedition__end", _as_of_value(as_of or records_as_of())),
        )

    def active_on(self, day, as_of=None):
        return self.with_dates(as_of).filter(member_from__lte=day, member_to__gte=day)


MEMBER_LEAVES_AFTER_JOINING = FieldOrder(
    "joined",
    "left",
    optional=("joined", "left"),
    name="member_leaves_after_joining",
    message="A crew member cannot leave before joining.",
)


class ExpeditionMember(SourcedModel):
    class Role(models.TextChoices):
        COMMANDER = "commander", "Commander"
        FLIGHT_ENGINEER = "flight_engineer", "Flight engineer"

    expedition = models.ForeignKey(Expedition, on_delete=models.CASCADE, related_name="members")
    astronaut = models.ForeignKey(Astronaut, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role, default=Role.FLIGHT_ENGINEER)
    joined = models.DateField(
        null=True, blank=True, help_text="Only when the person joined after the start."
    )
    left = models.DateField(
        null=True, blank=True, help_text="Only when the person left before the end."
    )

    objects = ExpeditionMemberQuerySet.as_manager()

    class Meta:
        ordering = ["expedition__number", "role", "astronaut__name"]
        verbose_name = "expedition crew member"
        constraints = [
            models.UniqueConstraint(
                fields=["expedition", "astronaut"],
                name="unique_expedition_member",
                violation_error_message="This person is already in this expedition's crew.",
            ),
            MEMBER_LEAVES_AFTER_JOINING.constraint(),
        ]

    def __str__(self):
        return f"{self.astronaut} ({self.get_role_display()}, {self.expedition})"

    def clean(self):
        if MEMBER_LEAVES_AFTER_JOINING.broken_by(self):
            raise ValidationError(
                {"left": "The day this person left is before the day they joined."}
            )
        expedition = self.expedition if self.expedition_id else None
        if expedition is None or expedition.start is None:
            return
        name = f"Expedition {expedition.number}"
        span = (
            f"{_day(expedition.start)} to {_day(expedition.end)}"
            if expedition.end
            else (f"from {_day(expedition.start)}")
        )
        errors = {}
        for field in ("joined", "left"):
            day = getattr(self, field)
            if day and day < expedition.start:
                errors[field] = f"{_day(day)} is before {name} began ({span})."
            elif day and expedition.end and day > expedition.end:
                errors[field] = f"{_day(day)} is after {name} ended ({span})."
        if errors:
            raise ValidationError(errors)
        if not self.astronaut_id:
            return
        first = self.joined or expedition.start
        last = self.left or expedition.end or records_as_of() or first
        if (
            not Stay.objects.filter(astronaut_id=self.astronaut_id)
            .overlapping(first, last)
            .exists()
        ):
            raise ValidationError(
                {
                    "astronaut": f"{self.astronaut} has no stay aboard the station during "
                    f"{name} ({span}). Record the stay first (Stays), then add them to the crew."
                }
            )


def _day(day):
    return f"{day.day} {day:%B %Y}"


COMMAND_TERM_ENDS_AFTER_START = FieldOrder(
    "start",
    "end",
    optional=("end",),
    name="command_term_ends_after_start",
    message="A command term cannot end before it starts.",
)


class CommandTerm(SourcedModel):
    """One person's time in command of an expedition.

    Most expeditions had one commander throughout, shown by the crew roles alone; a
    term is recorded where command changed hands during an expedition (Expedition 65:
    Walker, then Hoshide, then Pesquet). A handover day ends one term and starts the
    next.
    """

    expedition = models.ForeignKey(
        Expedition, on_delete=models.CASCADE, related_name="command_terms"
    )
    astronaut = models.ForeignKey(
        Astronaut, on_delete=models.PROTECT, related_name="command_terms", verbose_name="commander"
    )
    start = models.DateField(help_text="UTC day this person took command.")
    end = models.DateField(
        null=True,
        blank=True,
        help_text="UTC day this person handed command over. Empty while in command at "
        "the newest record.",
    )
    source_detail = models.TextField(
        blank=True, help_text="Which file or record; the pages each date came from."
    )

    class Meta:
        ordering = ["expedition__number", "start", "pk"]
        verbose_name = "command term"
        constraints = [
            models.UniqueConstraint(
                fields=["expedition", "astronaut", "start"],
                name="unique_command_term",
                violation_error_message="This term is already recorded.",
            ),
            COMMAND_TERM_ENDS_AFTER_START.constraint(),
        ]

    def __str__(self):
        return f"{self.astronaut} commanding {self.expedition} from {self.start}"

    def clean(self):
        errors = {}
        if COMMAND_TERM_ENDS_AFTER_START.broken_by(self):
            errors["end"] = "The day command was handed over is before the day it was taken."
        expedition = getattr(self, "expedition", None) if self.expedition_id else None
        if expedition is not None and self.start:
            if self.start < expedition.start:
                errors.setdefault(
                    "start", f"This is before {expedition} started ({expedition.start})."
                )
            if expedition.end and self.start > expedition.end:
                errors.setdefault("start", f"This is after {expedition} ended ({expedition.end}).")
            if expedition.end and self.end and self.end > expedition.end:
                errors.setdefault("end", f"This is after {expedition} ended ({expedition.end}).")
        if not errors and self.expedition_id and self.start:
            # Terms may share the handover day, never more.
            others = CommandTerm.objects.filter(expedition_id=self.expedition_id).exclude(
                pk=self.pk
            )
            others = others.filter(Q(end__isnull=True) | Q(end__gt=self.start))
            if self.end:
                others = others.filter(start__lt=self.end)
            other = others.select_related("astronaut").first()
            if other is not None:
                errors["start"] = (
                    f"This overlaps {other.astronaut}'s term from {other.start}: one person "
                    "commands at a time."
                )
        if errors:
            raise ValidationError(errors)


class SpacewalkQuerySet(models.QuerySet):
    def totals(self):
        return self.aggregate(count=models.Count("pk"), duration=Sum("duration"))


SPACEWALK_ENDS_AFTER_START = FieldOrder(
    "start_at",
    "end_at",
    optional=("start_at", "end_at"),
    name="spacewalk_ends_after_start",
    message="A spacewalk cannot end before it starts.",
)


class Spacewalk(SearchIndexedModel, SourcedModel):
    designation = models.CharField(max_length=60, unique=True)
    date = models.DateField(db_index=True, help_text="UTC date of the start.")
    start_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    end_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    duration = models.DurationField(null=True, blank=True)
    expedition = models.ForeignKey(
        Expedition, null=True, blank=True, on_delete=models.SET_NULL, related_name="spacewalks"
    )
    mission = models.CharField(max_length=40, blank=True, help_text="Shuttle mission, e.g. STS-88.")
    airlock = models.CharField(max_length=60, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    crew = models.ManyToManyField(Astronaut, through="SpacewalkCrew", related_name="spacewalks")
    crew_names = CrewNamesField()

    objects = SearchIndexedManager.from_queryset(SpacewalkQuerySet)()
    search_fields_by_weight = {
        "A": ("designation",),
        "B": ("crew_names",),
        "C": ("purpose", "mission", "airlock"),
    }

    class Meta:
        ordering = ["date", "start_at", "designation"]
        constraints = [
            SPACEWALK_ENDS_AFTER_START.constraint(),
            models.CheckConstraint(
                condition=Q(duration__isnull=True) | Q(duration__gte=datetime.timedelta(0)),
                name="spacewalk_duration_not_negative",
                violation_error_message="A spacewalk's duration cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.designation

    def get_absolute_url(self):
        return url_for("stations:spacewalk_detail", self.pk)

    def clean(self):
        if SPACEWALK_ENDS_AFTER_START.broken_by(self):
            raise ValidationError({"end_at": "The end is before the start."})
        if self.start_at and self.date and self.start_at.date() != self.date:
            raise ValidationError({"date": "The date must be the UTC date of the start."})
        if self.duration is None and self.start_at and self.end_at:
            self.duration = self.end_at - self.start_at


class SpacewalkCrew(SourcedModel):
    spacewalk = models.ForeignKey(Spacewalk, on_delete=models.CASCADE, related_name="crew_links")
    astronaut = models.ForeignKey(
        Astronaut, on_delete=models.PROTECT, related_name="spacewalk_links"
    )

    class Meta:
        ordering = ["spacewalk", "astronaut__name"]
        verbose_name = "spacewalk crew member"
        constraints = [
            models.UniqueConstraint(
                fields=["spacewalk", "astronaut"],
                name="unique_spacewalk_crew",
                violation_error_message="This person is already in this spacewalk's crew.",
            ),
        ]

    def __str__(self):
        return f"{self.astronaut} on {self.spacewalk}"


class SpacecraftType(VersionedModel, AuditedModel):
    class Purpose(models.TextChoices):
        CREW = "crew", "Crew"
        CARGO = "cargo", "Cargo"

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    operator = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="spacecraft_types")
    purpose = models.CharField(max_length=5, choices=Purpose)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class VisitQuerySet(models.QuerySet):
    def docked_on(self, day, as_of=None):
        """Vehicles at the station on ``day``.

        One with no recorded departure counts until the newest record (records_as_of),
        never later. One that left on a day no source records counts only until the
        last day a source saw it docked.
        """
        unknown_until = Coalesce("last_seen_docked", "arrival_date")
        return self.alias(
            effective_departure=Coalesce(
                "departure_date",
                Case(When(departure_unknown=True, then=unknown_until)),
                _as_of_value(as_of or records_as_of()),
            )
        ).filter(arrival_date__lte=day, effective_departure__gte=day)

    def docked_now(self, as_of=None):
        """Vehicles at the station on the day of the newest record, with no later record."""
        as_of = as_of or records_as_of()
        if as_of is None:
            return self.none()
        return self.docked_on(as_of, as_of).filter(
            departure_date__isnull=True, departure_unknown=False
        )


VISIT_DEPARTS_AFTER_ARRIVAL = FieldOrder(
    "arrival_date",
    "departure_date",
    optional=("departure_date",),
    name="visit_departs_after_arrival",
    message="A vehicle cannot leave before it arrives.",
)
VISIT_ARRIVES_AFTER_LAUNCH = FieldOrder(
    "launch_date",
    "arrival_date",
    optional=("launch_date",),
    name="visit_arrives_after_launch",
    message="A vehicle cannot arrive before it is launched.",
)
VISIT_SEEN_AFTER_ARRIVAL = FieldOrder(
    "arrival_date",
    "last_seen_docked",
    optional=("last_seen_docked",),
    name="visit_seen_after_arrival",
    message="A vehicle cannot be seen docked before it arrives.",
)


class AtTheStation:
    """A vehicle's visit or a person's stay: an arrival date, then a departure date, or a
    departure marked unknown with the last day a source saw it there (``last_seen_field``).
    """

    last_seen_field: str

    @property
    def is_open(self):
        """No record of it leaving."""
        return self.departure_date is None and not self.departure_unknown

    def last_day(self, as_of=None):
        """The last day it is known at the station (as the QuerySets' docked_on and
        with_last_day count it)."""
        if self.departure_date:
            return self.departure_date
        if self.departure_unknown:
            return getattr(self, self.last_seen_field) or self.arrival_date
        return max(as_of or records_as_of() or self.arrival_date, self.arrival_date)

    def record_departure(self, day, last_seen):
        """Left on ``day``; or, with no day from any source, left unknown, last seen then."""
        if day:
            self.departure_date = day
        else:
            self.departure_unknown = True
            setattr(self, self.last_seen_field, max(last_seen, self.arrival_date))


class Visit(AtTheStation, SearchIndexedModel, SourcedModel):
    class Mode(models.TextChoices):
        DOCKED = "docked", "Docked"
        BERTHED = "berthed", "Berthed"

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    spacecraft_type = models.ForeignKey(
        SpacecraftType, on_delete=models.PROTECT, related_name="visits"
    )
    launch_date = models.DateField(null=True, blank=True)
    launched_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    arrival_date = models.DateField(db_index=True)
    arrived_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    departure_date = models.DateField(
        null=True, blank=True, db_index=True, help_text="Empty while the vehicle is at the station."
    )
    departed_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    departure_unknown = models.BooleanField(
        default=False, help_text="It has left the station, but no source gives the date."
    )
    last_seen_docked = models.DateField(
        null=True,
        blank=True,
        help_text="With an unknown departure: the last day a source saw it at the station.",
    )
    captured_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Berthed vehicles: when the robotic arm captured it (UTC), when a source "
        "gives it apart from the berthing. The arrival is then the berthing.",
    )
    port = models.CharField(
        max_length=60, blank=True, help_text="The port it arrived at; moves are its port times."
    )
    mode = models.CharField(max_length=7, choices=Mode, default=Mode.DOCKED)
    # Longer than other records': it names the pages each value came from.
    source_detail = models.TextField(
        blank=True, help_text="Which file, row or record; choices made; pages for each value."
    )
    crew = models.ManyToManyField(
        Astronaut, blank=True, related_name="visits", help_text="People carried up."
    )
    crew_names = CrewNamesField()

    objects = SearchIndexedManager.from_queryset(VisitQuerySet)()
    last_seen_field = "last_seen_docked"
    search_fields_by_weight = {"A": ("name",), "B": ("crew_names",), "C": ("port",)}

    class Meta:
        ordering = ["arrival_date", "name"]
        constraints = [
            VISIT_DEPARTS_AFTER_ARRIVAL.constraint(),
            VISIT_ARRIVES_AFTER_LAUNCH.constraint(),
            undated_when_unknown("visit_unknown_departure_has_no_date"),
            VISIT_SEEN_AFTER_ARRIVAL.constraint(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("stations:visit_detail", self.slug)

    def clean(self):
        errors = {}
        if VISIT_DEPARTS_AFTER_ARRIVAL.broken_by(self):
            errors["departure_date"] = "The departure is before the arrival."
        if VISIT_ARRIVES_AFTER_LAUNCH.broken_by(self):
            errors["arrival_date"] = "The arrival is before the launch."
        if self.arrived_at and self.arrival_date and self.arrived_at.date() != self.arrival_date:
            errors["arrived_at"] = "The arrival time must fall on the arrival date (UTC)."
        if (
            self.departed_at
            and self.departure_date
            and self.departed_at.date() != self.departure_date
        ):
            errors["departed_at"] = "The departure time must fall on the departure date (UTC)."
        if self.departure_unknown and self.departure_date:
            errors["departure_unknown"] = "Clear this box when the departure date is known."
        if self.captured_at and self.mode != self.Mode.BERTHED:
            errors["captured_at"] = "Only a berthed vehicle is captured by the robotic arm."
        elif self.captured_at and self.arrived_at and self.captured_at > self.arrived_at:
            errors["captured_at"] = "The capture is after the berthing."
        elif self.captured_at and self.arrival_date and self.captured_at.date() > self.arrival_date:
            errors["captured_at"] = "The capture is after the arrival date."
        if VISIT_SEEN_AFTER_ARRIVAL.broken_by(self):
            errors["last_seen_docked"] = "The last sighting is before the arrival."
        if errors:
            raise ValidationError(errors)


class StayQuerySet(models.QuerySet):
    """Reads of stays; every "who was aboard" figure on the site goes through these."""

    def with_last_day(self, as_of=None):
        """Annotate ``last_day``: the last day the person is known aboard.

        The departure day when one is recorded; for a departure no source dates, the
        last day a source saw the person aboard (or the arrival day); for a stay with
        no later record, the day of the newest record (records_as_of), never later.
        """
        unknown_until = Coalesce("last_seen_aboard", "arrival_date")
        return self.alias(
            last_day=Coalesce(
                "departure_date",
                Case(When(departure_unknown=True, then=unknown_until)),
                _as_of_value(as_of or records_as_of()),
            )
        )

    def on(self, day, as_of=None):
        """Stays with the person aboard on ``day``; the arrival and departure days count."""
        return self.with_last_day(as_of).filter(arrival_date__lte=day, last_day__gte=day)

    def overlapping(self, start, end, as_of=None):
        """Stays with at least one day aboard between ``start`` and ``end`` (inclusive)."""
        return self.with_last_day(as_of).filter(arrival_date__lte=end, last_day__gte=start)

    def open(self):
        """Stays with no record of the person leaving (aboard at the newest record)."""
        return self.filter(departure_date__isnull=True, departure_unknown=False)


STAY_DEPARTS_AFTER_ARRIVAL = FieldOrder(
    "arrival_date",
    "departure_date",
    optional=("departure_date",),
    name="stay_departs_after_arrival",
    message="A person cannot leave the station before arriving.",
)
STAY_SEEN_AFTER_ARRIVAL = FieldOrder(
    "arrival_date",
    "last_seen_aboard",
    optional=("last_seen_aboard",),
    name="stay_seen_after_arrival",
    message="A person cannot be seen aboard before arriving.",
)


class Stay(AtTheStation, SourcedModel):
    """One person aboard the station, from the day they arrived to the day they left.

    A stay may outlive the vehicle that brought the person (Soyuz taxi crews came up
    in a new Soyuz and went home in the old one) and may span expeditions.
    """

    astronaut = models.ForeignKey(
        Astronaut, on_delete=models.PROTECT, related_name="stays", verbose_name="person"
    )
    arrival_vehicle = models.ForeignKey(
        Visit,
        on_delete=models.PROTECT,
        related_name="arriving_stays",
        verbose_name="arrived with",
        help_text="The visiting vehicle that brought this person to the station.",
    )
    departure_vehicle = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departing_stays",
        verbose_name="left with",
        help_text="The vehicle that took this person home. Empty while aboard or unknown.",
    )
    arrival_date = models.DateField(
        db_index=True, help_text="UTC day the arrival vehicle docked or was berthed."
    )
    departure_date = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="UTC day the departure vehicle undocked. Empty while aboard or unknown.",
    )
    departure_unknown = models.BooleanField(
        default=False, help_text="This person has left the station, but no source gives the day."
    )
    last_seen_aboard = models.DateField(
        null=True,
        blank=True,
        help_text="With an unknown departure: the last day a source listed this person aboard.",
    )

    objects = StayQuerySet.as_manager()
    last_seen_field = "last_seen_aboard"

    class Meta:
        ordering = ["arrival_date", "astronaut__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["astronaut", "arrival_vehicle"],
                name="unique_stay_per_arrival",
                violation_error_message="This person already has a stay begun with this vehicle.",
            ),
            STAY_DEPARTS_AFTER_ARRIVAL.constraint(),
            undated_when_unknown("stay_unknown_departure_has_no_date"),
            STAY_SEEN_AFTER_ARRIVAL.constraint(),
        ]

    def __str__(self):
        return f"{self.astronaut} from {self.arrival_date}"

    def clean(self):
        errors = {}
        if STAY_DEPARTS_AFTER_ARRIVAL.broken_by(self):
            errors["departure_date"] = "The day this person left is before the day they arrived."
        if self.departure_unknown and self.departure_date:
            errors["departure_unknown"] = "Clear this box when the departure day is known."
        if self.last_seen_aboard and self.departure_date:
            errors["last_seen_aboard"] = "Leave this empty when the departure day is known."
        if STAY_SEEN_AFTER_ARRIVAL.broken_by(self):
            errors["last_seen_aboard"] = "The last sighting is before the arrival."
        if self.departure_vehicle_id and not (self.departure_date or self.departure_unknown):
            errors["departure_date"] = (
                "Give the day this person left with that vehicle, or tick "
                "'departure unknown' if no source gives it."
            )
        if not errors and self.astronaut_id and self.arrival_date:
            end = self.departure_date or self.last_seen_aboard or datetime.date.max
            overlapping = (
                Stay.objects.filter(astronaut_id=self.astronaut_id)
                .exclude(pk=self.pk)
                .with_last_day(datetime.date.max)
                .filter(arrival_date__lte=end, last_day__gte=self.arrival_date)
                .first()
            )
            if overlapping is not None:
                errors["arrival_date"] = (
                    f"{self.astronaut} already has a stay from {overlapping.arrival_date} "
                    "that overlaps this one."
                )
        if errors:
            raise ValidationError(errors)

    def days_aboard(self, as_of=None):
        """Calendar days aboard: the arrival and departure days both count."""
        return (self.last_day(as_of) - self.arrival_date).days + 1


class VisitPortQuerySet(models.QuerySet):
    def at_station_on(self, day):
        """Port times that include ``day``; an open one lasts as its visit does."""
        return self.filter(start_date__lte=day).filter(
            Q(end_date__gte=day) | Q(end_date__isnull=True, visit__in=Visit.objects.docked_on(day))
        )


VISIT_PORT_ENDS_AFTER_START = FieldOrder(
    "start_date",
    "end_date",
    optional=("end_date",),
    name="visit_port_ends_after_start",
    message="A vehicle cannot leave a port before it arrives there.",
)
VISIT_PORT_END_TIME_AFTER_START = FieldOrder(
    "start_at",
    "end_at",
    optional=("start_at", "end_at"),
    name="visit_port_end_time_after_start",
    message="A vehicle cannot leave a port before it arrives there.",
)


class VisitPort(SourcedModel):
    """A visit's time at one port: arrival to the first move, move to move, last move
    to departure. A vehicle that never moves has one."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="ports")
    port = models.CharField(max_length=60)
    start_date = models.DateField(help_text="The day it docked (or berthed) at this port, UTC.")
    start_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day it left this port. Empty while it is there, or when its "
        "departure is not recorded.",
    )
    end_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    source_detail = models.TextField(
        blank=True, help_text="Which file or record; the pages each value came from."
    )

    objects = VisitPortQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "start_at", "pk"]
        verbose_name = "port time"
        constraints = [
            VISIT_PORT_ENDS_AFTER_START.constraint(),
            VISIT_PORT_END_TIME_AFTER_START.constraint(),
        ]

    def __str__(self):
        return f"{self.visit} at {self.port}"

    def clean(self):
        errors = {}
        if VISIT_PORT_ENDS_AFTER_START.broken_by(self):
            errors["end_date"] = "The day it left this port is before the day it arrived there."
        elif VISIT_PORT_END_TIME_AFTER_START.broken_by(self):
            errors["end_at"] = "The time it left this port is before the time it arrived there."
        if self.start_at and self.start_date and self.start_at.date() != self.start_date:
            errors["start_at"] = "The time must fall on the day it arrived at this port (UTC)."
        if self.end_at and self.end_date and self.end_at.date() != self.end_date:
            errors["end_at"] = "The time must fall on the day it left this port (UTC)."
        visit = getattr(self, "visit", None) if self.visit_id else None
        if visit is not None and self.start_date and visit.arrival_date:
            if self.start_date < visit.arrival_date:
                errors.setdefault("start_date", "This is before the vehicle arrived.")
            if visit.departure_date and self.start_date > visit.departure_date:
                errors.setdefault("start_date", "This is after the vehicle left.")
            if visit.departure_date and self.end_date and self.end_date > visit.departure_date:
                errors.setdefault("end_date", "This is after the vehicle left.")
        if errors:
            raise ValidationError(errors)

    def last_day(self, day=None):
        """The last day it is known at this port (an open one lasts as its visit does)."""
        return self.end_date or self.visit.last_day(day)


def port_conflicts(port_times, day=None):
    """Days on which one port holds two vehicles, as (port, day, names) in order.

    A handover is not a conflict: one vehicle leaving a port on the day another
    arrives there, unless both times are known and the arrival comes first.
    """
    by_port = {}
    for segment in port_times:
        by_port.setdefault(segment.port, []).append(segment)
    conflicts = []
    for port, segments in sorted(by_port.items()):
        held = {}
        for segment in segments:
            current, last = segment.start_date, segment.last_day(day)
            while current <= last:
                held.setdefault(current, []).append(segment)
                current += datetime.timedelta(days=1)
        for on, here in sorted(held.items()):
            if len(here) > 1 and _overlap_on(on, here):
                conflicts.append((port, on, sorted({s.visit.name for s in here})))
    return conflicts


def _overlap_on(day, segments):
    for index, first in enumerate(segments):
        for second in segments[index + 1 :]:
            if first.visit_id == second.visit_id:
                continue
            earlier, later = sorted((first, second), key=lambda s: s.start_date)
            handover = earlier.end_date == day and later.start_date == day
            if not handover or (
                earlier.end_at and later.start_at and later.start_at < earlier.end_at
            ):
                return True
    return False


MODULE_ATTACHED_AFTER_LAUNCH = FieldOrder(
    "launch_date",
    "attached_date",
    optional=("attached_date",),
    name="module_attached_after_launch",
    message="A module cannot be attached before it is launched.",
)


class Module(SearchIndexedModel, SourcedModel):
    search_fields_by_weight = {"A": ("name",), "C": ("kind", "description")}

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="modules")
    kind = models.CharField(max_length=40)
    launch_date = models.DateField(db_index=True)
    launched_at = models.DateTimeField(null=True, blank=True, help_text="UTC, when known.")
    attached_date = models.DateField(null=True, blank=True)
    mass_kg = models.PositiveIntegerField(null=True, blank=True)
    location = models.CharField(
        "attached to",
        max_length=200,
        blank=True,
        help_text="Where on the station it was attached, e.g. 'S3 truss, zenith'.",
    )
    launch_vehicle = models.CharField(
        max_length=120, blank=True, help_text="The rocket or spacecraft that carried it up."
    )
    delivered_by = models.ForeignKey(
        "Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivered_modules",
        verbose_name="flight",
        help_text="The visiting vehicle that brought it, when that flight is in the records.",
    )
    position = models.PositiveSmallIntegerField(help_text="Order in the assembly sequence.")
    description = models.TextField(blank=True)
    image = optional_image("A picture of the module.")
    source_detail = models.TextField(
        blank=True, help_text="Which file or record; the pages each value came from."
    )

    class Meta:
        ordering = ["position", "launch_date"]
        constraints = [
            MODULE_ATTACHED_AFTER_LAUNCH.constraint(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("stations:module_detail", self.slug)

    def clean(self):
        if MODULE_ATTACHED_AFTER_LAUNCH.broken_by(self):
            raise ValidationError({"attached_date": "The attachment is before the launch."})


def shows_image(image):
    """Whether a station page shows ``image``, so that changing it waits for a Publisher
    (registered in StationsConfig.ready()): a person's portrait, an expedition's patch, a
    module's picture, or a photograph tagged for an expedition's or a vehicle's page
    (``Image.objects.photos_of``), whether that record exists yet or not. Every station
    record has a public page."""
    by_field = (
        Astronaut.objects.filter(portrait=image)
        .values("pk")
        .union(Expedition.objects.filter(patch=image).values("pk"), all=True)
        .union(Module.objects.filter(image=image).values("pk"), all=True)
    )
    if by_field.exists():
        return True
    names = set(image.tags.values_list("name", flat=True))
    # Tagged for a record not added yet, it is live too: the record's page will show it the
    # moment a data editor adds the record, and no Publisher would have seen it.
    return PHOTO_TAG in names and any(
        EXPEDITION_TAG.fullmatch(name) or name.startswith("visit-") for name in names
    )


class Question(VersionedModel, AuditedModel):
    """A frequently asked question and its answer, written by staff.

    The answer is Markdown and may name figures computed from the records, such as
    ``{people_visited}``, filled in when the page is shown (see stations.faq), so it
    never goes stale.
    """

    question = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The question's anchor on the FAQ page (/faq/#slug)."
    )
    answer = models.TextField(
        help_text="Markdown. Figures from the records can be named in braces, e.g. "
        "{people_visited}; the FAQ page fills them in when shown."
    )
    position = models.PositiveSmallIntegerField(
        default=0, db_index=True, help_text="Order on the page, smallest first."
    )
    published = models.BooleanField(default=True, help_text="Shown on the public FAQ page.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ question"
        # Who may publish or withdraw a question, and whose changes to a published one go
        # live at once; others' wait for approval (issportal.moderation).
        permissions = [("publish_question", "Can publish FAQ questions")]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return f"{url_for('stations:faq')}#{self.slug}"

    def clean(self):
        from .faq import unknown_placeholders  # here, not at the top: faq imports this module

        unknown = unknown_placeholders(self.answer)
        if unknown:
            raise ValidationError(
                {
                    "answer": "Unknown figure{} {}: use one of the figures listed below.".format(
                        "s" if len(unknown) > 1 else "", ", ".join(f"{{{n}}}" for n in unknown)
                    )
                }
            )
