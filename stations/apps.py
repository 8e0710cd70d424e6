from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = "Station history"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
