"""Drafts and scheduled publishing, the same for articles and galleries.

Public means status "published" and a publish time that has come; scheduling
is just a publish time in the future, so nothing has to run for it to go live.
"""

from django.db import models
from django.utils import timezone


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: published, and the publish time has come.

        ``now`` may be ``Now()``, the database's clock, for SQL that is kept and reused.
        """
        return self.filter(
            status=PublicationStatus.PUBLISHED,
            publish_at__lte=timezone.now() if now is None else now,
        )

    def scheduled(self, now=None):
        return self.filter(
            status=PublicationStatus.PUBLISHED,
            publish_at__gt=timezone.now() if now is None else now,
        )

    def drafts(self):
        return self.filter(status=PublicationStatus.DRAFT)

    def next_publish_time(self):
        """When the next scheduled item goes live, or None (for the page cache)."""
        return self.scheduled().aggregate(next=models.Min("publish_at"))["next"]


class PublishableMixin:
    """Read the state of a model with ``status`` and ``publish_at`` fields."""

    @property
    def is_public(self):
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def state_label(self):
        """For people: "Draft", "Scheduled" or "Published"."""
        if self.status == PublicationStatus.DRAFT:
            return "Draft"
        return "Scheduled" if self.is_scheduled else "Published"
