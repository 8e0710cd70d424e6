"""gunicorn settings for production: `gunicorn` in the project folder reads this file.

Threads suit a site that waits on PostgreSQL and Redis; two workers of four
threads fit a 2-core machine. Each worker holds its own connection pool.
"""

import gc
import os

from gunicorn.glogging import Logger

wsgi_app = "issportal.wsgi:application"
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new
# connections across them. With one shared socket, whichever worker wakes first
# takes a burst of kept-alive connections, and a worker runs Python on one core:
# a load test saw one worker take all 16 connections and serve at half speed.
reuse_port = True
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that slow leaks cannot grow without bound;
# rarely, because a restart costs a second of CPU and empties the worker's
# recent pages (at 2,500 requests a second, a million last about ten minutes).
# Worker memory stays flat under load (docs/benchmarks.md).
max_requests = 1_000_000
max_requests_jitter = 100_000
# Trust X-Forwarded-* only from the proxy in front (loopback by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app writes one JSON line per request, with its id (issportal/log.py), so
# gunicorn's own access log is off unless ACCESS_LOG names a file ("-" for stdout).
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
# gunicorn's own messages as JSON lines too.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "issportal.log.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


class AccessLogOnlyWhenAsked(Logger):
    """gunicorn's logger, with its access log written only when ACCESS_LOG names a file.

    Given a logging configuration (``logconfig_dict``, for the JSON lines), gunicorn writes
    an access line for every request wherever ``accesslog`` points, none included: a second
    line per request beside the app's own: cached pages served 3,400 requests a second
    with it, 4,100 without (wrk, 16 connections).
    """

    def access(self, resp, req, environ, request_time):
        if self.cfg.accesslog:
            super().access(resp, req, environ, request_time)


logger_class = AccessLogOnlyWhenAsked


def post_worker_init(worker):
    """Once the app is loaded: spare the garbage collector work that finds nothing.

    The app's own objects (modules, settings, URL patterns) live as long as the
    worker, so they are frozen out of the collector's scans; and a page builds
    thousands of short-lived objects, so young objects are collected less often
    (the default, every 2,000 allocations, ran several times per page).
    """
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
