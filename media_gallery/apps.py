from django.apps import AppConfig


class MediaGalleryConfig(AppConfig):
    name = "media_gallery"
    verbose_name = "Images and galleries"

    def ready(self):
        from issportal.cache import register_schedule

        from . import signals  # noqa: F401
        from .models import Gallery

        # Cached pages move on by themselves when a scheduled gallery goes live.
        register_schedule(Gallery.objects.next_publish_time)
