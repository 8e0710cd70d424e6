from django.apps import AppConfig


class IssPortalConfig(AppConfig):
    name = "issportal"
    verbose_name = "ISS Portal"
