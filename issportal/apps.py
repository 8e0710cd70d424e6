from django.apps import AppConfig


class IssPortalConfig(AppConfig):
    name = "issportal"
    verbose_name = "ISS Portal"

    def ready(self):
        from .cache import connect_signals
        from .log import stamp_records_with_request_id

        connect_signals()
        stamp_records_with_request_id()
