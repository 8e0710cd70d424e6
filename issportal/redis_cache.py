"""Django's Redis cache backend, with one Redis client shared by every cache call.

Django builds a new ``redis.Redis`` for every cache call, and building one fills a
table of about 170 response callbacks. Measured on the benchmark database (issue #20,
docs/benchmarks.md, CPU time per request, interleaved): a page served from the page
cache took 0.24-0.29 ms with one shared client and 0.34-0.40 ms with Django's own,
a third more. A client is safe to share between threads: each command borrows a
connection from the pool.
"""

import re
import threading

from django.core.cache.backends import redis as django_redis
from django.core.exceptions import ImproperlyConfigured


class SharedClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shared_client = None
        self._lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        # One server (checked below), so reads and writes go to the same place.
        if self._shared_client is None:
            with self._lock:
                if self._shared_client is None:
                    self._shared_client = super().get_client(key, write=True)
        return self._shared_client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        if isinstance(server, str):
            server = re.split("[;,]", server)
        if len(server) != 1:
            raise ImproperlyConfigured("The Redis cache takes one server address in LOCATION.")
        super().__init__(server, params)
        # Django has no public setting for the client class: this is the one private name used.
        self._class = SharedClientRedisCacheClient
