"""Whole-page cache for anonymous visitors that is never stale.

Every cached page's key holds the *content generation*: a number bumped after
any save or delete of content commits (admin, actions, importer, shell). A new
generation makes every older page unreachable at once, so nothing has to know
which pages a change affects. The process that saved sees the new generation at
once; other processes and servers within ``GENERATION_MEMO_SECONDS`` (half a
second). Scheduled content (something with a publish time in the future) bumps the
generation when that time passes, with no job to run.

When the cache server is down the site keeps serving, straight from the
database: every cache call here swallows connection errors.

A CDN or other shared cache in front may keep a page ``PAGE_SHARED_MAX_AGE`` seconds
(``s-maxage``), browsers ``BROWSER_MAX_AGE``. A content change can empty the CDN at once
through ``CDN_PURGE`` (``purge_cdn``), which does nothing unless set (docs/deployment.md).
"""

import datetime
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string

from . import registry

logger = logging.getLogger(__name__)

# (generation, next scheduled publish time or None), read once per request.
STATE_KEY = "content:state"
PAGE_TIMEOUT = 300  # seconds a page stays in the server cache at most
BROWSER_MAX_AGE = 60  # seconds browsers may reuse a page without asking
# A page being rendered is marked for this long at most; others asking for it meanwhile
# look for the stored copy every RENDER_POLL seconds.
RENDERING_PREFIX = "rendering:"
RENDER_WAIT = 5
RENDER_POLL = 0.02

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


# The generation as read at the start of the request this thread is serving: a page asks
# for it several times (the page cache, each figure kept per generation), one cache read.
_this_request = threading.local()
# (monotonic time until which it holds, generation): the last read in this process, reused
# for GENERATION_MEMO_SECONDS.
_memo = (0.0, None)


def current_generation():
    """The content generation, moved on when scheduled content goes live (one cache read
    per request at most, and per ``GENERATION_MEMO_SECONDS`` in this process)."""
    global _memo
    generation = getattr(_this_request, "generation", None)
    if generation is not None:
        return generation
    now = time.monotonic()
    if _memo[0] > now:
        generation = _memo[1]
    else:
        state = safe_cache_call(None, cache.get, STATE_KEY)
        if state is None:
            return bump_generation()
        generation, next_change = state
        if next_change is not None and next_change <= timezone.now():
            generation = bump_generation()
            purge_cdn()  # scheduled content went live: the CDN's pages predate it
        _memo = (now + settings.GENERATION_MEMO_SECONDS, generation)
    if getattr(_this_request, "serving", False):
        _this_request.generation = generation
    return generation


_derived: dict[str, tuple[object, object]] = {}


def per_generation(name, compute, *, also_keyed_by=None):
    """``compute()``, kept in this process until the content changes.

    For figures derived from whole tables (the home page's headline figures, the
    tags in use), which cost more to read than the pages that show them. Like the
    pages themselves, a value is recomputed after any saved change, on any server.
    """
    if not settings.DERIVED_DATA_CACHE:
        return compute()
    stamp = (current_generation(), also_keyed_by)
    kept = _derived.get(name)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    value = compute()
    _derived[name] = (stamp, value)
    return value


