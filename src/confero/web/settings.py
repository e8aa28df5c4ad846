"""Django settings, read from the environment.

Everything an operator sets comes from an environment variable (see README.md and docs/operators.md):
``CONFERO_DATA_DIR``, ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DEBUG``, ``EMAIL_*``,
``DEFAULT_FROM_EMAIL``, ``CELERY_BROKER_URL``, ``CONFERO_BASE_URL``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"environment variable {name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CONFERO_DATA_DIR", "confero-data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # Created once per data directory; readable by the owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])
# Links in e-mails: this address when set, otherwise the address of the request that causes the mail
# (see confero.web.site).
BASE_URL = os.environ.get("CONFERO_BASE_URL", "").strip().rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "confero.web",
    "confero.audit",
    "confero.mail",
    "confero.people",
    "confero.workshops",
    "confero.submissions",
    "confero.phases",
    "confero.committee",
    "confero.conflicts",
    "confero.bidding",
    "confero.matching",
    "confero.reviews",
    "confero.decisions",
    "confero.awards",
    "confero.checks",
    "confero.program",
    "confero.site",
    "confero.camera",
    "confero.grants",
    "confero.feed",
    "confero.api",
    "confero.ops",
]

# REST API (/api/v1/): personal scoped tokens or the browser session; the permission table decides.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "confero.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["confero.api.auth.ScopedAccess"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("CONFERO_API_RATE", "600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Confero API",
    "DESCRIPTION": "Open, self-hostable peer review for research workshops. Authenticate with "
    "'Authorization: Token <token>' (create tokens on your profile page).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "confero.web.site.RequestBaseUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns an authentication refused because of too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses log-ins of a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "confero.web.urls"
WSGI_APPLICATION = "confero.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'confero.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold concurrent writers (several gunicorn workers, threads):
    # - BEGIN IMMEDIATE takes the write lock when a transaction starts, so a second writer waits for it
    #   (busy timeout) instead of failing with "database is locked" when its read lock cannot be upgraded;
    # - WAL lets readers go on while one writer writes; synchronous=NORMAL is durable in WAL mode across
    #   process crashes (a power loss may lose the last commits, never corrupt the file);
    # - timeout: how long a writer waits for the lock (seconds) before giving up.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=int(os.environ.get("SQLITE_TIMEOUT", "30")),
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    )
    # Tests use a file as well (not the shared in-memory database), so they see the same locking.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / "test-confero.sqlite3")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in throttling (django-axes): after CONFERO_LOGIN_FAILURE_LIMIT failures for one account, or from
# one client address, further attempts are refused for CONFERO_LOGIN_COOLOFF_MINUTES; a successful log-in
# or a password reset clears the account's count. Organizers see locked-out members on their People page.
AXES_FAILURE_LIMIT = int(os.environ.get("CONFERO_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("CONFERO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "confero.people.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "confero.people.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "confero.people.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful log-ins are not logged (one write less per log-in)
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
#: Number of reverse proxies in front of Confero that append to X-Forwarded-For (0: use the socket address).
CONFERO_PROXY_COUNT = int(os.environ.get("CONFERO_PROXY_COUNT", "0"))

LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "workshops:home"
LOGOUT_REDIRECT_URL = "workshops:home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it; `confero manage collectstatic` fills it
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
# Large uploads are spooled here (same disk as the media); `confero sweep-uploads` removes the ones a
# crashed server left behind (docs/operators.md).
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploads larger than this go to a temporary file, not memory. The per-workshop PDF size limit is
# enforced by the submission service.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# E-mail: a real SMTP backend when EMAIL_HOST is set, otherwise the console (printed, never lost
# silently: the mail outbox in the database keeps every message too).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Confero <confero@localhost>")

# Background work: Celery with Redis when CELERY_BROKER_URL is set, otherwise run inline.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# With a broker, `celery -A confero.web.celery beat` runs the periodic jobs: mail retries every minute.
CELERY_BEAT_SCHEDULE = {
    "mail-send-due": {"task": "confero.mail.tasks.send_due", "schedule": 60.0},
    # Paper-feed digests: hourly; each subscriber gets theirs once a day or a week (confero.feed.digests).
    "feed-send-digests": {"task": "confero.feed.tasks.send_digests", "schedule": 3600.0},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = False
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
if _env_bool("CONFERO_HTTPS", False):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, deployment).
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # HSTS: browsers use https only for this long (seconds). Start small when trying a new domain.
    SECURE_HSTS_SECONDS = int(os.environ.get("CONFERO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("CONFERO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("CONFERO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a one-way commitment for the whole domain; operators opt in with
        # CONFERO_HSTS_PRELOAD=1. Not preloading is a decision, not an oversight.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp): only this site's own scripts, styles, fonts and images; no inline
# script or style, no plugins, no framing, forms post only here. Templates must not use inline
# style="" or <script> blocks (a test renders every page and checks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
AUTH_USER_MODEL = "people.User"
