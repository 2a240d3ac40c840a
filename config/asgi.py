"""
ASGI config for config project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/6.1/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

# The first reply PDF of a process would pay one to several seconds of font and signing set-up;
# pay it here, before the first request (REPLY_PDF_WARM_UP=false to skip).
from responses.signing.start_up import warm_up_if_configured  # noqa: E402

warm_up_if_configured()
