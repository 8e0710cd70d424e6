"""The production settings plus one bare view behind the site's middleware.

Only bench/run.py uses this module; the site itself never routes to that view. The
benchmark's ceiling proper is the stock project in bench/stock.
"""

from issportal.settings.base import env_bool
from issportal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# bench/run.py starts one server with the page cache and one without it.
PAGE_CACHE = env_bool("BENCH_PAGE_CACHE", True)
# The ceiling is a bare view: it never goes near the page cache.
PAGE_CACHE_EXCLUDED_PATHS = (*PAGE_CACHE_EXCLUDED_PATHS, "/bench/")  # noqa: F405
