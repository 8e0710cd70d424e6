"""Each content app keeps its own tag vocabulary (taggit's shared one is not used): these
abstract models are what every vocabulary and its links have in common."""

from django.db import models
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
