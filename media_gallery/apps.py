from django.apps import AppConfig


class MediaGalleryConfig(AppConfig):
    name = "media_gallery"
    verbose_name = "Images and galleries"

    def ready(self):
        from . import signals  # noqa: F401
