from django.contrib import admin

admin.site.site_header = "ISS Portal administration"
admin.site.site_title = "ISS Portal admin"
admin.site.index_title = "Station history, news and images"


class FullTextSearchAdminMixin:
    """On PostgreSQL, search the text through the stored, indexed search vector.

    Matching every word of a long body with ILIKE reads the whole table; the
    vector answers from its GIN index. Short fields still match by substring,
    so a slug or a half-typed title is found. Elsewhere Django's own search runs.
    """

    substring_search_fields: tuple[str, ...] = ("title", "slug")

    def get_search_results(self, request, queryset, search_term):
        from django.contrib.postgres.search import SearchQuery
        from django.db import connection
        from django.db.models import Q

        if connection.vendor != "postgresql" or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        query = SearchQuery(search_term, search_type="websearch", config="english")
        match = Q(search_vector=query)
        for name in self.substring_search_fields:
            match |= Q(**{f"{name}__icontains": search_term.strip()})
        return queryset.filter(match), False


class AuditedAdmin(admin.ModelAdmin):
    """Records who created and last changed an AuditedModel, and shows it read-only."""

    audit_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
