"""Settings read from the environment, with safe production defaults.

DEBUG is off unless asked for; SECRET_KEY must be given when DEBUG is off; the database is the
embedded SQLite file unless DATABASE_URL names another (PostgreSQL in production).
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("AGILEPA_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("AGILEPA_INSECURE_DEV_KEY"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see README, 'Production'), "
            "or set DEBUG=1 for a local development run."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

# Keys retired by a rotation, still accepted to read what they signed or sealed (sessions, reset
# links, survey answers waiting for their wave to be counted).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form answers the site's 403 page, which says to reload the form.
CSRF_FAILURE_VIEW = "agilepa.core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    # ninja's own static files: the API documentation's Swagger UI is served from here, not
    # from a CDN the Content-Security-Policy would refuse.
    "ninja",
    "django_ratelimit",
    "agilepa.core",
    "agilepa.org",
    "agilepa.agreements",
    "agilepa.planning",
    "agilepa.spaces",
    "agilepa.objectives",
    "agilepa.measurement",
    "agilepa.surveys",
    "agilepa.indicators",
    "agilepa.events",
    "agilepa.maturity",
    "agilepa.community",
    "agilepa.awards",
    # The home page of each role: reads every app above, none reads it.
    "agilepa.home",
    # The demo network and `seed-demo`: depends on every app above, none depends on it.
    "agilepa.demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "agilepa.identity",
    "agilepa.audit",
    "agilepa.rights",
    "agilepa.retention",
    "agilepa.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Binds the request to the audit trail (who, how, from where) and records unrecorded writes.
    "agilepa.audit.middleware.AuditMiddleware",
    "agilepa.core.throttle.ThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "agilepa.core.sessions.SessionTimeoutMiddleware",
    # Holds a privileged password session at the second factor (agilepa/identity).
    "agilepa.identity.middleware.SecondFactorMiddleware",
    # Sends a body's person to its privacy notice until they have read it (agilepa/privacy).
    "agilepa.privacy.middleware.NoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "agilepa.core.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "agilepa.urls"
WSGI_APPLICATION = "agilepa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agilepa.core.context_processors.shell",
                "agilepa.identity.context_processors.identity",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'agilepa.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is tested before each request reuses it, so the first request after
        # a PostgreSQL restart gets a new connection instead of an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARED_STATEMENTS", default=True
):
    # Parameters bound by the server, and a statement run five times on a connection prepared
    # there: PostgreSQL then plans it once per connection, not on every request. Planning was
    # half of PostgreSQL's time in a booking (bench/README.md). Off (DB_PREPARED_STATEMENTS=0)
    # behind a pooler that hands one connection to several clients in turn (PgBouncer in
    # transaction mode before 1.21), where a statement prepared by one is unknown to the next.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too, not a shared in-memory database: threads that race for a seat must
    # see SQLite's real locking (a busy wait), which the in-memory cache does not honour.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_agilepa.sqlite3")}
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# fields.W161 warns when a time field's default lies within ten seconds of the clock: the
# Regolamento's defaults are times of day (the disconnection window from 20:00 to 07:30), so
# `check --deploy` warned at 07:30 and 20:00 every day.
SILENCED_SYSTEM_CHECKS = ["fields.W161"]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "agilepa.core.auth.EmailBackend",
    # Logins through an OpenID Connect provider (agilepa/identity, docs/identity.md).
    "agilepa.identity.backends.ProviderBackend",
]
# HR administrators, network coordinators and platform administrators who log in with a password
# give a second factor (TOTP or a recovery code). Off only for test suites that log them in by
# the form without one.
SECOND_FACTOR_REQUIRED = env_bool("AGILEPA_SECOND_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Agile PA"
# Passkeys and security keys as a second factor (never as the only one: no passwordless login).
# The relying party is the site's host; the browser's origin must be the site's address.
OTP_WEBAUTHN_RP_NAME = "Agile PA"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout: this many failed logins for one e-mail address within the window lock it for the window.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
# Retention of platform-level records (docs/retention.md): failed logins, finished task results.
RETENTION_LOGIN_FAILURE_DAYS = int(os.environ.get("RETENTION_LOGIN_FAILURE_DAYS", "90"))
RETENTION_TASK_RESULT_DAYS = int(os.environ.get("RETENTION_TASK_RESULT_DAYS", "30"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

# Throttles (core/throttle.py): "N/period" per client address or per account, counted in the
# database cache below so that every worker shares the counters. THROTTLE_<NAME> overrides one.
THROTTLE_ENABLED = env_bool("THROTTLE_ENABLED", True)
_THROTTLE_DEFAULTS = {
    "login_ip": "30/10m",
    "login_account": "10/10m",
    "password_reset_ip": "10/h",
    "password_reset_account": "3/h",
    "token_creation": "10/h",
    # Offices answer from behind one address: generous, against scripted floods only.
    "survey_answer": "300/h",
    "public_pages": "120/m",
    "open_data": "60/m",
}
THROTTLE_RATES = {
    name: os.environ.get(f"THROTTLE_{name.upper()}", rate)
    for name, rate in _THROTTLE_DEFAULTS.items()
}
for _name, _rate in THROTTLE_RATES.items():
    if not re.fullmatch(r"\d+/\d*[smhd]", _rate):
        raise ImproperlyConfigured(
            f"THROTTLE_{_name.upper()}={_rate!r} is not a rate: write N/period, e.g. 30/10m or 3/h."
        )
# The database, not each process's memory: the counters must be the same in every worker.
# The table is made by `python -m agilepa release` (createcachetable).
CACHES = {
    "default": {
        "BACKEND": "agilepa.core.cache.AtomicDatabaseCache",
        "LOCATION": "agilepa_cache",
    }
}
RATELIMIT_USE_CACHE = "default"
# django-ratelimit names the backends it tested (memcached, Redis); ours increments atomically
# (core/cache.py), which is what it checks for.
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Collected by the release step; a deployment may put it elsewhere (a folder its web server or
# the other hosts read).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# Source maps (the API explorer's are 5 MB) are fetched only by a browser's developer tools:
# compressing them took a third of every release's static collection.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Vendored front-end assets (Bootstrap Italia, htmx, Chart.js) live at the package's top level.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads: the file system under MEDIA_ROOT, or, for several hosts, the database
# (AGILEPA_FILE_STORAGE=database: core/dbstorage.py; docs/operations.md, "Several hosts").
FILE_STORAGE_BACKENDS = {
    "filesystem": "django.core.files.storage.FileSystemStorage",
    "database": "agilepa.core.dbstorage.DatabaseStorage",
}
FILE_STORAGE = os.environ.get("AGILEPA_FILE_STORAGE", "filesystem")
if FILE_STORAGE not in FILE_STORAGE_BACKENDS:
    raise ImproperlyConfigured(
        f"AGILEPA_FILE_STORAGE must be one of {', '.join(FILE_STORAGE_BACKENDS)}"
    )
STORAGES = {
    "default": {"BACKEND": FILE_STORAGE_BACKENDS[FILE_STORAGE]},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("AGILEPA_PLAIN_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files (signed protocols, imports) live outside the web root and are served only
# through views that check permissions.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest file a member body may publish in the network's library.
MATERIAL_MAX_BYTES = int(os.environ.get("MATERIAL_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# ZIP-based uploads (DOCX, XLSX, ODT...) are checked from the archive's directory before any
# member is inflated: per member, in total, by compression ratio, and by number of members.
ZIP_MAX_MEMBER_BYTES = int(os.environ.get("ZIP_MAX_MEMBER_BYTES", str(200 * 1024 * 1024)))
ZIP_MAX_TOTAL_BYTES = int(os.environ.get("ZIP_MAX_TOTAL_BYTES", str(400 * 1024 * 1024)))
ZIP_MAX_RATIO = int(os.environ.get("ZIP_MAX_RATIO", "100"))
ZIP_MAX_MEMBERS = int(os.environ.get("ZIP_MAX_MEMBERS", "10000"))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# The public address of the site, for links in e-mails sent by the background worker.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Passkeys need a domain and a secure origin (https, or http://localhost for development): a
# SITE_URL on a bare IP address over http leaves them to http://localhost:8000.
_site_origin = SITE_URL.rstrip("/")
if not _site_origin.startswith(("https://", "http://localhost")):
    _site_origin = "http://localhost:8000"
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", urlsplit(_site_origin).hostname)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ORIGINS", _site_origin)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Agile PA <noreply@localhost>")

# The accessibility statement (L. 4/2004): who answers reports of inaccessible content, the date
# of the last assessment, the body's statement on the AgID form, the enforcement procedure.
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", "")
ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "")
ACCESSIBILITY_AGID_STATEMENT_URL = os.environ.get("ACCESSIBILITY_AGID_STATEMENT_URL", "")
if os.environ.get("ACCESSIBILITY_ENFORCEMENT_URL"):
    ACCESSIBILITY_ENFORCEMENT_URL = os.environ["ACCESSIBILITY_ENFORCEMENT_URL"]

# Whom the error pages name for help with the platform (an e-mail address or a web address);
# unset, they name ACCESSIBILITY_CONTACT, then DEFAULT_FROM_EMAIL unless it is a no-reply address.
SUPPORT_CONTACT = os.environ.get("SUPPORT_CONTACT", "")

# Background jobs (e-mail, documents) run in the `db_worker` process beside the server; the
# test suite runs them at once (TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Processes the rotation planner solves a month's units in; 0 means one per core (up to 8). The
# test suite sets 1: every plan it solves is small, and starting a process pool per plan (the
# demo seeding solves several) cost more than the solving.
PLANNER_PROCESSES = int(os.environ.get("PLANNER_PROCESSES", "0"))

# The background processes' heartbeats: a worker or periodic-job runner silent for
# WORKER_STALE_SECONDS is dead (its tasks are taken back, /readyz fails).
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10"))
WORKER_STALE_SECONDS = float(os.environ.get("WORKER_STALE_SECONDS", "45"))
# /readyz fails when a task has waited longer than this to start, or when no periodic-job runner
# beats (unless READY_REQUIRE_SCHEDULER=0, for a host whose jobs run elsewhere by cron).
READY_MAX_QUEUE_WAIT_SECONDS = float(os.environ.get("READY_MAX_QUEUE_WAIT_SECONDS", "300"))
READY_REQUIRE_SCHEDULER = env_bool("READY_REQUIRE_SCHEDULER", True)

# Production is HTTPS: the redirect, HSTS and secure cookies are on unless DEBUG.
# AGILEPA_PLAIN_HTTP=1 turns all three off, for a test on http://127.0.0.1 only; each can also be
# set on its own.
PLAIN_HTTP = env_bool("AGILEPA_PLAIN_HTTP")
HTTPS = not DEBUG and not PLAIN_HTTP
SESSION_COOKIE_HTTPONLY = True
# Sessions (core/sessions.py) end after SESSION_IDLE_MINUTES without activity (
# SESSION_IDLE_MINUTES_PRIVILEGED for HR administrators and platform administrators), and after
# SESSION_ABSOLUTE_HOURS whatever the activity; the cookie does not outlive that either.
SESSION_IDLE_MINUTES = float(os.environ.get("SESSION_IDLE_MINUTES", "120"))
SESSION_IDLE_MINUTES_PRIVILEGED = float(os.environ.get("SESSION_IDLE_MINUTES_PRIVILEGED", "30"))
SESSION_ABSOLUTE_HOURS = float(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_HOURS * 3600)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# The "preload" directive only allows a submission to the browsers' list, made by hand.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline
# (each page's script is a file under <app>/static/<app>/, its data in json_script or data-*
# attributes), so an injected <script> or on*= handler does not run. Styles likewise only from
# our static files: no style="" attribute and no <style> element in the templates, htmx's
# indicator styles switched off (base.html) and kept in agilepa.css; the one inline <style>
# is the error pages', which must hold when the static files are broken, allowed by its hash.
# Images and fonts allow data: URIs (Bootstrap Italia's icons).
_SELF, _NONE = "'self'", "'none'"


def _error_page_style_hashes() -> list[str]:
    """The CSP hash of each <style> element of the error pages' template (rendered verbatim:
    it holds no template tag, which tests/core/test_error_pages.py checks)."""
    import base64
    import hashlib

    template = (BASE_DIR / "core" / "templates" / "error_base.html").read_text(encoding="utf-8")
    return [
        "'sha256-{}'".format(
            base64.b64encode(hashlib.sha256(block.encode()).digest()).decode("ascii")
        )
        for block in re.findall(r"<style>(.*?)</style>", template, re.S)
    ]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF, *_error_page_style_hashes()],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF, "data:"],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    }
}
# Features no page of the platform uses, switched off for every page and every frame.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
