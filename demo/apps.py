from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development content: the illustrations drawn with Pillow and their galleries.

    Installed by the development and test settings only; production ships the NASA
    photographs (media_gallery/initial_photos/) and not this generator.
    """

    name = "demo"
    verbose_name = "Demo content"
