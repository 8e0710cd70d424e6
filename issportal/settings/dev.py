"""Development settings: the default for manage.py. DEBUG on unless DEBUG=0."""

from .base import *  # noqa: F403
from .base import env_bool, env_list, env_str, require_secret_key

DEBUG = env_bool("DEBUG", True)
# A development-only key; with DEBUG off a real SECRET_KEY is required.
SECRET_KEY = require_secret_key(DEBUG, env_str("SECRET_KEY")) or "django-insecure-local-dev-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
