"""Upload checks by content: the one place that decides whether a file may become an Image.

The model form, the admin's bulk upload and the ``load_initial_photos`` and
``load_gallery_images`` commands all call ``check_upload``. It reads the bytes, never trusts
the file name or the browser's content type, and refuses with a ``ValidationError`` that says why:

- more than ``MAX_UPLOAD_BYTES`` bytes, or an empty file;
- markup: an SVG drawing or an HTML page, even behind a ``.png`` name or an image signature;
- any format but JPEG, PNG, WebP (and AVIF when Pillow can read it): GIF, BMP, TIFF, HEIC...;
- animated images;
- decompression bombs (Pillow's warning is treated as an error), images over
  ``MAX_PIXELS`` and images with a side over ``MAX_SIDE``, all judged from the header
  before any pixel is decoded;
- truncated or damaged files, found by decoding every pixel.

Nothing is written anywhere here: a refused file leaves no trace.
"""

import datetime
import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from PIL import ImageOps
from PIL import UnidentifiedImageError
from PIL import features

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
# The longest side a JPEG can have: every image gets a JPEG rendition.
MAX_SIDE = 65_500

# Pillow format name -> file extension. Only these decoders are ever run on an upload.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
if features.check("avif"):
    ALLOWED_FORMATS["AVIF"] = "avif"

_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF"}
ALLOWED_LABEL = ", ".join(_LABELS[f] for f in list(ALLOWED_FORMATS)[:-1]) + (
    f" or {_LABELS[list(ALLOWED_FORMATS)[-1]]}"
)

# Signatures of formats people often try, so the refusal can name what the file is.
_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"8BPS", "Photoshop (PSD)"),
    (b"\x00\x00\x01\x00", "icon (ICO)"),
)
_ISO_BRANDS = {
    b"avif": "AVIF",
    b"avis": "AVIF",
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
}

# Markup that a browser would run or render if the file were ever served as HTML or SVG.
_MARKUP = re.compile(
    rb"<(?:(svg)|!doctype\s+html|html|head|body|script|iframe|object|embed)[\s>/]",
    re.IGNORECASE,
)

# A camera's or phone's own name for a file, with or without its extension: "IMG_1234",
# "DSC01234", "PXL_20240101_101010". Only the whole text counts, so real sentences pass.
_CAMERA_NAME = re.compile(
    r"(?:img|dsc[nf]?|pxl|gopr|mvimg|dji|sam|wp|photo|image|screenshot|scan|p)?"
    r"[\s_-]*[\d_-]{3,}[\w-]*(?:\.\w{3,4})?",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"^\S[^/\\]*\.(?:jpe?g|jfif|png|webp|avif|gif|bmp|tiff?|heic|heif|svg)$", re.IGNORECASE
)


@dataclass
class CheckedUpload:
    """An upload that passed every check, decoded, with EXIF orientation applied."""

    image: PILImage.Image
    format: str  # Pillow's name: "JPEG", "PNG", "WEBP" or "AVIF"
    sha256: str
    taken_at: datetime.date | None = None

    @property
    def extension(self) -> str:
        return ALLOWED_FORMATS[self.format]

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height


def megapixels(pixels: int) -> str:
    value = pixels / 1_000_000
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _sniff(data: bytes) -> str | None:
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data[4:8] == b"ftyp":
        return _ISO_BRANDS.get(data[8:12])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _too_large(size: int | None) -> ValidationError:
    limit = _megabytes(MAX_UPLOAD_BYTES)
    shown = _megabytes(size) if size is not None else limit
    if shown == limit:
        return _refuse(f"The file is over {limit} MB, the limit.", "too_large")
    return _refuse(f"The file is {shown} MB; the limit is {limit} MB.", "too_large")


