"""The app's public address for links that leave a page: e-mails, feeds, the calendar, OParl.

`SITE_URL` in production (settings refuse to start without it). In development it may stay
empty: then the address the current request came in on (the dev server's host and port),
remembered by `SiteURLMiddleware` for the code that runs during the request (services that
send e-mail, feeds, OParl), and outside a request (a management command) the dev server's
default address.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEVELOPMENT_DEFAULT = "http://127.0.0.1:8000"

_request_base: ContextVar[str] = ContextVar("request_base", default="")


def site_url() -> str:
    """ "https://ratsanfragen.example.org", without a trailing slash."""
    return settings.SITE_URL or _request_base.get() or DEVELOPMENT_DEFAULT


def absolute(path: str) -> str:
    """An absolute URL for a path of this site ("/anfragen/7/")."""
    return site_url() + path


class SiteURLMiddleware:
    """Without SITE_URL (development only), remember where the request came in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SITE_URL:
            return self.get_response(request)
        token = _request_base.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
