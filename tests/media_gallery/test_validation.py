"""Uploads are checked by content: each refusal says why, and nothing is stored."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from media_gallery import services
from media_gallery import validation
from media_gallery.forms import ImageForm
from media_gallery.models import Image

from .conftest import stored_files
from .factories import image_bytes
from .factories import upload

pytestmark = pytest.mark.django_db
FORMATS = validation.ALLOWED_LABEL  # "JPEG, PNG, WebP or AVIF" where Pillow reads AVIF


def png_header_only(width, height):
    """A tiny PNG that claims ``width`` x ``height`` pixels: a decompression bomb's header."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def submit(name, data, content_type="image/png", **fields):
    form = ImageForm(
        data={"title": "A picture", "alt_text": "The station over the Earth", **fields},
        files={"upload": upload(name, data, content_type)},
    )
    valid = form.is_valid()
    if valid:
        form.save()
    return form


def assert_refused(form, media_root, message):
    assert not form.is_valid()
    assert form.errors["upload"] == [message]
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("width", "height", "claimed"),
    [(20_000, 20_000, "400"), (10_000, 10_000, "100")],
    ids=["over twice Pillow's limit (error)", "over Pillow's limit (warning)"],
)
def test_decompression_bomb_is_refused(media_root, width, height, claimed):
    form = submit("bomb.png", png_header_only(width, height))
    assert_refused(
        form,
        media_root,
        "This file is a decompression bomb: a small file that claims "
        f"{claimed} megapixels once decoded. It was refused.",
    )


def test_gif_is_refused_as_a_format_not_taken(media_root):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "GIF")
    form = submit("animation.gif", buffer.getvalue(), "image/gif")
    assert_refused(form, media_root, f"This file is a GIF image; the site takes {FORMATS} only.")


def test_file_over_the_byte_limit_is_refused(media_root):
    data = image_bytes(64, 64) + b"\0" * (16 * 1024 * 1024)
    form = submit("huge.jpg", data, "image/jpeg")
    assert_refused(form, media_root, "The file is 16 MB; the limit is 15 MB.")


def test_image_over_the_pixel_limit_is_refused(media_root):
    buffer = io.BytesIO()
    PILImage.new("1", (10_000, 6_000)).save(buffer, "PNG")  # 60 megapixels, a few kB
    assert len(buffer.getvalue()) < validation.MAX_UPLOAD_BYTES
    form = submit("panorama.png", buffer.getvalue())
    assert_refused(form, media_root, "The image is 60 megapixels (10000 × 6000); the limit is 40.")


def test_truncated_jpeg_is_refused(media_root):
    data = image_bytes(800, 600, quality=95)
    form = submit("cut.jpg", data[: len(data) // 2], "image/jpeg")
    assert not form.is_valid()
    [message] = form.errors["upload"]
    assert message.startswith("The file is incomplete or damaged: its image data stops early")
    assert "image file is truncated" in message
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_html_behind_a_png_signature_is_refused(media_root):
    data = b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.cookie)</script></body></html>"
    form = submit("innocent.png", data)
    assert_refused(
        form,
        media_root,
        "This file starts like a PNG image but carries web page code (HTML or SVG) inside, "
        f"so it was refused: upload a plain {FORMATS}.",
    )


def test_html_appended_to_a_real_png_is_refused(media_root):
    data = image_bytes(64, 64, fmt="PNG") + b"<script>alert(1)</script>"
    form = submit("polyglot.png", data)
    assert form.errors["upload"][0].startswith("This file starts like a PNG image but carries")
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_svg_named_png_is_refused(media_root):
    data = (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
        b'height="10"><script>alert(1)</script></svg>'
    )
    form = submit("photo.png", data)
    assert_refused(form, media_root, f"This file is an SVG drawing, not a photo: upload {FORMATS}.")


def test_html_page_named_jpg_is_refused(media_root):
    form = submit("photo.jpg", b"<!DOCTYPE html><html><p>hello</p></html>", "image/jpeg")
    assert_refused(
        form, media_root, f"This file is a web page (HTML), not an image: upload {FORMATS}."
    )


def test_animated_webp_is_refused(media_root):
    frames = [PILImage.new("RGB", (40, 30), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:])
    form = submit("moving.webp", buffer.getvalue(), "image/webp")
    assert_refused(
        form, media_root, f"This image is animated (2 frames); upload a still {FORMATS}."
    )


def test_text_file_is_refused(media_root):
    form = submit("notes.png", b"Just some notes, not a picture at all.")
    assert_refused(
        form, media_root, f"This file is not an image the site can use: upload {FORMATS}."
    )


@pytest.mark.parametrize("alt", ["", "   ", "IMG_1234.jpg", "IMG_1234", "DSC01234", "upload.png"])
def test_alt_text_that_is_empty_or_a_file_name_is_refused(media_root, alt):
    form = submit("upload.png", image_bytes(64, 64, fmt="PNG"), alt_text=alt)
    assert not form.is_valid()
    assert "alt_text" in form.errors
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_alt_text_refusal_names_the_file_name():
    with pytest.raises(ValidationError) as error:
        validation.validate_alt_text("IMG_1234.jpg")
    assert error.value.messages == [
        "“IMG_1234.jpg” is a file name, not a description: say what the image shows."
    ]
    validation.validate_alt_text("Expedition 1 crew in the Zvezda module, 2000")
    validation.validate_alt_text("2001: the station seen from the Shuttle")


def test_good_upload_is_stored_under_a_server_made_name(media_root):
    form = submit("My Holiday <script>.jpg", image_bytes(800, 600), "image/jpeg")
    assert form.errors == {}
    image = Image.objects.get()
    assert image.file.name.startswith(f"images/originals/{image.content_hash[:2]}/")
    assert image.file.name.endswith(".jpg")
    assert "Holiday" not in image.file.name
    assert (image.width, image.height) == (800, 600)
    assert form.created


def test_same_bytes_uploaded_again_reuse_the_image(media_root):
    data = image_bytes(800, 600)
    first = services.ingest(upload("a.jpg", data), title="First", alt_text="A grey square")
    files = stored_files(media_root)
    second = services.ingest(upload("b.jpg", data), title="Second", alt_text="Another square")
    assert first.created and not second.created
    assert second.image.pk == first.image.pk
    assert Image.objects.get().title == "First"
    assert stored_files(media_root) == files


def test_the_format_is_judged_by_content_not_by_name(media_root):
    """A PNG named .jpg is a PNG: stored as .png, as its bytes say."""
    form = submit("misnamed.jpg", image_bytes(100, 80, fmt="PNG"), "image/jpeg")
    assert form.errors == {}
    assert Image.objects.get().file.name.endswith(".png")