def read_upload(file) -> bytes:
    """All the bytes of an uploaded file, refusing one over the byte limit before reading it."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _too_large(size)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(None)
    return data


def check_upload(file) -> CheckedUpload:
    """Check an uploaded file (any file-like object) by its content; see the module docstring."""
    return check_bytes(read_upload(file))


def check_bytes(data: bytes) -> CheckedUpload:
    if not data:
        raise _refuse("The file is empty.", "empty")

    sniffed = _sniff(data)
    markup = _MARKUP.search(data)
    if markup:
        if markup.group(1) and sniffed is None:
            raise _refuse(
                f"This file is an SVG drawing, not a photo: upload {ALLOWED_LABEL}.", "svg"
            )
        if sniffed is None:
            raise _refuse(
                f"This file is a web page (HTML), not an image: upload {ALLOWED_LABEL}.", "html"
            )
        raise _refuse(
            f"This file starts like a {_LABELS.get(sniffed, sniffed)} image but carries web page "
            f"code (HTML or SVG) inside, so it was refused: upload a plain {ALLOWED_LABEL}.",
            "markup",
        )
    if sniffed and sniffed not in ALLOWED_FORMATS:
        raise _refuse(
            f"This file is a {sniffed} image; the site takes {ALLOWED_LABEL} only.", "format"
        )

    image = _open(data)
    if image.format not in ALLOWED_FORMATS:  # pragma: no cover - formats= already limits this
        raise _refuse(f"This file is not a {ALLOWED_LABEL} image.", "format")
    if getattr(image, "n_frames", 1) > 1:
        raise _refuse(
            f"This image is animated ({image.n_frames} frames); upload a still {ALLOWED_LABEL}.",
            "animated",
        )
    width, height = image.size
    if max(width, height) > MAX_SIDE:
        raise _refuse(
            f"The image is {width} × {height} pixels; no side may be longer than "
            f"{MAX_SIDE:,} pixels, the most a JPEG (which every browser shows) can hold.",
            "too_long",
        )
    if width * height > MAX_PIXELS:
        raise _refuse(
            f"The image is {megapixels(width * height)} megapixels ({width} × {height}); "
            f"the limit is {megapixels(MAX_PIXELS)}.",
            "too_many_pixels",
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _refuse(
            "The file is incomplete or damaged: its image data stops early or is broken "
            f"({error}). Export it again and upload the new file.",
            "damaged",
        ) from None
    taken_at = _taken_at(image)
    try:
        oriented = ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block: keep the pixels as stored
        oriented = image
    oriented.format = image.format
    return CheckedUpload(
        image=oriented,
        format=image.format,
        sha256=hashlib.sha256(data).hexdigest(),
        taken_at=taken_at,
    )


def _open(data: bytes) -> PILImage.Image:
    # catch_warnings is process-wide, so two threads could race on the filter; the pixel
    # limit, checked next, is far below Pillow's bomb threshold and catches any that slip.
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            return PILImage.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
            pixels = _claimed_pixels(str(error))
            raise _refuse(
                "This file is a decompression bomb: a small file that claims "
                f"{pixels + ' ' if pixels else ''}megapixels once decoded. It was refused.",
                "bomb",
            ) from None
        except UnidentifiedImageError:
            raise _refuse(
                f"This file is not an image the site can use: upload {ALLOWED_LABEL}.",
                "format",
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise _refuse(
                f"The file is damaged and cannot be read as an image ({error}).", "damaged"
            ) from None


def _claimed_pixels(message: str) -> str:
    match = re.search(r"\((\d+) pixels\)", message)
    return megapixels(int(match.group(1))) if match else ""


def _taken_at(image: PILImage.Image) -> datetime.date | None:
    """The date the photo was taken, from EXIF DateTimeOriginal, when it makes sense."""
    try:
        value = image.getexif().get_ifd(0x8769).get(0x9003) or image.getexif().get(0x0132)
        day = datetime.datetime.strptime(str(value).strip()[:10], "%Y:%m:%d").date()
    except Exception:  # absent or malformed: no date
        return None
    return day if datetime.date(1990, 1, 1) <= day <= datetime.date.today() else None


def validate_alt_text(value: str, file_name: str | None = None) -> None:
    """Alt text must describe the image: not empty, not a file name like "IMG_1234.jpg"."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(
            "Describe what the image shows for people who cannot see it; alt text is required.",
            code="required",
        )
    names = set()
    if file_name:
        name = PurePath(file_name).name
        names = {name.lower(), PurePath(name).stem.lower()}
    if text.lower() in names or _FILE_NAME.match(text) or _CAMERA_NAME.fullmatch(text):
        raise ValidationError(
            f"“{text}” is a file name, not a description: say what the image shows.",
            code="file_name",
        )
