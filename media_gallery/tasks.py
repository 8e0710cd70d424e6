"""Background work on images: their renditions, made by a worker, never in a request.

An upload stores the original and asks for renditions once its transaction commits
(``enqueue_renditions``); the database-backed worker (``manage.py db_worker``, from
django-tasks-db) runs ``make_renditions``. Until then the image is "processing": pages
show its original (already stripped of metadata), and the admin says so.
"""

import logging
from functools import partial

from django.db import transaction
from django.tasks import task

from issportal.cache import content_changed

from . import renditions
from .models import Image

logger = logging.getLogger(__name__)


@task()
def make_renditions(image_pk):
    """Make the renditions image ``image_pk`` lacks, then mark it ready (or failed, with why).

    Safe to run twice, even at once: a rendition that exists is not made again, and files
    are written whole (``renditions._store``). An image deleted meanwhile is skipped.
    """
    image = Image.objects.filter(pk=image_pk).first()
    if image is None:
        return 0
    try:
        made = renditions.make_missing(image)
    except Exception as error:
        reason = str(error) or type(error).__name__
        Image.objects.filter(pk=image_pk).update(
            renditions_status=Image.RenditionsStatus.FAILED,
            renditions_error=f"{type(error).__name__}: {reason}"[:2000],
        )
        # Pages show the same as before (the original and any renditions made): no bump.
        raise
    Image.objects.filter(pk=image_pk).update(
        renditions_status=Image.RenditionsStatus.READY, renditions_error=""
    )
    # update() sends no signal: move the page cache on, so pages list the new renditions.
    content_changed()
    return len(made)


def enqueue_renditions(image):
    """Ask for ``image``'s renditions once the current transaction commits.

    Only its pk travels. A failure to enqueue is logged, not raised: the upload itself
    has committed, and "Make renditions again" in the admin asks once more.
    """
    transaction.on_commit(partial(make_renditions.enqueue, image.pk), robust=True)


def make_renditions_again(images):
    """Mark ``images`` processing and enqueue their renditions after commit (admin action)."""
    images = list(images)
    Image.objects.filter(pk__in=[image.pk for image in images]).update(
        renditions_status=Image.RenditionsStatus.PROCESSING, renditions_error=""
    )
    for image in images:
        enqueue_renditions(image)
    return len(images)
