from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models


def _who():
    """A staff member, kept as empty if the account is deleted; set by the admin, not by forms."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class AuditedModel(models.Model):
    """When a record was made and last changed, and by whom (set by AuditedAdmin)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = _who()
    updated_by = _who()

    class Meta:
        abstract = True


def weighted_search_vector(fields_by_weight):
    """A PostgreSQL tsvector of the given fields, e.g. {"A": ("title",), "C": ("body",)}."""
    vector = None
    for weight, fields in fields_by_weight.items():
        part = SearchVector(*fields, weight=weight, config="english")
        vector = part if vector is None else vector + part
    return vector


def _field_names(field):
    if isinstance(field, str):
        return [field]
    return [node.name for node in field.flatten() if isinstance(node, models.F)]


class SearchIndexedManager(models.Manager):
    """Leaves the search vector in the database, where only the search reads it.

    Written out, a vector is larger than most rows, and PostgreSQL spends time
    turning it into text for pages that never show it.
    """

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class SearchIndexedModel(models.Model):
    """Keeps a stored, GIN-indexed search vector on PostgreSQL, so search reads an index.

    Elsewhere the column stays empty and the site's simpler search is used.
    """

    # Field names, or expressions of fields (e.g. a title made from a number).
    search_fields_by_weight: dict[str, tuple] = {}

    search_vector = SearchVectorField(null=True, editable=False)

    objects = SearchIndexedManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        searched = {
            name
            for fields in self.search_fields_by_weight.values()
            for field in fields
            for name in _field_names(field)
        }
        # A save that touches no searched text (a link to a picture, a status) keeps its vector.
        if update_fields is None or searched & set(update_fields):
            self.refresh_search_vector()

    def refresh_search_vector(self):
        if connection.vendor == "postgresql":
            type(self)._default_manager.filter(pk=self.pk).update(
                search_vector=weighted_search_vector(self.search_fields_by_weight)
            )

    @classmethod
    def refresh_all_search_vectors(cls, queryset=None):
        if connection.vendor == "postgresql":
            (queryset if queryset is not None else cls._default_manager.all()).update(
                search_vector=weighted_search_vector(cls.search_fields_by_weight)
            )


# Defined with its logic; imported here so that Django sees the model.
from .moderation import PendingChange  # noqa: E402, F401
