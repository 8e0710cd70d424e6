"""Files follow their rows: deleting an Image or a Rendition removes its file once committed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Image
from .models import Rendition


def _delete_after_commit(field_file):
    if field_file and field_file.name:
        transaction.on_commit(partial(field_file.storage.delete, field_file.name))


@receiver(post_delete, sender=Image, dispatch_uid="media_gallery_image_file")
def delete_original(sender, instance, **kwargs):
    _delete_after_commit(instance.file)


@receiver(post_delete, sender=Rendition, dispatch_uid="media_gallery_rendition_file")
def delete_rendition(sender, instance, **kwargs):
    _delete_after_commit(instance.file)
