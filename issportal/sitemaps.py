from django.contrib.sitemaps import Sitemap

from .links import url_for


class RecordSitemap(Sitemap):
    """One address a record, last changed when the record was saved.

    A subclass says which records, in order, in ``records()`` (called at each request, so
    "published" is judged at the time of the request) and names their page in ``page``.
    """

    # The record's page (a URL name) and the field its address is built from.
    page = None
    url_field = "slug"

    def records(self):
        raise NotImplementedError

    def items(self):
        # Plain (key, last change) pairs, not records: a sitemap lists tens of thousands.
        # A list, so the paginator takes its length instead of counting in SQL.
        return list(self.records().values_list(self.url_field, "updated_at"))

    def location(self, item):
        return url_for(self.page, item[0])

    def lastmod(self, item):
        return item[1]
