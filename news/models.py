"""Articles: news releases, daily blog posts and features.

What the public sees is decided in one place, ``ArticleQuerySet.published``:
status published and a publish time that has come. A scheduled article is
just a published one whose ``publish_at`` is in the future; it appears by
itself when that time passes, with no job to run.
"""

import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager

from issportal import markdown
from issportal.links import url_for
from issportal.models import AuditedModel, SearchIndexedManager, SearchIndexedModel
from issportal.publishing import PublicationStatus, PublishableMixin, PublishableQuerySet
from issportal.tagging import TagLink, Vocabulary, one_link_per_tag
from issportal.versioning import VersionedModel
from media_gallery.fields import optional_image

WORDS_PER_MINUTE = 200
# Slugs the URLs below /news/ use for other pages.
RESERVED_SLUGS = frozenset({"feed", "tags"})


class ArticleQuerySet(PublishableQuerySet):
    def blog(self):
        return self.filter(kind=Article.Kind.BLOG_POST)

    def as_links(self):
        """Newest first, with just what a link to an article shows (no bodies)."""
        return self.only("kind", "title", "slug", "publish_at").order_by("-publish_at", "-pk")

    def with_tag_list(self):
        """Every article's tags in one query, for ``article.tag_list``.

        Prefetching through taggit's manager builds a filtered queryset for each
        article, which cost a fifth of a news page; reading the tag links with
        their tags does not.
        """
        links = TaggedArticle.objects.select_related("tag").order_by("pk")
        return self.prefetch_related(Prefetch("taggedarticle_set", links, to_attr="tag_links"))


def shows_as_a_hero(image):
    """Whether a published article (live now or scheduled) shows ``image`` as its hero, so
    that changing the image waits for a Publisher (registered in NewsConfig.ready())."""
    return Article.objects.filter(status=PublicationStatus.PUBLISHED, hero=image).exists()


class ArticleTag(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "article tag"


class TaggedArticle(TagLink):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(ArticleTag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = "tag of an article"
        constraints = [one_link_per_tag("unique_article_tag")]


class Article(PublishableMixin, VersionedModel, SearchIndexedModel, AuditedModel):
    class Kind(models.TextChoices):
        NEWS_RELEASE = "news", "News release"
        BLOG_POST = "blog", "Blog post"
        FEATURE = "feature", "Feature"

    Status = PublicationStatus

    kind = models.CharField(max_length=10, choices=Kind, default=Kind.NEWS_RELEASE)
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The end of the article's address, after /news/."
    )
    summary = models.TextField(
        max_length=500, help_text="One or two sentences for lists, feeds and link previews."
    )
    body = models.TextField(
        help_text="Markdown: ## headings, **bold**, *italic*, [links](https://...), "
        "lists and tables. HTML is shown as text."
    )
    byline = models.CharField(max_length=120, help_text="Who wrote it, as readers see it.")
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only publishers may publish, schedule or unpublish.",
    )
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it goes public (UTC). In the future with status Published: scheduled. "
        "Left empty when publishing: now.",
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    expeditions = models.ManyToManyField("stations.Expedition", blank=True, related_name="articles")
    astronauts = models.ManyToManyField(
        "stations.Astronaut", blank=True, related_name="articles", verbose_name="crew"
    )
    spacewalks = models.ManyToManyField("stations.Spacewalk", blank=True, related_name="articles")
    visits = models.ManyToManyField(
        "stations.Visit", blank=True, related_name="articles", verbose_name="vehicles"
    )
    hero = optional_image("The picture at the top of the article and on its cards.")

    objects = SearchIndexedManager.from_queryset(ArticleQuerySet)()
    search_fields_by_weight = {"A": ("title",), "B": ("summary",), "C": ("body",)}

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_article", "Can publish articles")]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for("news:article_detail", self.slug)

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is used by another page; pick another."})

    @property
    def tag_list(self):
        """The tags in the order they were added; no query after ``with_tag_list()``."""
        links = getattr(self, "tag_links", None)
        if links is None:
            return list(self.tags.all())
        return [link.tag for link in links]

    @property
    def word_count(self):
        return len(self.body.split())

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @cached_property
    def body_html(self):
        """The body as safe HTML, cached per saved version of the article."""
        if self.pk is None or self.updated_at is None:
            return markdown.render(self.body)
        key = f"news.article:{self.pk}:v{self.version}:{self.updated_at.timestamp():.6f}"
        return markdown.render_cached(self.body, key)


def public_tags():
    """Tags that at least one published article carries (EXISTS stops at the first)."""
    now = timezone.now()
    carried = TaggedArticle.objects.filter(
        tag=OuterRef("pk"),
        content_object__status=Article.Status.PUBLISHED,
        content_object__publish_at__lte=now,
    )
    return ArticleTag.objects.filter(Exists(carried))
