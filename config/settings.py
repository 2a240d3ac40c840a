"""Settings for Ratsanfragen.

Everything that differs between deployments comes from the environment; every variable is
listed in `.env.example`. The defaults suit development: SQLite in the repo root, console e-mail.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """1/0, yes/no, on/off, true/false in any case; anything else refuses to start."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), got {value!r}")
    return value in _TRUE


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)  # the README's run command sets DEBUG=true
_DEV_SECRET_KEY = "insecure-dev-key-only-for-debug"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is false.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The public address of the app (https://ratsanfragen.example.org), for links in e-mails, feeds,
# the calendar and OParl: `config.site.site_url()`. Required in production; in development it may
# stay empty, and links then point to the address the request came in on.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL (the public address, e.g. https://ratsanfragen.example.org) when DEBUG is false."
    )
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, got {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # search vectors; harmless on SQLite (see inquiries/fulltext.py)
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "axes",
    "inquiries",
    "responses",
    "portal",  # inquiries with their answers: above inquiries and responses
    "oparl",
    "search",
    "accessibility",
    "tooling",  # demo data, benchmark, load test: above every other app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "config.site.SiteURLMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    # last, as django-axes requires
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite unless DATABASE_URL is set, e.g. postgres://postgres@127.0.0.1:5432/ratsanfragen
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, the task worker and tests write side by side.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # covering indexes (INCLUDE) are PostgreSQL's; SQLite builds them without the extra columns
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # The pages' statements take milliseconds: compiling them (JIT, 0.8-0.9 s per search at
    # 100,000 inquiries, where the cost estimate passes jit_above_cost) or starting parallel
    # workers (a ranked search at 10,000: 49-81 ms serial, 83-135 ms with two workers) costs more
    # than it saves, and on a small server the workers take the cores other requests need.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c max_parallel_workers_per_gather=0"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id (memory-hard) with OWASP's parameters (config/hashers.py): a sign-in checks the
# password in well under 0.1 s; PBKDF2 at Django's 1.5 million iterations took 0.7-2 s on the same
# machine (README, "Performance"). Hashes stored with PBKDF2 still verify and are re-hashed at
# the next sign-in.
PASSWORD_HASHERS = [
    "config.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # refuses sign-in after repeated failures (password guessing), then the normal backend
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with a user's permissions in one query instead of two (every page asks)
    "config.permissions.OneQueryModelBackend",
]
# Behind a reverse proxy: the proxies' addresses or networks (e.g. "127.0.0.1,::1"), whose
# CLIENT_IP_HEADER names the client. Without them the header is ignored (anyone can send it).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or network") from None
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "X-Forwarded-For")
# A (username, address) pair is locked after LOGIN_FAILURE_LIMIT failures; a username from all
# addresses together only after LOGIN_USERNAME_FAILURE_LIMIT (see config/login.py).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_USERNAME_FAILURE_LIMIT = env_int("LOGIN_USERNAME_FAILURE_LIMIT", 50)
if LOGIN_USERNAME_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("LOGIN_USERNAME_FAILURE_LIMIT must not be below LOGIN_FAILURE_LIMIT.")
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "config.login.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "config.login.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "responses:start"  # council members without queues go on to the list
LOGOUT_REDIRECT_URL = "portal:list"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# `collectstatic` writes here; the app serves it with WhiteNoise.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded letters and signed replies are private: they are served only through views that
# check visibility, never from a public URL.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# No URL serves this folder: files are sent only by views that check visibility.
MEDIA_URL = "/private-media/"

# Letters up to 10 MB; the form and the view check the size again with a clear message.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 0) or None,
                "username": os.environ.get("EMAIL_HOST_USER"),
                "password": os.environ.get("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False) or None,
            }.items()
            if value
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ratsbuero@example.org")

# Background work: run at once by default; in production the database-backed queue shared by
# any number of `manage.py db_worker` processes.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"),
    }
}

# Reply signing: a PKCS#12 file and its passphrase. Without one a demo certificate is made on
# first use and every signed reply says so.
REPLY_SIGNING_PKCS12 = os.environ.get("REPLY_SIGNING_PKCS12", "")
REPLY_SIGNING_PASSPHRASE = os.environ.get("REPLY_SIGNING_PASSPHRASE", "")
SIGNING_DEMO_DIR = Path(os.environ.get("SIGNING_DEMO_DIR", BASE_DIR / "var" / "signing"))
# Render and sign a sample reply when the web process starts (config/wsgi.py, asgi.py), so that
# the first reply signed is as fast as the later ones.
REPLY_PDF_WARM_UP = env_bool("REPLY_PDF_WARM_UP", default=True)
# Root certificates (a PEM file) of the time-stamping authorities whose timestamps the
# verification page accepts as the signing time; without them it shows the time the signer
# states. Which certificates count as the municipality's is kept in the database (the one in
# use is recorded when it signs; earlier ones are added in the admin).
REPLY_TIMESTAMP_ROOTS = os.environ.get("REPLY_TIMESTAMP_ROOTS", "")

# How many working days before an internal due date staff get a reminder.
REMINDER_WORKING_DAYS = env_int("REMINDER_WORKING_DAYS", 3)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Security: everything is served from this host; no outside requests.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # both narrate every PDF at INFO
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
