"""View mixins every section shares: breadcrumbs and filtered, paginated lists."""

from django.urls import reverse
from django_filters.views import FilterView


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters_applied"] = any(
            value for key, value in self.request.GET.items() if key not in {"page", "o"}
        )
        return context
