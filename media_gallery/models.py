"""One image model for the whole site, its renditions, and ordered galleries.

An Image is made only through ``media_gallery.services.ingest``, which checks the upload
by content (``validation.check_upload``), stores a clean copy under a server-made name and
asks a background task for the renditions (``media_gallery.tasks``). Pages show images
with ``{% picture %}`` from the ``pictures`` tag library, which reads renditions
prefetched by ``ImageQuerySet.with_renditions()``.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager

from issportal.links import url_for
from issportal.markdown import content_key, render_cached
from issportal.models import AuditedModel, SearchIndexedManager, SearchIndexedModel
from issportal.publishing import PublicationStatus, PublishableMixin, PublishableQuerySet
from issportal.tagging import TagLink, Vocabulary, one_link_per_tag
from issportal.versioning import VersionedModel

from . import validation


def original_path(instance, filename):
    """images/originals/<first two hex digits of the hash>/<uuid>.<ext>; never the upload's name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in validation.ALLOWED_FORMATS.values():
        extension = "bin"
    prefix = (instance.content_hash or uuid.uuid4().hex)[:2]
    return f"images/originals/{prefix}/{uuid.uuid4().hex}.{extension}"


def rendition_path(instance, filename):
    image = instance.image
    return (
        f"images/renditions/{image.content_hash[:2]}/{image.content_hash[:16]}/"
        f"{instance.width}.{instance.extension}"
    )


# Staff choose the home page's opening photograph by giving an image this tag.
HOME_HERO_TAG = "home-hero"
# Photographs (not drawings) carry this tag; with ``visit-<slug>`` or ``expedition-<n>`` they
# show on those records' pages.
PHOTO_TAG = "photo"


class ImageQuerySet(models.QuerySet):
    def with_renditions(self):
        """Fetch every image's renditions in one query, for ``{% picture %}``."""
        return self.prefetch_related("renditions")

    def photos_of(self, tag):
        """The photographs showing a record, by its tag (``visit-<slug>``, ``expedition-<n>``),
        with their renditions: two queries."""
        return (
            self.filter(tags__name=PHOTO_TAG)
            .filter(tags__name=tag)
            .prefetch_related("renditions")
            .order_by("taken_at", "pk")
        )

    def home_hero(self):
        """The home page's opening photograph: the first image tagged ``home-hero``."""
        return self.filter(tags__name=HOME_HERO_TAG).order_by("pk").first()


class ImageTag(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "image tag"


class TaggedImage(TagLink):
    content_object = models.ForeignKey("Image", on_delete=models.CASCADE)
    tag = models.ForeignKey(ImageTag, on_delete=models.CASCADE, related_name="tagged_images")

    class Meta:
        verbose_name = "tag of an image"
        constraints = [one_link_per_tag("unique_image_tag")]


class RenditionsStatus(models.TextChoices):
    """Where an image's renditions stand: made by a background task after the upload."""

    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Image(VersionedModel, AuditedModel):
    RenditionsStatus = RenditionsStatus

    file = models.FileField(upload_to=original_path, max_length=200, editable=False)
    title = models.CharField(max_length=200)
    alt_text = models.CharField(
        max_length=300,
        validators=[validation.validate_alt_text],
        help_text="What the image shows, for people who cannot see it. Not a file name.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Who made the image.")
    license = models.CharField(max_length=100, blank=True, help_text="For example “CC0 1.0”.")
    source_url = models.URLField(
        "source page",
        max_length=300,
        blank=True,
        help_text="Where the image was published, for example its page on nasa.gov.",
    )
    taken_at = models.DateField("date taken", null=True, blank=True)
    tags = TaggableManager(through=TaggedImage, blank=True)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 of the uploaded bytes: the same file uploaded again is this image.",
    )
    renditions_status = models.CharField(
        "renditions",
        max_length=10,
        choices=RenditionsStatus,
        default=RenditionsStatus.PROCESSING,
        editable=False,
    )
    renditions_error = models.TextField("why the renditions failed", blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["credit"]), models.Index(fields=["license"])]

    def __str__(self):
        return self.title

    @property
    def credit_line(self):
        """The credit as pages show it: "Photo: NASA" for a photo from a source page."""
        if self.source_url and self.credit and ":" not in self.credit:
            return f"Photo: {self.credit}"
        return self.credit

    @property
    def megapixels(self):
        return validation.megapixels(self.width * self.height)

    def rendition_specs(self):
        """The (width, format) pairs this image should have, never wider than the original."""
        from .renditions import wanted  # here, not at the top: renditions imports this module

        return wanted(self)

    def get_renditions(self):
        """The renditions made so far (none while processing); no query when prefetched.

        Never makes one: the background task ``media_gallery.tasks.make_renditions`` does.
        """
        return list(self.renditions.all())


