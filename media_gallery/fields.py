from django.db import models


def optional_image(help_text):
    """A picture from the site's one Image model, for any record (patch, portrait, hero...)."""
    return models.ForeignKey(
        "media_gallery.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )
