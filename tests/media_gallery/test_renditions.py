"""Renditions: no metadata, oriented, never upscaled, made once (in the background), reused."""

import io
import re

import pytest
from django.template import Context, Template
from PIL import Image as PILImage

from media_gallery import renditions, services
from media_gallery.models import Image, Rendition
from media_gallery.tasks import make_renditions

from .conftest import stored_files
from .factories import GalleryImageFactory, ImageFactory, gallery_with_images, image_bytes, upload

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
    make_renditions.call(image.pk)  # as the worker does
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


def processing_image(**fields):
    """An uploaded image whose renditions the worker has not made yet."""
    return services.ingest(
        upload("drawing.jpg", image_bytes(700, 500)),
        title="Unity node",
        alt_text="A grey square on a coloured ground",
        **fields,
    ).image


def test_a_processing_image_shows_its_original_and_a_page_makes_no_rendition(media_root):
    image = processing_image()
    assert image.renditions_status == "processing"
    before = stored_files(media_root)
    html = render_picture(Image.objects.with_renditions().get(pk=image.pk), **{"class": "hero"})
    assert html == (
        f'<img src="{image.file.url}" width="700" height="500" '
        'alt="A grey square on a coloured ground" loading="lazy" decoding="async" class="hero">'
    )
    assert stored_files(media_root) == before and not Rendition.objects.exists()


def test_picture_lists_only_the_renditions_that_exist():
    image = ImageFactory(width=1000, height=500)
    image.renditions.filter(format="webp").delete()
    image.renditions.filter(format="jpeg", width__in=[320, 640]).delete()
    html = render_picture(Image.objects.with_renditions().get(pk=image.pk))
    assert '<source type="image/webp"' not in html
    assert srcset_widths(html, "img") == [960, 1000]
    for url in re.findall(r"(/media/[^ \"]+)", html):
        assert Rendition.objects.filter(file=url.removeprefix("/media/")).exists(), url


def test_the_task_makes_only_what_is_missing_and_never_a_file_twice(media_root):
    image = processing_image()
    assert make_renditions.call(image.pk) == len(renditions.formats()) * 3  # 320, 640, 700
    image.refresh_from_db()
    assert image.renditions_status == "ready"
    files = {name: (media_root / name).stat().st_mtime_ns for name in stored_files(media_root)}
    assert make_renditions.call(image.pk) == 0  # all there: nothing made, nothing written
    assert {n: (media_root / n).stat().st_mtime_ns for n in stored_files(media_root)} == files
    image.renditions.get(width=640, format="jpeg").delete()
    assert make_renditions.call(image.pk) == 1
    assert image.renditions.filter(width=640, format="jpeg").exists()


def test_two_workers_on_one_image_leave_whole_files_and_one_row_each(media_root):
    image = processing_image()
    specs = renditions.wanted(image)
    first = renditions.make(image, specs)
    # A second worker that read "missing" before the first one saved: it writes the same
    # files again, under temporary names moved into place, and keeps the first one's rows.
    second = renditions.make(image, specs)
    assert [r.pk for r in second] == [r.pk for r in first]
    assert Rendition.objects.filter(image=image).count() == len(specs)
    names = stored_files(media_root)
    assert not [n for n in names if ".making-" in n]  # no temporary file left behind
    for rendition in first:
        with rendition.file.open("rb") as handle:
            stored = PILImage.open(handle)
            stored.load()
        assert stored.size == (rendition.width, rendition.height)


def test_a_deleted_image_is_skipped_by_its_task():
    image = processing_image()
    pk = image.pk
    image.delete()
    assert make_renditions.call(pk) == 0
    assert not Rendition.objects.exists()


def test_gallery_page_of_processing_images_makes_no_file(client, media_root):
    gallery = gallery_with_images(1)
    GalleryImageFactory(gallery=gallery, image=processing_image())
    files = stored_files(media_root)
    renditions_before = Rendition.objects.count()
    html = client.get(gallery.get_absolute_url()).content.decode()
    assert html.count("<picture>") == 1 and "/originals/" in html
    assert stored_files(media_root) == files
    assert Rendition.objects.count() == renditions_before


def test_deleting_an_image_removes_its_files(media_root, django_capture_on_commit_callbacks):
    image = ImageFactory()
    assert stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert stored_files(media_root) == []
