"""The /news/ filters: kind, tag and month. The view applies ``published()`` first."""

import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from issportal.cache import per_generation
from issportal.forms import FilterForm

from .models import Article
from .models import public_tags as tags_in_use

MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR = 1998  # Zarya, the station's first module


class MonthField(forms.Field):
    """A month written YYYY-MM (what <input type="month"> sends), as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {
        "invalid": "Enter a month as YYYY-MM, for example 2000-11.",
        "range": "Enter a month from %(first)s to %(last)s.",
    }

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        match = MONTH_RE.fullmatch(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match[1]), int(match[2])
        last = timezone.now().year + 10
        if not FIRST_YEAR <= year <= last:
            raise ValidationError(
                self.error_messages["range"],
                code="range",
                params={"first": f"{FIRST_YEAR}-01", "last": f"{last}-12"},
            )
        return datetime.date(year, month, 1)


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        start = datetime.datetime(value.year, value.month, 1, tzinfo=datetime.UTC)
        end = (start + datetime.timedelta(days=32)).replace(day=1)
        return queryset.filter(publish_at__gte=start, publish_at__lt=end)


def public_tag_choices():
    """(slug, name) of the tags the public can see, for the tag menu."""
    return per_generation(
        "public_tag_choices",
        lambda: list(tags_in_use().order_by("name").values_list("slug", "name")),
    )


class ArticleFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Article.Kind.choices, empty_label="All kinds"
    )
    tag = django_filters.ChoiceFilter(
        label="Tag", field_name="tags__slug", choices=public_tag_choices, empty_label="Any tag"
    )
    month = MonthFilter(label="Month", help_text="YYYY-MM, for example 2000-11.")

    class Meta:
        model = Article
        fields: list[str] = []
        form = FilterForm
