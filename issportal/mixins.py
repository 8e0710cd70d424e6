"""View mixins every section shares: breadcrumbs and filtered, paginated lists."""

from django.urls import reverse
from django_filters.views import FilterView

from .cache import per_generation

# Query parameters that order or page a list without changing what is in it.
NOT_FILTERS = {"page", "o"}


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


class FilteredListView(BreadcrumbsMixin, FilterView):
    paginate_by = 25
    # An invalid filter shows the form's errors and no results, never a 500.
    strict = True

    def filters_applied(self):
        return any(value for key, value in self.request.GET.items() if key not in NOT_FILTERS)

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if not self.filters_applied() and not self.kwargs:
            # The whole list's size (every published article: 20,000 rows to count) changes
            # only with the content, so it is kept per content generation like the figures.
            staff = self.request.user.is_staff
            paginator.count = per_generation(
                f"list-count:{type(self).__qualname__}:{staff}", queryset.count
            )
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters_applied"] = self.filters_applied()
        return context
