"""Settings shared by every environment, read from the environment (see .env.example)."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def _load_dotenv(path: Path) -> None:
    """Read KEY=value lines from .env without overriding the real environment."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip().strip("'\"")
        if value:
            os.environ.setdefault(key.strip(), value)


_load_dotenv(BASE_DIR / ".env")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def require_secret_key(debug: bool, secret_key: str) -> str:
    if not secret_key and not debug:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is required when DEBUG is off."
        )
    return secret_key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "issportal.apps.IssPortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "taggit",
    "issportal.apps.LoginAttemptsConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "reversion",
    "django_tasks_db",
    "issportal",
    "stations",
    "news",
    "media_gallery",
]

MIDDLEWARE = [
    # First, so every response (cached ones too) carries a request id and is logged.
    "issportal.log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so that a cached page skips all that follows.
    "issportal.cache.AnonymousPageCacheMiddleware",
    "issportal.middleware.GZipPublicPagesMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out a username from an address after too many.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A user name is locked at one address after 5 failures (so nobody elsewhere can lock staff
# out), and an address after 20 failures across names; see issportal/login_throttle.py.
AXES_HANDLER = "issportal.login_throttle.LoginAttemptHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
# Publishers and superusers sign in with a second factor (issportal/two_factor.py).
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "ISS Portal"
# The client address: the peer's, or with proxies in front the one the nearest trusted
# proxies report (the N-th X-Forwarded-For entry from the right). Set it per deployment.
AXES_CLIENT_IP_CALLABLE = "issportal.login_throttle.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_VERBOSE = False

# "Assembly" and "assembly" are one tag (issue 16 found both, and a /news/tags/assembly_1/).
TAGGIT_CASE_INSENSITIVE = True

# Whole pages for anonymous visitors are cached; see issportal/cache.py.
PAGE_CACHE = True
# Figures derived from whole tables are kept per content generation (cache.per_generation).
DERIVED_DATA_CACHE = True
# Each process reads the content generation from the shared cache at most this often (a
# read costs a cached page 0.15 ms, half of what it costs to serve): a change saved on
# another server or worker shows within this many seconds; in the process that saved it,
# at once.
GENERATION_MEMO_SECONDS = 0.5
# Never looked up in the page cache: staff pages and the health check.
PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/healthz")
# How long a CDN or other shared cache in front may serve a page (s-maxage) without asking;
# browsers keep it a minute. Without CDN_PURGE an edit shows there within this time.
PAGE_SHARED_MAX_AGE = env_int("PAGE_SHARED_MAX_AGE", 300)
# The dotted path of a function that empties the CDN's copies of the pages, called after a
# content change commits (issportal.cache.purge_cdn); none by default.
CDN_PURGE = env_str("CDN_PURGE") or None

# The public documents `manage.py sync_station_status` reads (corquaid's International
# Space Station APIs: people in space, docked spacecraft), and its network timeout.
ISS_PEOPLE_URL = env_str(
    "ISS_PEOPLE_URL",
    "https://corquaid.github.io/international-space-station-APIs/JSON/people-in-space.json",
)
ISS_DOCKED_URL = env_str(
    "ISS_DOCKED_URL",
    "https://corquaid.github.io/international-space-station-APIs/JSON/iss-docked-spacecraft.json",
)
ISS_SYNC_TIMEOUT = env_int("ISS_SYNC_TIMEOUT", 20)

# Background tasks (Django's tasks framework), kept in the database and run by a worker
# beside the web server: `manage.py db_worker` (django-tasks-db). Image renditions are made
# there, never in a request (media_gallery/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

ROOT_URLCONF = "issportal.urls"
WSGI_APPLICATION = "issportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "issportal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ (git keeps no empty folder): make the file's folder.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and one writer work at once (runserver, browser tests).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A statement run five times on a connection is kept prepared, so PostgreSQL
    # parses it once (a tenth of a page's time). Each run still gets a plan for
    # its own values: a kept generic plan ranked 18,000 articles for a common word.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "server_side_binding": True,
            "prepare_threshold": 5,
            "options": "-c plan_cache_mode=force_custom_plan",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (production requires it), else files under var/: a cache the
# web server and the background worker share, so a page lists renditions once the worker
# made them (each process's own memory would keep the older page for minutes).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "issportal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "issportal",
            # Fail fast when Redis is down: pages are then served from the database.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Where uploads and their renditions are stored: "local" (the default, files under
# MEDIA_ROOT) or "s3" (a bucket, for more than one app server); see .env.example.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
S3_MEDIA_REQUIRED = (
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_REGION",
    "MEDIA_S3_ACCESS_KEY_ID",
    "MEDIA_S3_SECRET_ACCESS_KEY",
)
# Originals and renditions never change under their names (a new upload gets a new
# name; a rendition's name carries its image's hash, width and format): browsers and
# CDNs may keep them for a year.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def s3_media_storage() -> tuple[dict, str]:
    """django-storages' S3 backend from MEDIA_S3_* variables, and the media's public base URL.

    Addresses are plain and unsigned (``querystring_auth`` off), built by concatenation
    from the custom domain when there is one (a CDN), else the endpoint path-style
    (MinIO, Ceph, a local server), else AWS's own host for the bucket. No ACL is set on
    objects: the bucket policy decides, and production needs exactly this one:
    public ``s3:GetObject`` on ``arn:aws:s3:::BUCKET/images/*`` and no public
    ``s3:ListBucket``, so an object is read only by whoever has its unguessable name.
    """
    missing = [name for name in S3_MEDIA_REQUIRED if not env_str(name)]
    if missing:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE=s3 needs the {', '.join(missing)} environment "
            f"variable{'s' if len(missing) > 1 else ''} (see .env.example)."
        )
    bucket = env_str("MEDIA_S3_BUCKET")
    region = env_str("MEDIA_S3_REGION")
    endpoint_url = env_str("MEDIA_S3_ENDPOINT_URL")
    custom_domain = env_str("MEDIA_S3_CUSTOM_DOMAIN").strip("/")
    url_protocol = "https:"
    if endpoint_url:
        endpoint = urlsplit(endpoint_url)
        if endpoint.scheme not in {"http", "https"} or not endpoint.netloc:
            raise ImproperlyConfigured(
                f"MEDIA_S3_ENDPOINT_URL must be an http(s) URL, not {endpoint_url!r}."
            )
        if not custom_domain:
            url_protocol = f"{endpoint.scheme}:"
            custom_domain = f"{endpoint.netloc}{endpoint.path.rstrip('/')}/{bucket}"
    elif not custom_domain:
        custom_domain = f"{bucket}.s3.{region}.amazonaws.com"
    options = {
        "bucket_name": bucket,
        "region_name": region,
        "endpoint_url": endpoint_url or None,
        "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID"),
        "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY"),
        "custom_domain": custom_domain,
        "url_protocol": url_protocol,
        "querystring_auth": False,
        "default_acl": None,
        # Another server making the same rendition writes the same bytes under the same
        # name; overwriting spares a HEAD request before every write.
        "file_overwrite": True,
        "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
    }
    if endpoint_url:
        # S3-compatible servers answer at one host with the bucket in the path.
        options["addressing_style"] = "path"
    storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return storage, f"{url_protocol}//{custom_domain}/"


if MEDIA_STORAGE == "local":
    _media_backend = {"BACKEND": "issportal.storage.MediaStorage"}
    MEDIA_URL = "/media/"
elif MEDIA_STORAGE == "s3":
    _media_backend, MEDIA_URL = s3_media_storage()
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": _media_backend,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def media_origin(media_url: str) -> list[str]:
    """The origin pages load images from, for the CSP, when media live elsewhere."""
    parts = urlsplit(media_url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.netloc else []


# Security headers in every environment, so development and the browser tests
# meet the same rules as production. No 'unsafe-inline' anywhere: the site has
# no inline scripts or styles, and cached pages carry no nonces.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *media_origin(MEDIA_URL)],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Requests for other host names are refused with 400; no need for a traceback each.
    "loggers": {"django.security.DisallowedHost": {"handlers": ["null"], "propagate": False}},
}
