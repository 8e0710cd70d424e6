"""Django's Redis cache backend, with one Redis client per connection pool.

Django builds a new ``redis.Redis`` for every cache call, and building one fills a
table of about 170 response callbacks: on a page served from the cache that was
half of the time spent. A client is safe to share between threads (each command
borrows a connection from the pool), so each pool keeps one.
"""

import threading

from django.core.cache.backends import redis as django_redis


class SharedClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._clients_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            with self._clients_lock:
                client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
