from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IssPortalConfig(AppConfig):
    default = True
    name = "issportal"
    verbose_name = "ISS Portal"

    def ready(self):
        from .cache import connect_signals
        from .log import stamp_records_with_request_id

        connect_signals()
        stamp_records_with_request_id()


class IssPortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with the project's site (two-factor sign-in) as ``admin.site``."""

    default = False
    default_site = "issportal.admin_site.IssPortalAdminSite"


# Third-party apps, named for the people who read the admin's index.
class LoginAttemptsConfig(axes_apps.AppConfig):
    default = False
    verbose_name = "Login attempts"
