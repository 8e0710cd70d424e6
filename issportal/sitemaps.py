from django.contrib.sitemaps import Sitemap


class RecordSitemap(Sitemap):
    """One address a record, last changed when the record was saved.

    A subclass says which records, in order, in ``records()``: called at each request, so
    "published" is judged at the time of the request.
    """

    # The field the record's address is built from.
    url_field = "slug"

    def records(self):
        raise NotImplementedError

    def items(self):
        # A list, so the paginator takes its length instead of counting in SQL (one query
        # a section, not two); a page of the sitemap holds all of them anyway (50,000).
        return list(self.records().only(self.url_field, "updated_at"))

    def lastmod(self, record):
        return record.updated_at
