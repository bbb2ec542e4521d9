"""Django settings, read from the environment so one build serves a laptop demo and a team server.

Every value a deployment may change comes from an environment variable; nothing secret is a constant
in the repository. See docs/configuration.md for the list.
"""

from __future__ import annotations

import os
from pathlib import Path

import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from worth.site.config import (
    cache_config,
    data_dir,
    database_from_url,
    default_queue_url,
    env_bool,
    env_int,
    env_list,
    examples_dir,
    load_or_create_secret_key,
)

django_stubs_ext.monkeypatch()

SRC_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()
EXAMPLES_DIR = examples_dir()

SECRET_KEY = os.environ.get("SECRET_KEY") or load_or_create_secret_key(DATA_DIR / "secret_key")
DEBUG = env_bool("DEBUG", default=False)
# The production profile: HTTPS-only cookies, HSTS, and (behind a trusted proxy) redirects to HTTPS.
PRODUCTION = env_bool("WORTH_PRODUCTION", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG and WORTH_PRODUCTION cannot both be on: debug pages show secrets")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), data_dir=DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "simple_history",
    "ninja",
    "worth.apps.core",
    "worth.apps.programs",
    "worth.apps.valuemodels",
    "worth.apps.pricing",
    "worth.apps.research",
    "worth.apps.propositions",
    "worth.apps.cases",
    "worth.apps.realization",
    "worth.apps.offerings",
    "worth.apps.valuecycle",
    "worth.apps.merchants",
    # Last: its post_migrate step gives the role groups permissions from every app above.
    "worth.apps.accounts",
]

MIDDLEWARE = [
    # First: one JSON line per request (user, status, time), static files and refusals included.
    "worth.apps.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # What a logged-in person sees is never kept by a shared cache or the browser's disk cache.
    "worth.apps.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it watches the responses of the login view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "worth.site.urls"
WSGI_APPLICATION = "worth.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "worth.apps.core.context.navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login rate limiting: five wrong tries for one user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy, the number of proxies in front of Worth: the login limit then counts the
# client's address from X-Forwarded-For (see worth.apps.accounts.client_address), and a request the
# proxy received over HTTPS (X-Forwarded-Proto) counts as secure.
WORTH_TRUSTED_PROXIES = env_int("WORTH_TRUSTED_PROXIES", default=0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "worth.apps.accounts.client_address.client_address"
if WORTH_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "site" / "static"]
# Served by the app itself from the source tree: no collectstatic step, nothing from a CDN.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION and WORTH_TRUSTED_PROXIES > 0)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's health check may speak plain HTTP
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy: script, style, images and connections from the app's own files only; no
# inline script, no inline style, no eval (charts use Vega's expression interpreter), no plugins.
# Generated documents shown in the app (the value summary) replace it with a stricter policy that
# allows no script at all and sandboxes the document (see worth.apps.core.documents).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Long work (Monte Carlo, imports) is bounded: jobs running at once per person and for the server, and
# Monte Carlo draws per subsegment started from the web (the command line is not bounded).
# The task queue behind jobs (worth.apps.core.queue): SQLite beside the database by default;
# redis://host:6379/0 or postgres://... for a team. Workers run as `worth worker`.
WORTH_QUEUE = os.environ.get("WORTH_QUEUE") or default_queue_url(DATA_DIR)
# Computed analyses (summaries, tornados, waterfalls, bands) kept per version of their inputs.
CACHES = {"default": cache_config(os.environ.get("WORTH_CACHE", "memory"))}
WORTH_JOB_HEARTBEAT_S = env_int("WORTH_JOB_HEARTBEAT_S", default=5, minimum=1)
# A model file larger than this is imported by a worker, its progress on the job's page.
WORTH_IMPORT_IN_BACKGROUND_MB = env_int("WORTH_IMPORT_IN_BACKGROUND_MB", default=5, minimum=0)
WORTH_JOB_STALE_S = env_int("WORTH_JOB_STALE_S", default=60, minimum=2)
WORTH_JOBS_PER_USER = env_int("WORTH_JOBS_PER_USER", default=2, minimum=1)
WORTH_JOBS_RUNNING = env_int("WORTH_JOBS_RUNNING", default=4, minimum=1)
WORTH_MAX_DRAWS = env_int("WORTH_MAX_DRAWS", default=1_000_000, minimum=1_000)

# Uploads: no file beyond WORTH_MAX_UPLOAD_MB is kept (worth.apps.core.uploads); a pasted model or
# policy may be up to WORTH_MAX_FORM_MB of text (Django's own default, 2.5 MB, answered a bare 400).
WORTH_MAX_UPLOAD_MB = env_int("WORTH_MAX_UPLOAD_MB", default=256, minimum=1)
WORTH_MAX_FORM_MB = env_int("WORTH_MAX_FORM_MB", default=10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = WORTH_MAX_FORM_MB * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "worth.apps.core.uploads.SizeLimitedUploadHandler",
]

# One JSON line per request on standard output (WORTH_REQUEST_LOG=0 turns it off); warnings and
# errors on standard error.
WORTH_REQUEST_LOG = env_bool("WORTH_REQUEST_LOG", default=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"},
    },
    "loggers": {
        "worth.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
