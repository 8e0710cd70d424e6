"""Factories for images and galleries. Images go through services.ingest, like real uploads."""

import datetime
import io
import itertools

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageDraw

from media_gallery import services
from media_gallery.models import Gallery, GalleryImage, Image
from media_gallery.tasks import make_renditions

_variants = itertools.count(1)


def image_bytes(width=800, height=600, fmt="JPEG", mode="RGB", exif=None, **options):
    """A small drawing that differs from every other one made here (so hashes differ)."""
    n = next(_variants)
    im = PILImage.new(mode, (width, height), ((n * 37) % 256, (n * 91) % 256, 160)[: len(mode)])
    draw = ImageDraw.Draw(im)
    draw.rectangle(
        (width // 8, height // 8, width // 2, height // 2), fill=(240, 240, 240)[: len(mode)]
    )
    draw.text((10, 10), f"#{n}", fill=(0, 0, 0)[: len(mode)])
    buffer = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    im.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(name="drawing.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type)


class ImageFactory(factory.Factory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Test drawing {n}")
    alt_text = factory.LazyAttribute(lambda o: f"A grey square on a coloured ground ({o.title})")
    caption = ""
    credit = "Illustration: test suite"
    license = "CC0 1.0"
    width = 800
    height = 600

    @classmethod
    def _create(cls, model_class, width, height, user=None, tags=(), **fields):
        data = image_bytes(width, height)
        image = services.ingest(upload("drawing.jpg", data), user=user, tags=tags, **fields).image
        # A test's transaction never commits, so the upload's task is not enqueued: run it
        # here, as the worker would, for an image with its renditions made.
        make_renditions.call(image.pk)
        image.refresh_from_db(fields=["renditions_status", "renditions_error"])
        return image


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gallery

    title = factory.Sequence(lambda n: f"Gallery {n}")
    slug = factory.Sequence(lambda n: f"gallery-{n}")
    description = "Drawings of the station."
    status = Gallery.Status.PUBLISHED
    publish_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


class GalleryImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GalleryImage

    gallery = factory.SubFactory(GalleryFactory)
    image = factory.SubFactory(ImageFactory)
    position = factory.Sequence(lambda n: n + 1)


def gallery_with_images(count=3, **fields):
    gallery = GalleryFactory(**fields)
    for position in range(1, count + 1):
        GalleryImageFactory(gallery=gallery, position=position)
    return gallery
