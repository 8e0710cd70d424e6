"""Whole-page cache for anonymous visitors that is never stale.

Every cached page's key holds the *content generation*: a number bumped after
any save or delete of content commits (admin, actions, importer, shell). A new
generation makes every older page unreachable at once, so nothing has to know
which pages a change affects. Scheduled content (something with a publish time
in the future) bumps the generation when that time passes, with no job to run.

When the cache server is down the site keeps serving, straight from the
database: every cache call here swallows connection errors.
"""

import datetime
import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

GENERATION_KEY = "content:generation"
NEXT_CHANGE_KEY = "content:next-scheduled-change"
PAGE_TIMEOUT = 300  # seconds a page stays in the server cache at most
BROWSER_MAX_AGE = 60  # seconds browsers and CDNs may reuse a page without asking
CONTENT_APPS = {"stations", "news", "media_gallery", "taggit"}

# Callables returning the next future publish time of scheduled content.
_schedules: list[Callable[[], datetime.datetime | None]] = []


def register_schedule(next_publish_time: Callable[[], datetime.datetime | None]) -> None:
    _schedules.append(next_publish_time)


RETRY_AFTER = 10  # seconds to leave a failed cache server alone
_cache_down_until = 0.0


def safe_cache_call(default, func, *args):
    """Call the cache; on failure, skip it for a while and answer ``default``."""
    global _cache_down_until
    if time.monotonic() < _cache_down_until:
        return default
    try:
        return func(*args)
    except Exception:  # noqa: BLE001 - a cache outage must never break a page
        logger.warning("cache unavailable; serving from the database", exc_info=True)
        _cache_down_until = time.monotonic() + RETRY_AFTER
        return default


def next_scheduled_change():
    times = [t for t in (schedule() for schedule in _schedules) if t is not None]
    return min(times) if times else None


def current_generation():
    """The content generation, moved on when scheduled content goes live."""
    generation = safe_cache_call(None, cache.get, GENERATION_KEY)
    if generation is None:
        generation = bump_generation()
    next_change = safe_cache_call(None, cache.get, NEXT_CHANGE_KEY)
    if next_change is not None and next_change != "none" and next_change <= timezone.now():
        generation = bump_generation()
    return generation


def bump_generation():
    generation = timezone.now().timestamp()
    next_change = next_scheduled_change()
    safe_cache_call(
        None,
        cache.set_many,
        {GENERATION_KEY: generation, NEXT_CHANGE_KEY: next_change or "none"},
        None,
    )
    return generation


def _content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        transaction.on_commit(bump_generation)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"issportal-cache-{signal!r}")


def _is_cacheable_request(request):
    return (
        settings.PAGE_CACHE
        and request.method in {"GET", "HEAD"}
        and not request.path.startswith("/admin/")
        and not request.user.is_authenticated
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET pages from the cache; staff pages are never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            response = self.get_response(request)
            if request.user.is_authenticated and not request.path.startswith("/admin/"):
                patch_cache_control(response, private=True, no_cache=True, no_store=True)
            return response

        key = self._key(request, current_generation())
        cached = safe_cache_call(None, cache.get, key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached

        response = self.get_response(request)
        if self._is_cacheable_response(request, response):
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date()
            if not response.has_header("ETag") and not response.streaming:
                digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
                response["ETag"] = f'"{digest}"'
            safe_cache_call(None, cache.set, key, response, PAGE_TIMEOUT)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _key(request, generation):
        url = request.build_absolute_uri()
        digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
        return f"page:{generation}:{request.method}:{digest}"

    @staticmethod
    def _is_cacheable_response(request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-cache" not in cache_control
            and "no-store" not in cache_control
            # A page that handed out a CSRF token is personal to its visitor.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
