"""Who is knocking, and how often: the client address and the login lockout's counts.

Behind proxies, only the entries the trusted proxies append to ``X-Forwarded-For`` can be
believed: each proxy appends the address it was reached from, so with N proxies in front
the client is the N-th entry from the right. Everything to its left was sent by the client
and may be anything. With no proxy (``TRUSTED_PROXY_COUNT = 0``) the client is the peer.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def client_ip(request):
    """The client's address as the trusted proxies saw it; the peer's when there are none."""
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Not through every proxy (a direct request, or a misconfiguration): the peer is
        # the only address nobody could choose.
        return peer
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


class LoginAttemptHandler(AxesDatabaseHandler):
    """Failures counted for a user name at one address, and for an address across names.

    ``AXES_LOCKOUT_PARAMETERS`` lists the two groups in that order. A user name is locked at
    one address after ``AXES_FAILURE_LIMIT`` failures, so nobody elsewhere can lock staff
    out; an address is locked after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures across names,
    so one address cannot try every name. Axes compares a single count with the first
    limit, so the address's count is scaled to it: ``a * L // A >= L`` exactly when ``a >= A``.
    """

    def get_failures(self, request, credentials=None) -> int:
        by_name_and_address, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(by_name_and_address, by_address * limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT)
