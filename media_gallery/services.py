"""Making Images from uploads: the single path shared by the form, the admin and the command."""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from . import renditions, tasks, validation
from .models import Image

# How the cleaned original is written: same format as uploaded, oriented, sRGB, no metadata.
_ORIGINAL_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 92, "method": 4},
    "AVIF": {"quality": 85, "speed": 6},
}


@dataclass
class Ingested:
    image: Image
    created: bool


def find_duplicate(checked: validation.CheckedUpload) -> Image | None:
    return Image.objects.filter(content_hash=checked.sha256).first()


def ingest(file, *, user=None, file_name=None, tags=(), written=None, **fields) -> Ingested:
    """Check ``file`` by content and store it as an Image; its renditions follow in the
    background (``tasks.make_renditions``, enqueued once the transaction commits).

    The same bytes uploaded again return the existing Image (``created`` False) and store
    nothing. A refusal raises ValidationError, from the content checks or the model's own
    validation (alt text, title...), before anything is written. ``written``, when given,
    collects the names of the files stored, for a caller whose own transaction may fail.
    """
    checked = validation.check_upload(file)
    return ingest_checked(
        checked, user=user, file_name=file_name, tags=tags, written=written, **fields
    )


def ingest_checked(
    checked, *, user=None, file_name=None, tags=(), written=None, **fields
) -> Ingested:
    existing = find_duplicate(checked)
    if existing is not None:
        return Ingested(existing, created=False)

    if fields.get("taken_at") is None and checked.taken_at:
        fields["taken_at"] = checked.taken_at
    image = Image(
        content_hash=checked.sha256,
        width=checked.width,
        height=checked.height,
        created_by=user,
        updated_by=user,
        **fields,
    )
    image.full_clean(exclude=["file", "content_hash"])
    if file_name:
        try:
            validation.validate_alt_text(image.alt_text, file_name)
        except ValidationError as error:
            raise ValidationError({"alt_text": error.error_list}) from None
    mine = []  # the files this call stores, removed again if it fails
    image.file.save(f"original.{checked.extension}", ContentFile(clean_original(checked)), False)
    mine.append(image.file.name)
    try:
        with transaction.atomic():
            image.save()
            if tags:
                image.tags.set(list(tags))
            tasks.enqueue_renditions(image)
    except IntegrityError:
        # The same bytes were saved by someone else a moment ago: use theirs.
        delete_files(mine)
        duplicate = Image.objects.filter(content_hash=checked.sha256).first()
        if duplicate is None:
            raise
        return Ingested(duplicate, created=False)
    except BaseException:
        delete_files(mine)
        raise
    if written is not None:
        written.extend(mine)
    return Ingested(image, created=True)


def clean_original(checked: validation.CheckedUpload) -> bytes:
    """The upload re-encoded as stored: orientation applied, sRGB, every metadata block gone."""
    im = renditions.to_srgb(checked.image)
    if checked.format == "JPEG" and im.mode not in {"RGB", "L"}:
        im = im.convert("RGB")
    buffer = io.BytesIO()
    im.save(buffer, checked.format, **_ORIGINAL_OPTIONS[checked.format])
    return buffer.getvalue()


@contextmanager
def files_kept_only_if_saved():
    """A transaction that yields a list for the names of the files stored in it; if the
    transaction fails, those files are removed again, so the load is all or nothing."""
    written = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        delete_files(written)
        raise


def delete_files(names) -> None:
    """Remove stored files by name, ignoring those already gone."""
    for name in dict.fromkeys(n for n in names if n):
        default_storage.delete(name)


def image_file_names(image: Image) -> list[str]:
    """The original's and every rendition's file name."""
    names = [image.file.name] if image.file else []
    return names + [name for name in image.renditions.values_list("file", flat=True) if name]
