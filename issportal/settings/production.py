"""Production settings: PostgreSQL with a pool, Redis, WhiteNoise, HTTPS only.

Everything required must come from the environment; a missing value stops
startup with a message that names it.
"""

import psycopg_pool
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured

from issportal import log

from .base import *  # noqa: F403
from .base import DATABASES
from .base import env_int
from .base import env_list
from .base import env_str


def required(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"The {name} environment variable is required in production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The ALLOWED_HOSTS environment variable is required in production.")

required("DATABASE_URL")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production.")
# psycopg's pool keeps connections open and checks each one before lending it,
# so a restarted PostgreSQL is met with fresh connections.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": 2,
    "max_size": 8,
    "timeout": 10,
    "check": psycopg_pool.ConnectionPool.check_connection,
}

CACHES = {
    "default": {
        "BACKEND": "issportal.redis_cache.RedisCache",
        "LOCATION": required("REDIS_URL"),
        "KEY_PREFIX": "issportal",
        # Fail fast when Redis is down: pages are then served from the database.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}

STORAGES = {
    "default": {"BACKEND": "issportal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One proxy in front by default (the one that terminates TLS); it must append the client's
# address to X-Forwarded-For. Set TRUSTED_PROXY_COUNT to the number of proxies that do.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# One JSON object per line on stderr: time, level, logger, message, request id, and for
# each request its method, path, status and duration (issportal/log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "issportal.log.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "issportal.requests": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
        # Requests for other host names are refused with 400; no need for a line each.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}


def _tag_request_id(event, hint):
    if current := log.request_id.get():
        event.setdefault("tags", {})["request_id"] = current
    return event


# Errors go to Sentry when SENTRY_DSN is set (and nowhere else otherwise). No personal
# data is sent; the request id ties an event to its log lines.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE") or None,
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
        before_send=_tag_request_id,
    )

# Publishers and superusers always sign in with a second factor here.
REQUIRE_TWO_FACTOR = True
