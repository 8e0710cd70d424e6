from django.apps import AppConfig


class IssPortalConfig(AppConfig):
    name = "issportal"
    verbose_name = "ISS Portal"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
