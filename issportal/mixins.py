"""View mixins every section shares: breadcrumbs and filtered, paginated lists."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_filters.views import FilterView

from .cache import shared_per_generation
from .templatetags.site import _human_date

# Query parameters that order or page a list without changing what is in it.
NOT_FILTERS = {"page", "o"}


def _lower_first(text):
    text = str(text)
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def _choice_label(field, value):
    for choice, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):  # an option group
            for inner, inner_label in label:
                if str(inner) == str(value):
                    return inner_label
        elif str(choice) == str(value):
            return label
    return value


def describe_value(field, value):
    """One cleaned filter value in words: "1 January 2010", "NASA", "ongoing only"."""
    if isinstance(value, datetime.date):
        if field.widget.attrs.get("type") == "month":
            return value.strftime("%B %Y")
        return _human_date(value)
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(value, bool):
        if isinstance(field.widget, forms.Select):  # a menu: Any / Ongoing only / Finished only
            return _lower_first(_choice_label(field.widget, "true" if value else "false"))
        return None  # a checkbox: its label says it all
    if getattr(field, "choices", None) is not None:
        return _choice_label(field, value)
    return str(value)


def _unset(field, value):
    if value is None or value == "" or value == []:
        return True
    # An unticked checkbox is no filter; "Finished only" (False from a menu) is one.
    return value is False and not isinstance(field.widget, forms.Select)


def describe_filters(form):
    """The filters in use, in words, from the form's cleaned data: ["started on or after
    1 January 2010", "crew agency NASA"]. Ordering and paging are not filters."""
    if not form.is_bound or not form.is_valid():
        return []
    phrases = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in NOT_FILTERS or _unset(field, value):
            continue
        words = describe_value(field, value)
        label = _lower_first(field.label or name)
        if words is None:  # a ticked checkbox
            phrases.append(label)
        elif isinstance(value, bool):  # a menu's choice says it: "ongoing only"
            phrases.append(words)
        else:
            phrases.append(f"{label} {words}")
    return phrases


class BreadcrumbsMixin:
    """Gives each page its trail below the header: [(label, url), ...]."""

    section = None  # (label, url name)

    def get_breadcrumbs(self):
        crumbs = []
        if self.section:
            label, url_name = self.section
            crumbs.append((label, reverse(url_name)))
        obj = getattr(self, "object", None)
        if obj is not None:
            crumbs.append((str(obj), obj.get_absolute_url()))
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = self.get_breadcrumbs()
        return context


class KeptCountMixin:
    """A paginated list whose size is counted once per content generation for each address
    (its filters and arguments, whatever the page), for every server: counting every
    published article (20,000 rows) cost more than showing twenty of them."""

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        staff = self.request.user.is_staff
        key = f"list-count:{staff}:{self.request.path}?{query.urlencode()}"
        paginator.count = shared_per_generation(key, queryset.count)
        return paginator


class FilteredListView(KeptCountMixin, BreadcrumbsMixin, FilterView):
    paginate_by = 25
    # An invalid filter shows the form's errors and no results, never a 500.
    strict = True

    def get(self, request, *args, **kwargs):
        # A form submitted with empty fields: the same list at an address without them.
        pairs = [(key, value) for key, values in request.GET.lists() for value in values]
        if any(value == "" for _key, value in pairs):
            kept = [(key, value) for key, value in pairs if value != ""]
            query = urlencode(kept)
            return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
        return super().get(request, *args, **kwargs)

    def filters_applied(self):
        return any(value for key, value in self.request.GET.items() if key not in NOT_FILTERS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters_applied"] = self.filters_applied()
        context["active_filters"] = describe_filters(context["filter"].form)
        return context
