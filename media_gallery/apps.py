from django.apps import AppConfig

from issportal.roles import ALL, EDITORS, PUBLISHERS


class MediaGalleryConfig(AppConfig):
    name = "media_gallery"
    verbose_name = "Images and galleries"
    # What each staff role may do here (issportal.roles reads it, in migrations too).
    role_permissions = {
        EDITORS: {
            "gallery": ("add", "change", "view"),
            "galleryimage": ALL,
            "image": ("add", "change", "view"),
            "imagetag": ("add", "view"),
        },
        PUBLISHERS: {"gallery": ("delete", "publish"), "image": ("delete",)},
    }

    def ready(self):
        from issportal import registry
        from issportal.cache import register_schedule

        from . import signals  # noqa: F401 - connects the receivers
        from .models import Gallery

        # Its tags are its own models (ImageTag, TaggedImage), so content too.
        registry.register_content_app(self)
        # Cached pages move on by themselves when a scheduled gallery goes live.
        register_schedule(Gallery.objects.next_publish_time)
