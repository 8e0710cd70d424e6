"""Public filters for the station pages. Each list view applies its FilterSet once."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from issportal.cache import per_generation
from issportal.forms import FilterForm

from .countries import country_name
from .models import (
    Agency,
    Astronaut,
    Expedition,
    ExpeditionMember,
    SpacecraftType,
    Spacewalk,
    Visit,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
ONGOING_CHOICES = (("", "Any"), ("true", "Ongoing only"), ("false", "Finished only"))


def agencies_with_crew():
    """Agencies at least one person flew for."""
    return Agency.objects.filter(Exists(Astronaut.objects.filter(agency=OuterRef("pk"))))


def agency_choices():
    """The agency menu, kept until the station's records change."""
    return per_generation(
        "agency_choices",
        # The code is the value, in the address; people read the full name.
        lambda: list(agencies_with_crew().order_by("name").values_list("abbreviation", "name")),
    )


def operator_choices():
    """The operator menu, by full name, kept until the station's records change."""
    return per_generation(
        "operator_choices",
        lambda: list(
            Agency.objects.filter(Exists(SpacecraftType.objects.filter(operator=OuterRef("pk"))))
            .order_by("name")
            .values_list("abbreviation", "name")
        ),
    )


def nationality_choices():
    """The nationality menu, by country name, kept until the station's records change."""

    def choices():
        codes = (
            Astronaut.objects.exclude(nationality="")
            .order_by()
            .values_list("nationality", flat=True)
            .distinct()
        )
        return sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])

    return per_generation("nationality_choices", choices)


class DateRangeForm(FilterForm):
    """Refuses a range whose end comes before its start, naming the later field."""

    date_ranges: tuple[tuple[str, str], ...] = ()

    def clean(self):
        cleaned = super().clean()
        for after, before in self.date_ranges:
            start, end = cleaned.get(after), cleaned.get(before)
            if start and end and end < start:
                label = self.fields[after].label.lower()
                self.add_error(before, f"This date is before the “{label}” date.")
        return cleaned


class ExpeditionFilterForm(DateRangeForm):
    note = (
        "“Running” finds expeditions under way at any time on those dates; "
        "“started” and “ended” look only at an expedition's first or last day."
    )
    date_ranges = (
        ("active_after", "active_before"),
        ("start_after", "start_before"),
        ("end_after", "end_before"),
    )


def ordering(*fields):
    """The "Order by" menu: a (field, label, label of the reverse order) for each field.

    The first field's order is the one shown when none is chosen.
    """
    labels = {}
    for name, label, reverse_label in fields:
        labels[name], labels[f"-{name}"] = label, reverse_label
    return django_filters.OrderingFilter(
        label="Order by",
        fields=[(name, name) for name, _, _ in fields],
        field_labels=labels,
        empty_label=fields[0][1],
    )


def _crew_matches(text):
    return Q(name__icontains=text) | Q(aliases__icontains=text)


class ExpeditionFilter(django_filters.FilterSet):
    on = django_filters.DateFilter(label="Running on", method="filter_on", widget=DATE_WIDGET)
    year = django_filters.NumberFilter(
        label="Running in the year",
        method="filter_year",
        min_value=1998,
        max_value=2100,
    )
    active_after = django_filters.DateFilter(
        label="Running on or after", method="filter_active_after", widget=DATE_WIDGET
    )
    active_before = django_filters.DateFilter(
        label="Running on or before", method="filter_active_before", widget=DATE_WIDGET
    )
    start_after = django_filters.DateFilter(
        field_name="start", lookup_expr="gte", label="Started on or after", widget=DATE_WIDGET
    )
    start_before = django_filters.DateFilter(
        field_name="start", lookup_expr="lte", label="Started on or before", widget=DATE_WIDGET
    )
    end_after = django_filters.DateFilter(
        field_name="end", lookup_expr="gte", label="Ended on or after", widget=DATE_WIDGET
    )
    end_before = django_filters.DateFilter(
        field_name="end", lookup_expr="lte", label="Ended on or before", widget=DATE_WIDGET
    )
    ongoing = django_filters.BooleanFilter(
        label="Status",
        method="filter_ongoing",
        widget=forms.Select(choices=ONGOING_CHOICES),
    )
    agency = django_filters.ChoiceFilter(
        label="Crew agency",
        choices=agency_choices,
        method="filter_agency",
        empty_label="Any agency",
    )
    crew = django_filters.CharFilter(label="Crew member", method="filter_crew", max_length=100)
    o = ordering(
        ("number", "Number", "Number (descending)"),
        ("start", "Start date", "Start date (latest first)"),
        ("end", "End date", "End date (latest first)"),
    )

    class Meta:
        model = Expedition
        fields: list[str] = []
        form = ExpeditionFilterForm

    def filter_on(self, queryset, name, value):
        return queryset.active_on(value)

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.overlapping(
            start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
        )

    def filter_active_after(self, queryset, name, value):
        return queryset.overlapping(start=value)

    def filter_active_before(self, queryset, name, value):
        return queryset.overlapping(end=value)

    def filter_ongoing(self, queryset, name, value):
        return queryset.filter(end__isnull=value)

    def filter_agency(self, queryset, name, value):
        members = ExpeditionMember.objects.filter(
            expedition=OuterRef("pk"), astronaut__agency__abbreviation=value
        )
        return queryset.filter(Exists(members))

    def filter_crew(self, queryset, name, value):
        members = ExpeditionMember.objects.filter(expedition=OuterRef("pk")).filter(
            Exists(Astronaut.objects.filter(_crew_matches(value), pk=OuterRef("astronaut")))
        )
        return queryset.filter(Exists(members))


class AstronautFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label="Name or other spelling", method="filter_name", max_length=100
    )
    agency = django_filters.ChoiceFilter(
        label="Agency",
        field_name="agency__abbreviation",
        choices=agency_choices,
        empty_label="Any agency",
    )
    nationality = django_filters.ChoiceFilter(
        choices=nationality_choices, empty_label="Any nationality"
    )

    class Meta:
        model = Astronaut
        fields: list[str] = []
        form = FilterForm

    def filter_name(self, queryset, name, value):
        return queryset.filter(_crew_matches(value))


class SpacewalkFilterForm(DateRangeForm):
    date_ranges = (("date_after", "date_before"),)


class SpacewalkFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label="On or after", widget=DATE_WIDGET
    )
    date_before = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label="On or before", widget=DATE_WIDGET
    )
    year = django_filters.NumberFilter(
        field_name="date", lookup_expr="year", label="Year", min_value=1998, max_value=2100
    )
    expedition = django_filters.NumberFilter(
        field_name="expedition__number", label="Expedition number", min_value=1
    )
    crew = django_filters.CharFilter(label="Crew member", method="filter_crew", max_length=100)
    o = ordering(
        ("date", "Date", "Date (latest first)"),
        ("duration", "Duration (shortest first)", "Duration (longest first)"),
    )

    class Meta:
        model = Spacewalk
        fields: list[str] = []
        form = SpacewalkFilterForm

    def filter_crew(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Astronaut.objects.filter(
                    _crew_matches(value), spacewalk_links__spacewalk=OuterRef("pk")
                )
            )
        )


class VisitFilterForm(DateRangeForm):
    date_ranges = (("at_station_after", "at_station_before"),)


class VisitFilter(django_filters.FilterSet):
    spacecraft_type = django_filters.ModelChoiceFilter(
        label="Spacecraft",
        queryset=SpacecraftType.objects.all(),
        to_field_name="slug",
        empty_label="Any spacecraft",
    )
    operator = django_filters.ChoiceFilter(
        label="Operator",
        field_name="spacecraft_type__operator__abbreviation",
        choices=operator_choices,
        empty_label="Any operator",
    )
    purpose = django_filters.ChoiceFilter(
        label="Carrying",
        field_name="spacecraft_type__purpose",
        choices=SpacecraftType.Purpose.choices,
        empty_label="Crew or cargo",
    )
    at_station_after = django_filters.DateFilter(
        label="At the station on or after", method="filter_after", widget=DATE_WIDGET
    )
    at_station_before = django_filters.DateFilter(
        label="At the station on or before", method="filter_before", widget=DATE_WIDGET
    )
    docked_now = django_filters.BooleanFilter(
        label="At the station as of the newest record",
        method="filter_docked_now",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Visit
        fields: list[str] = []
        form = VisitFilterForm

    def filter_after(self, queryset, name, value):
        return queryset.filter(Q(departure_date__gte=value) | Q(departure_date__isnull=True))

    def filter_before(self, queryset, name, value):
        return queryset.filter(arrival_date__lte=value)

    def filter_docked_now(self, queryset, name, value):
        return queryset.docked_now() if value else queryset


class AboardForm(FilterForm):
    on = forms.DateField(label="Date", widget=DATE_WIDGET)
