"""Settings for the test suite (pytest-django)."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Staff sign in with a password alone, but in the tests of two-factor sign-in.
REQUIRE_TWO_FACTOR = False
# The development content (drawn illustrations), as `make run` loads it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
# Tests measure real rendering; the page cache's own tests switch it on.
PAGE_CACHE = False
# Tests change data without committing, so nothing would move the generation on.
DERIVED_DATA_CACHE = False
GENERATION_MEMO_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run at once where they are enqueued (after the commit, which tests capture); the
# tests of the worker itself switch to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Uploads and renditions of this run only, removed when the run ends.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="issportal-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
