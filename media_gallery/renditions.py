"""Renditions: resized copies of an Image, re-encoded with Pillow, made once and reused.

The background task ``media_gallery.tasks.make_renditions`` makes them after an upload
(``make_missing``); a page never does. Every rendition is encoded from pixels alone: no
EXIF, no GPS, no XMP, no ICC profile (colours are converted to sRGB first), so nothing
about the camera or the place leaks.
Widths come from ``WIDTHS``; none is wider than the original, whose own width is the
largest when it is narrower than the widest step.
"""

import io
import os
import tempfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import ImageCms, features

from .models import Rendition, rendition_path

WIDTHS = (320, 640, 960, 1280, 1920)

_ENCODERS = {
    Rendition.Format.AVIF: ("AVIF", {"quality": 60, "speed": 8}),
    Rendition.Format.WEBP: ("WEBP", {"quality": 80, "method": 4}),
    Rendition.Format.JPEG: ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}


# The longest side each encoder can write. A rendition longer than that (a very tall or
# very wide picture) is not made in that format; pages then offer the formats that were.
MAX_SIDE = {
    Rendition.Format.AVIF: 65_536,
    Rendition.Format.WEBP: 16_383,
    Rendition.Format.JPEG: 65_500,
}


def formats():
    """The formats every image gets, best first. AVIF only when Pillow can write it."""
    avif = getattr(settings, "MEDIA_GALLERY_AVIF", True) and features.check("avif")
    chosen = [Rendition.Format.WEBP, Rendition.Format.JPEG]
    return [Rendition.Format.AVIF, *chosen] if avif else chosen


def widths_for(original_width):
    largest = min(original_width, WIDTHS[-1])
    return sorted({w for w in WIDTHS if w < largest} | {largest})


def height_at(image, width):
    return max(1, round(image.height * width / image.width))


def fits(image, width, fmt):
    return max(width, height_at(image, width)) <= MAX_SIDE[fmt]


def wanted(image):
    return [
        (width, fmt)
        for fmt in formats()
        for width in widths_for(image.width)
        if fits(image, width, fmt)
    ]


def missing(image):
    """The (width, format) pairs ``image`` should have and has no row for yet."""
    have = set(image.renditions.values_list("width", "format"))
    return [spec for spec in wanted(image) if spec not in have]


def make_missing(image):
    """Make the renditions ``image`` lacks; those that exist are never made again."""
    specs = missing(image)
    return make(image, specs) if specs else []


def make(image, specs):
    """Encode and store the renditions ``specs`` [(width, format)] of ``image``."""
    with image.file.open("rb") as handle:
        source = PILImage.open(handle)
        source.load()
    source = to_srgb(source)
    made = []
    # Largest first, each smaller one resized from the one before: fast and sharp enough.
    current = source
    for width in sorted({w for w, _ in specs}, reverse=True):
        height = height_at(image, width)
        if current.size != (width, height):
            current = current.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3)
        for fmt in [f for w, f in specs if w == width]:
            made.append(_store(image, width, height, fmt, encode(current, fmt)))
    return [r for r in made if r is not None]


def to_srgb(im):
    """Pixels in sRGB, in a mode the encoders take, with no metadata left on the image."""
    icc = im.info.get("icc_profile")
    if im.mode not in {"RGB", "RGBA", "L", "LA"}:
        has_alpha = im.mode in {"PA", "P"} and "transparency" in im.info or "A" in im.mode
        im = im.convert("RGBA" if has_alpha else "RGB")
    if icc and im.mode in {"RGB", "RGBA"}:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            im = ImageCms.profileToProfile(
                im, source_profile, ImageCms.createProfile("sRGB"), outputMode=im.mode
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # an unreadable profile: keep the pixels as they are
    im = im.copy()
    im.info = {}
    return im


def encode(im, fmt):
    """The bytes of ``im`` in ``fmt``, with nothing but pixels: no EXIF, XMP or ICC."""
    pil_format, options = _ENCODERS[fmt]
    if fmt == Rendition.Format.JPEG and im.mode not in {"RGB", "L"}:
        im = _flatten(im)
    elif im.mode == "LA":
        im = im.convert("RGBA")
    im = im.copy()
    im.info = {}
    buffer = io.BytesIO()
    im.save(buffer, pil_format, **options)
    return buffer.getvalue()


def _flatten(im):
    rgba = im.convert("RGBA")
    background = PILImage.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _store(image, width, height, fmt, data):
    """Write the file under its fixed name, then add its row; return the row.

    Two workers may make the same rendition at once; both write the same pixels, and the
    file is replaced whole, so a reader never sees half of one. The row's unique
    constraint keeps one row; the other worker uses it (and leaves the file, which is that
    row's too).
    """
    rendition = Rendition(image=image, width=width, height=height, format=fmt)
    name = _write_whole(rendition_path(rendition, None), data)
    rendition.file.name = name
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        return Rendition.objects.filter(image=image, width=width, format=fmt).first()
    return rendition


def _write_whole(name, data):
    """Put ``data`` at ``name`` so that nobody ever reads a part of it; return the name.

    On disk: a temporary file beside the final one, renamed into place. Object storage
    (no local paths) replaces an object whole on every upload, and overwrites rather than
    renaming (``file_overwrite`` in the S3 settings), so the name stays the same.
    """
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        return default_storage.save(name, ContentFile(data))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".making-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, default_storage.file_permissions_mode or 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return name
