"""Renditions: resized copies of an Image, re-encoded with Pillow, made once and reused.

Every rendition is encoded from pixels alone: no EXIF, no GPS, no XMP, no ICC profile
(colours are converted to sRGB first), so nothing about the camera or the place leaks.
Widths come from ``WIDTHS``; none is wider than the original, whose own width is the
largest when it is narrower than the widest step.
"""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import ImageCms, features

from .models import Rendition

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


def ensure(image, existing):
    """``existing`` plus whatever is missing, made now. Makes nothing when all are there."""
    have = {(r.width, r.format) for r in existing}
    missing = [spec for spec in wanted(image) if spec not in have]
    if not missing:
        return existing
    return existing + make(image, missing)


def make(image, specs, written=None):
    """Encode and store the renditions ``specs`` [(width, format)] of ``image``.

    ``written``, when given, collects each stored file's name as it is written, so a
    caller can remove them if its transaction fails.
    """
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
            made.append(_store(image, width, height, fmt, encode(current, fmt), written))
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


def _store(image, width, height, fmt, data, written):
    rendition = Rendition(image=image, width=width, height=height, format=fmt)
    rendition.file.save(f"{width}.{rendition.extension}", ContentFile(data), save=False)
    if written is not None:
        written.append(rendition.file.name)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made the same rendition a moment ago: use that one. Its file may
        # have the very name this one was written under (object storage overwrites rather
        # than renaming), and then it is theirs to keep.
        theirs = Rendition.objects.filter(image=image, width=width, format=fmt).first()
        if theirs is None or theirs.file.name != rendition.file.name:
            rendition.file.delete(save=False)
        return theirs
    return rendition
