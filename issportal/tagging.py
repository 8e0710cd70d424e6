"""Each content app keeps its own tag vocabulary (taggit's shared one is not used): these
abstract models are what every vocabulary and its links have in common."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from taggit.models import ItemBase, TagBase


class Vocabulary(TagBase):
    """One app's tags, apart from every other app's (matched without case)."""

    class Meta:
        abstract = True
        ordering = ["name"]


class TagLink(ItemBase):
    """Tags through a real foreign key, so tag queries join instead of matching content types.

    A subclass names ``content_object`` and ``tag``, and keeps each tag once per item with
    ``one_link_per_tag``.
    """

    class Meta:
        abstract = True


def one_link_per_tag(name):
    return models.UniqueConstraint(fields=["content_object", "tag"], name=name)


class VocabularyAdmin(admin.ModelAdmin):
    """A vocabulary's tags, each with how many items carry it.

    A subclass names the tag links (``links``, the related name) and the items (``items``).
    """

    links: str
    items: str
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)

        @admin.display(description=self.items, ordering="item_count")
        def item_count(tag):
            return tag.item_count

        self.list_display = ["name", "slug", item_count]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count(self.links))
