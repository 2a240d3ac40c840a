"""Paying the reply PDF's set-up before the first request."""

from __future__ import annotations

import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)


def warm_up(*, sign: bool = True) -> float:
    """Render (and sign) the example reply once and throw it away, so that the first reply a
    process makes is as fast as the later ones: the first render sets up Pango and fontconfig
    and loads the fonts, the first signature imports pyHanko and subsets the stamp font (together
    one to several seconds). The web process calls it at start (`config/wsgi.py`, `asgi.py`;
    `REPLY_PDF_WARM_UP`). Returns the seconds it took; never raises (a failure is logged, and
    the first reply then simply pays the set-up)."""
    from responses.document import example_document
    from responses.pdf import render_reply_pdf
    from responses.signing.credentials import load_credentials
    from responses.signing.signature import sign_pdf

    start = time.perf_counter()
    try:
        data = render_reply_pdf(example_document(demo_certificate=True))
        if sign:
            sign_pdf(data, credentials=load_credentials(), signer_name="Warm-up", reason="-", location="-")
    except Exception:
        logger.exception("Warming up the reply PDF failed")
    return time.perf_counter() - start


def warm_up_if_configured() -> None:
    """`warm_up()` in a web process's start-up unless REPLY_PDF_WARM_UP is off."""
    if getattr(settings, "REPLY_PDF_WARM_UP", False):
        warm_up()
