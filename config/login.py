"""Sign-in throttling (django-axes): whose address a request comes from, and when to lock.

Behind a reverse proxy every request comes from the proxy's address. The client's address is
taken from the proxy's header (`CLIENT_IP_HEADER`, X-Forwarded-For by default) only when the
request really comes from one of `TRUSTED_PROXIES`; anyone else could write that header
themselves. Of the header's addresses the right-most one that is not a trusted proxy counts:
the ones to its left were written by the client.

Locking: a (username, address) pair is locked after `AXES_FAILURE_LIMIT` failures, so a
stranger guessing a known user's password locks out only themselves. The username alone, from
every address together, is locked only after `LOGIN_USERNAME_FAILURE_LIMIT` failures: a slower
limit for guessing from many addresses at once.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


@cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address) -> bool:
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    if not _is_trusted(_address(remote or "")):
        return remote
    header = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    hops = [_address(part) for part in request.META.get(header, "").split(",")]
    for hop in reversed(hops):
        if hop is None:  # garbage in the header: stop at the last address we can trust
            break
        if not _is_trusted(hop):
            return str(hop)
    return remote


class LoginThrottleHandler(AxesDatabaseHandler):
    """AXES_HANDLER. Expects AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]:
    failures are counted for the pair and for the username; the username's count is scaled so
    that it reaches AXES_FAILURE_LIMIT only at LOGIN_USERNAME_FAILURE_LIMIT."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        counts = [
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        pair, username = (counts + [0, 0])[:2]
        return max(pair, username * settings.AXES_FAILURE_LIMIT // settings.LOGIN_USERNAME_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful sign-in clears its own address's failures, not a stranger's."""
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
