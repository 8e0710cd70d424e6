"""Renditions: no metadata, oriented, never upscaled, made once and reused."""

import io
import re

import pytest
from django.db import connection
from django.template import Context
from django.template import Template
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage

from media_gallery import renditions
from media_gallery import services
from media_gallery.models import Image
from media_gallery.models import Rendition

from .conftest import stored_files
from .factories import GalleryImageFactory
from .factories import ImageFactory
from .factories import gallery_with_images
from .factories import image_bytes
from .factories import upload

pytestmark = pytest.mark.django_db

ORIENTATION, GPS_IFD, MAKE = 0x0112, 0x8825, 0x010F


def jpeg_with_gps_and_orientation_6(width=800, height=600):
    exif = PILImage.Exif()
    exif[MAKE] = "Test camera"
    exif[ORIENTATION] = 6  # stored landscape, shown rotated 90° clockwise: portrait
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (51.0, 28.0, 38.0), 3: "W", 4: (0.0, 0.0, 5.0)})
    return image_bytes(width, height, exif=exif.tobytes())


def test_the_test_jpeg_really_carries_gps_and_orientation():
    source = PILImage.open(io.BytesIO(jpeg_with_gps_and_orientation_6()))
    assert source.getexif()[ORIENTATION] == 6
    assert source.getexif().get_ifd(GPS_IFD)[1] == "N"


def test_renditions_carry_no_exif_and_are_rotated(media_root):
    result = services.ingest(
        upload("IMG_0001.jpg", jpeg_with_gps_and_orientation_6()),
        title="Portrait",
        alt_text="A grey square on a coloured ground, upright",
    )
    image = result.image
    assert (image.width, image.height) == (600, 800)
    made = list(image.renditions.all())
    assert {(r.width, r.format) for r in made} == {
        (w, f) for w in (320, 600) for f in renditions.formats()
    }
    for rendition in [*made, image]:
        with rendition.file.open("rb") as handle:
            stored = PILImage.open(handle)
            stored.load()
            assert len(stored.getexif()) == 0, rendition.file.name
            assert "exif" not in stored.info, rendition.file.name
            assert "xmp" not in stored.info and "icc_profile" not in stored.info
            assert stored.width < stored.height  # portrait, as the camera meant
        if isinstance(rendition, Rendition):
            assert stored.size == (rendition.width, rendition.height)
            assert rendition.height == round(800 * rendition.width / 600)


def test_widths_never_exceed_the_original():
    assert renditions.widths_for(4000) == [320, 640, 960, 1280, 1920]
    assert renditions.widths_for(1000) == [320, 640, 960, 1000]
    assert renditions.widths_for(960) == [320, 640, 960]
    assert renditions.widths_for(200) == [200]


def render_picture(image, **options):
    arguments = " ".join(f'{key}="{value}"' for key, value in options.items())
    return Template("{% load pictures %}{% picture image " + arguments + " %}").render(
        Context({"image": image})
    )


def srcset_widths(html, kind):
    if kind == "img":
        match = re.search(r'<img [^>]*srcset="([^"]+)"', html)
    else:
        match = re.search(rf'<source type="image/{kind}" srcset="([^"]+)"', html)
    return [int(w) for w in re.findall(r" (\d+)w", match.group(1))]


@pytest.mark.parametrize(
    ("original", "expected"),
    [(2500, [320, 640, 960, 1280, 1920]), (1000, [320, 640, 960, 1000]), (300, [300])],
)
def test_srcset_lists_the_expected_widths_and_none_above_the_original(original, expected):
    image = ImageFactory(width=original, height=original // 2)
    html = render_picture(Image.objects.with_renditions().get(pk=image.pk))
    assert srcset_widths(html, "webp") == expected
    assert srcset_widths(html, "img") == expected
    assert max(srcset_widths(html, "img")) <= original


def test_picture_markup_reserves_space_and_loads_lazily():
    image = ImageFactory(width=1000, height=500, alt_text="Zarya & Unity <joined>")
    html = render_picture(image, sizes="50vw", **{"class": "hero"})
    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert '<source type="image/webp"' in html
    assert 'width="1000" height="500"' in html
    assert 'alt="Zarya &amp; Unity &lt;joined&gt;"' in html
    assert 'loading="lazy" decoding="async"' in html
    assert 'sizes="50vw"' in html and 'class="hero"' in html
    assert re.search(r'<img src="[^"]+/960\.jpg"', html)
    eager = render_picture(image, loading="eager")
    assert 'loading="eager"' in eager and 'fetchpriority="high"' in eager


def test_picture_makes_missing_renditions_once_then_reuses_them(media_root):
    image = ImageFactory(width=700, height=500)
    Rendition.objects.filter(image=image).delete()
    before = set(stored_files(media_root))
    render_picture(Image.objects.with_renditions().get(pk=image.pk))
    made = set(stored_files(media_root)) - before
    assert len(made) == len(renditions.formats()) * 3  # 320, 640 and 700
    after_first = stored_files(media_root)
    fresh = Image.objects.with_renditions().get(pk=image.pk)
    with CaptureQueriesContext(connection) as queries:
        render_picture(fresh)
    assert len(queries) == 0  # prefetched: no query, no new file
    assert stored_files(media_root) == after_first


def test_gallery_page_rendered_twice_makes_no_file_and_the_same_queries(client, media_root):
    gallery = gallery_with_images(4)
    GalleryImageFactory(gallery=gallery, image=ImageFactory(width=1500, height=1000))
    Rendition.objects.all().delete()  # made on first use, then reused
    url = gallery.get_absolute_url()

    def render():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    first = render()
    files = stored_files(media_root)
    count = Rendition.objects.count()
    second = render()
    third = render()
    assert stored_files(media_root) == files
    assert Rendition.objects.count() == count
    assert second == third < first


def test_deleting_an_image_removes_its_files(media_root, django_capture_on_commit_callbacks):
    image = ImageFactory()
    assert stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert stored_files(media_root) == []
