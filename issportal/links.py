"""Addresses of records, each reversed once per process.

A list page links to dozens of records and every page to the dozen sections of the
header. Measured against plain ``reverse()`` (issue #20, docs/benchmarks.md, CPU time
per uncached page, interleaved): plain reverse() costs the news list 16-17% more
(1.4-1.6 ms), the expedition list 9-12%, the home page 7%, an article 3%. The URL
patterns never change while the process runs.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=20_000)
def _reverse(viewname, args, urlconf, prefix):
    return reverse(viewname, args=args, urlconf=urlconf)


def url_for(viewname, *args):
    """``reverse(viewname, args=args)``, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, urlconf, get_script_prefix())