class Rendition(models.Model):
    """A resized, re-encoded copy of an Image with no metadata at all; made once, then reused."""

    class Format(models.TextChoices):
        AVIF = "avif", "AVIF"
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    # Made in a batch by the background task, which moves the page cache's generation once
    # when the batch is done (issportal/cache.py), not once per rendition.
    shown_on_pages = False

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=Format)
    file = models.FileField(upload_to=rendition_path, max_length=200)

    class Meta:
        ordering = ["image", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="unique_rendition_per_size_and_format"
            )
        ]

    def __str__(self):
        return f"{self.image} ({self.width} px, {self.get_format_display()})"

    @property
    def extension(self):
        return "jpg" if self.format == self.Format.JPEG else self.format

    @property
    def mime_type(self):
        return f"image/{self.format}"

    @property
    def url(self):
        return self.file.url


class GalleryQuerySet(PublishableQuerySet):
    def visible_to(self, user):
        """Those who may edit galleries preview drafts and scheduled ones; others see the
        published ones."""
        return self.all() if user.has_perm("media_gallery.change_gallery") else self.published()


class Gallery(PublishableMixin, VersionedModel, SearchIndexedModel, AuditedModel):
    Status = PublicationStatus

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(
        blank=True, help_text="Markdown: paragraphs, *emphasis*, **bold**, lists and links."
    )
    cover = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on the list of galleries; the first image when empty.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Published galleries appear from this moment; empty means now.",
    )
    images = models.ManyToManyField(Image, through="GalleryImage", related_name="galleries")

    objects = SearchIndexedManager.from_queryset(GalleryQuerySet)()
    search_fields_by_weight = {"A": ("title",), "C": ("description",)}

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name_plural = "galleries"
        permissions = [("publish_gallery", "Can publish galleries")]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "publish_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("media_gallery:gallery_detail", self.slug)

    @cached_property
    def description_html(self):
        return render_cached(self.description, content_key(self.description))


def renumber_gallery(gallery):
    """Positions 1, 2, 3... in the order staff set; rows added without one go last."""
    items = sorted(
        gallery.items.all(), key=lambda item: (item.position == 0, item.position, item.pk)
    )
    changed = []
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number
            changed.append(item)
    GalleryImage.objects.bulk_update(changed, ["position"])
    return bool(changed)


class GalleryImage(models.Model):
    """An image's place in a gallery, with an optional caption for this gallery only."""

    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="gallery_items")
    position = models.PositiveIntegerField(default=0, db_index=True)
    caption = models.TextField(
        blank=True, help_text="Replaces the image's own caption in this gallery."
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "image in gallery"
        verbose_name_plural = "images in gallery"
        constraints = [
            models.UniqueConstraint(fields=["gallery", "image"], name="unique_image_per_gallery")
        ]

    def __str__(self):
        return f"{self.gallery}: {self.image} (#{self.position})"

    def get_absolute_url(self):
        return url_for("media_gallery:image_detail", self.gallery.slug, self.image_id)

    @property
    def display_caption(self):
        return self.caption or self.image.caption
