import datetime

import factory
from django.utils import timezone

from news.models import Article


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article by default; ``draft=True`` or ``scheduled=True`` for the others."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
        )

    kind = Article.Kind.NEWS_RELEASE
    title = factory.Sequence(lambda n: f"Station report number {n}")
    slug = factory.Sequence(lambda n: f"station-report-{n}")
    summary = "What happened aboard the station."
    body = "## What happened\n\nThe crew worked on **experiments** and maintenance.\n"
    byline = "ISS Portal staff"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: days_ago(1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def links(self, create, extracted, **kwargs):
        """links={"expeditions": [...], "astronauts": [...], ...}"""
        for name, records in (extracted or {}).items():
            getattr(self, name).add(*records)


class BlogPostFactory(ArticleFactory):
    kind = Article.Kind.BLOG_POST
    title = factory.Sequence(lambda n: f"Blog post number {n}")
    slug = factory.Sequence(lambda n: f"blog-post-{n}")