class KeptFragments:
    """Rendered pieces of pages (a table row, a card), kept in this process for the
    current content generation and shared by every page that shows them: a spacewalk's row
    is the same on every page, filter and sort of the spacewalk list. A new generation
    drops them all. Bounded by total size, least recently used out first.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.generation = None
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, generation, key):
        with self.lock:
            if generation != self.generation:
                return None
            html = self.entries.get(key)
            if html is not None:
                self.entries.move_to_end(key)
            return html

    def put(self, generation, key, html):
        with self.lock:
            if generation != self.generation:
                self.generation, self.size = generation, 0
                self.entries.clear()
            if key in self.entries or len(html) > self.max_bytes:
                return
            self.entries[key] = html
            self.size += len(html)
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)


kept_fragments = KeptFragments(max_bytes=8 * 1024 * 1024)


def fragment_per_generation(key, render):
    """``render()``'s HTML for ``key``, rendered once per content generation in this process
    (every time when ``DERIVED_DATA_CACHE`` is off, as in the tests)."""
    if not settings.DERIVED_DATA_CACHE:
        return render()
    generation = current_generation()
    html = kept_fragments.get(generation, key)
    if html is None:
        html = render()
        kept_fragments.put(generation, key, html)
    return html


def shared_per_generation(key, compute):
    """``compute()`` (picklable), computed once per content generation for every server:
    kept in the shared cache (every time when ``DERIVED_DATA_CACHE`` is off, as in the
    tests). For large documents derived from whole tables, such as the sitemap."""
    if not settings.DERIVED_DATA_CACHE:
        return compute()
    cache_key = f"kept:{current_generation()}:{key}"
    value = safe_cache_call(None, cache.get, cache_key)
    if value is None:
        value = compute()
        safe_cache_call(None, cache.set, cache_key, value, PAGE_TIMEOUT)
    return value


def stored_response(response):
    """A rendered response as (status, headers, body), to keep in a cache."""
    if hasattr(response, "render"):
        response.render()
    return response.status_code, list(response.items()), response.content


def response_from(stored):
    """A new response from what ``stored_response`` kept."""
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def kept_response(view):
    """``view``, whose response is the same for everyone asking at an address (a feed),
    rendered once per content generation for every server (``shared_per_generation``)."""

    @wraps(view)
    def kept_view(request, *args, **kwargs):
        key = f"response:{request.method}:{request.build_absolute_uri()}"

        def render():
            return stored_response(view(request, *args, **kwargs))

        return response_from(shared_per_generation(key, render))

    return kept_view


def computed_on_use(compute, names):
    """Context entries ``names`` for a template, each a callable that templates call when
    they use it: the first use runs ``compute()`` (a dict holding those names), once.

    For the part of a page inside ``{% kept_fragment %}``: while that part is kept, none of
    its queries run.
    """
    values = {}

    def value(name):
        if not values:
            values.update(compute())
        return values[name]

    return {name: partial(value, name) for name in names}


def bump_generation():
    global _memo
    # Unique even for two bumps in the same instant, so no page outlives its generation.
    generation = f"{time.time_ns():x}.{secrets.token_hex(4)}"
    safe_cache_call(None, cache.set, STATE_KEY, (generation, next_scheduled_change()), None)
    _memo = (time.monotonic() + settings.GENERATION_MEMO_SECONDS, generation)
    if getattr(_this_request, "serving", False):
        _this_request.generation = generation
    return generation


def content_changed():
    """Move the generation on once the current transaction commits.

    Saves and deletes call this through their signals. A write that sends none
    (``update()``, ``bulk_create()``, raw SQL) must call it itself.
    """
    transaction.on_commit(bump_generation)
    if settings.CDN_PURGE:
        transaction.on_commit(partial(_purge_once, getattr(_purges, "done", 0)))


# How many purges this thread has made. A change asks for a purge made after it was saved:
# the first of a commit's requests purges, the others (same commit) find it done. One purge
# per commit however many rows it saved, as the hook may be a network call.
_purges = threading.local()


def _purge_once(asked_after):
    done = getattr(_purges, "done", 0)
    if done > asked_after:
        return
    _purges.done = done + 1
    purge_cdn()


def purge_cdn():
    """Ask the CDN in front to drop its copies of the pages: calls the ``CDN_PURGE`` setting
    (the dotted path of a function taking no arguments), or does nothing when it is unset.

    A failure is logged, never raised: the content is saved, and the CDN's copies expire
    by themselves within ``PAGE_SHARED_MAX_AGE``.
    """
    if not settings.CDN_PURGE:
        return
    try:
        import_string(settings.CDN_PURGE)()
    except Exception:  # noqa: BLE001 - a CDN outage must never undo or break a save
        logger.exception("CDN purge failed; its pages expire within PAGE_SHARED_MAX_AGE")


def _content_changed(sender, **kwargs):
    # Content apps say so when they register. A model whose rows are saved in batches that
    # move the generation once when done (renditions) says ``shown_on_pages = False``.
    if sender._meta.app_label in registry.content_apps() and getattr(
        sender, "shown_on_pages", True
    ):
        content_changed()


def _migrated(sender, **kwargs):
    # A data migration may change content with update() or SQL, which send no signals.
    bump_generation()
    purge_cdn()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"issportal-cache-{signal!r}")
    post_migrate.connect(_migrated, dispatch_uid="issportal-cache-post-migrate")


class RecentPages:
    """The pages this process served lately, by cache key (which holds the generation).

    A hit here still needs the current generation first (``current_generation``), so a
    change saved on another server shows as soon as it does; it only saves fetching and
    unpickling the page itself. Bounded by total body size, least recent out first.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = len(entry[2])
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])


