"""Development settings: the default for manage.py. DEBUG on unless DEBUG=0."""

import importlib.util

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, env_bool, env_list, env_str, require_secret_key

DEBUG = env_bool("DEBUG", True)
# A development-only key; with DEBUG off a real SECRET_KEY is required.
SECRET_KEY = require_secret_key(DEBUG, env_str("SECRET_KEY")) or "django-insecure-local-dev-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# The local staff account `make run` prints signs in with its password alone.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Development content: the drawn illustrations and their galleries (demo/). Production
# does not install it; it ships the NASA photographs instead.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# django-debug-toolbar, for signed-in staff only: it is a development tool (uv's dev
# group; production installs with --no-dev), and anonymous pages stay as the page
# cache keeps them.
if DEBUG and importlib.util.find_spec("debug_toolbar"):
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
    # After authentication, to tell staff; inside the gzip middleware, to see plain HTML.
    _after = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    # Its script and styles are files served from here, so the strict CSP holds.
    MIDDLEWARE = [
        *MIDDLEWARE[:_after],
        "debug_toolbar.middleware.DebugToolbarMiddleware",
        *MIDDLEWARE[_after:],
    ]
    DEBUG_TOOLBAR_CONFIG = {"SHOW_TOOLBAR_CALLBACK": "issportal.settings.dev.show_toolbar"}


def show_toolbar(request):
    return request.user.is_staff