recent_pages = RecentPages(max_bytes=16 * 1024 * 1024)


def _may_use_cache(request):
    """Anonymous GETs only. A visitor with a session may be logged in: never served from here."""
    return (
        settings.PAGE_CACHE
        and request.method in {"GET", "HEAD"}
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _logged_in(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class AnonymousPageCacheMiddleware:
    """Serve anonymous pages from the cache; pages for logged-in staff are never cached.

    It sits near the top of the middleware, so a hit skips sessions, CSRF,
    authentication and compression: the stored entry already holds the final
    headers (CSP included) and body, one per content encoding.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _this_request.serving, _this_request.generation = True, None
        try:
            return self._respond(request)
        finally:
            _this_request.serving, _this_request.generation = False, None

    def _respond(self, request):
        if not _may_use_cache(request):
            response = self.get_response(request)
            if _logged_in(request) and not request.path.startswith("/admin/"):
                patch_cache_control(response, private=True, no_cache=True, no_store=True)
            return response

        key = self._key(request, current_generation())
        entry, claimed = recent_pages.get(key), False
        if entry is None:
            entry = safe_cache_call(None, cache.get, key)
            claimed = entry is None and self._claim(key)
            if entry is None and not claimed:
                entry = self._wait_for_render(key)
            if entry is not None:
                recent_pages.put(key, entry)
        if entry is not None:
            return self._from_entry(request, entry)
        try:
            return self._render(request, key)
        finally:
            if claimed:
                safe_cache_call(None, cache.delete, RENDERING_PREFIX + key)

    # After a save every page is new: the first request for a page renders it and the others
    # asking for it meanwhile, on any server, wait for that copy rather than render it too.
    @staticmethod
    def _claim(key):
        """Whether this request is the one to render the page (yes when the cache is down)."""
        return safe_cache_call(True, cache.add, RENDERING_PREFIX + key, 1, RENDER_WAIT)

    @staticmethod
    def _wait_for_render(key):
        """The page another request is rendering, once stored; None if that request ends
        without storing one (an error, a page not to cache) or takes over ``RENDER_WAIT``."""
        deadline = time.monotonic() + RENDER_WAIT
        while time.monotonic() < deadline:
            time.sleep(RENDER_POLL)
            found = safe_cache_call({}, cache.get_many, [key, RENDERING_PREFIX + key])
            if key in found:
                return found[key]
            if RENDERING_PREFIX + key not in found:
                return None
        return None

    def _render(self, request, key):
        response = self.get_response(request)
        if _logged_in(request):
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
        elif self._is_cacheable_response(request, response):
            # Browsers keep a page briefly; a CDN (shared cache) longer, as it can be purged.
            patch_cache_control(
                response,
                public=True,
                max_age=BROWSER_MAX_AGE,
                s_maxage=settings.PAGE_SHARED_MAX_AGE,
            )
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date()
            entry = stored_response(response)
            safe_cache_call(None, cache.set, key, entry, PAGE_TIMEOUT)
            recent_pages.put(key, entry)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _from_entry(request, entry):
        response = response_from(entry)
        # If-None-Match and If-Modified-Since, as Django's ConditionalGetMiddleware answers
        # them on a miss: a 304 when the visitor's copy is current.
        response = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
        response["X-Cache"] = "hit"
        return response

    @staticmethod
    def _key(request, generation):
        # Compressed and plain bodies are stored apart (the response varies on Accept-Encoding).
        encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "plain"
        url = request.build_absolute_uri()
        digest = hashlib.blake2b(url.encode(), digest_size=16).hexdigest()
        return f"page:{generation}:{request.method}:{encoding}:{digest}"

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
        )
