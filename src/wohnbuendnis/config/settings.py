"""Settings: configured only by environment variables (documented in docs/configuration.md).

Three modes: production (the default: DEBUG off, SECRET_KEY and ALLOWED_HOSTS required, HTTPS),
demo (``WOHNBUENDNIS_DEMO=1``, set by ``wohnbuendnis demo``: a generated key, local SQLite, plain
HTTP on 127.0.0.1) and development (``DEBUG=1``).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wohnbuendnis.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("WOHNBUENDNIS_DATA_DIR") or Path.cwd() / "var").resolve()

DEMO = env_bool("WOHNBUENDNIS_DEMO")
DEBUG = env_bool("DEBUG")
LOCAL = DEMO or DEBUG  # plain HTTP on this machine, generated secret key
# The one password of every demo login (documented in the README); used only by the demo data.
DEMO_PASSWORD = "wohnen-musterstadt"  # noqa: S105 - public by design, demo only


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not LOCAL:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set SECRET_KEY (or SECRET_KEY_FILE) to a long random "
            "string; only the demo (WOHNBUENDNIS_DEMO=1) and DEBUG=1 generate one"
        )
    # The demo keeps its generated key so that sessions survive a restart.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'wohnbuendnis.sqlite3'}"
    try:
        # Persistent connections: each worker keeps its PostgreSQL connection for
        # DATABASE_CONN_MAX_AGE seconds instead of opening one per request (2–4 ms each), and
        # checks it before reuse (CONN_HEALTH_CHECKS), so a restarted database costs no error.
        config = dj_database_url.parse(
            url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    except Exception:
        scheme = urlsplit(url).scheme or "(none)"
        raise ImproperlyConfigured(
            f"DATABASE_URL: unsupported scheme {scheme!r}; expected sqlite:///PATH or "
            "postgres://USER:PASSWORD@HOST:PORT/NAME"
        ) from None
    engine = str(config["ENGINE"])
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL: {engine.rsplit('.', 1)[-1]} is not supported; "
            "expected sqlite:///PATH or postgres://…"
        )
    if engine.endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0  # a file: nothing to keep open between requests
        if not config.get("NAME"):
            raise ImproperlyConfigured("DATABASE_URL: sqlite needs a file path (sqlite:///PATH)")
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        # WAL and a busy timeout let the demo's web server and a background job share the file.
        config["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    return config


SECRET_KEY = _secret_key()
DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _caches() -> dict[str, dict[str, object]]:
    """Redis when REDIS_URL is set (production: shared by every server process), otherwise
    each process's own memory (the demo and the tests need nothing running)."""
    url = env_str("REDIS_URL")
    timeout = env_int("CACHE_SECONDS", 24 * 3600)
    if not url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "TIMEOUT": timeout,
                "OPTIONS": {"MAX_ENTRIES": 2000},
            }
        }
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            "REDIS_URL: expected redis://HOST:PORT/DB (or rediss://, unix://)"
        )
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "wohnbuendnis") or "",
            "TIMEOUT": timeout,
        }
    }


CACHES = _caches()
REDIS = "RedisCache" in str(CACHES["default"]["BACKEND"])
# What an alliance's public page shows visitors without a login is built at most once in
# this many seconds (it reads concept, meetings, events, reports and forecast); signed-in
# people always see it as it is. 0: built on every visit.
PUBLIC_PAGE_SECONDS = env_int("PUBLIC_PAGE_SECONDS", 60)


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if LOCAL else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "wohnbuendnis.config",
    "wohnbuendnis.lib",
    "wohnbuendnis.accounts",
    "wohnbuendnis.areas",
    "wohnbuendnis.alliance",
    "wohnbuendnis.meetings",
    "wohnbuendnis.events",
    "wohnbuendnis.news",
    "wohnbuendnis.concept",
    "wohnbuendnis.consultations",
    "wohnbuendnis.monitoring",
    "wohnbuendnis.forecast",
    "wohnbuendnis.allocation",
    "wohnbuendnis.site",
    "wohnbuendnis.reports",
    "wohnbuendnis.opendata",
    "wohnbuendnis.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",  # second factor: see SECOND_FACTOR_REQUIRED
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API's interactive docs (Swagger UI) from our own static files
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wohnbuendnis.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "wohnbuendnis.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "wohnbuendnis.config.urls"
WSGI_APPLICATION = "wohnbuendnis.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wohnbuendnis.config.context_processors.platform",
            ],
            "builtins": ["wohnbuendnis.lib.template_tags"],
        },
    },
]

# Accounts, passwords, lockout
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins
    "rules.permissions.ObjectPermissionBackend",
    # Django's model permissions without those of the case apps: there only the role rules
    # count, also for superusers (IT administers accounts, not cases).
    "wohnbuendnis.accounts.backends.AccountAdministrationBackend",
]
PASSWORD_HASHERS = [
    # argon2id at OWASP's parameters; hashes made with Django's defaults upgrade at next login
    "wohnbuendnis.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads hashes made before argon2
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "start"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
# API (api/): calls a token (or an address without one) may make per minute
API_RATE_LIMIT = f"{env_int('API_CALLS_PER_MINUTE', 120)}/m"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Second factor (TOTP via django-otp, recovery codes): mandatory for the roles that see personal
# data and for IT (accounts/roles.py); pages other than set-up/verify/logout are refused until the
# session is confirmed. On by default, off in the demo; WOHNBUENDNIS_REQUIRE_2FA=0/1 overrides.
SECOND_FACTOR_REQUIRED = env_bool("WOHNBUENDNIS_REQUIRE_2FA", default=not DEMO)
OTP_TOTP_ISSUER = "wohnbuendnis"

# Sessions expire after inactivity and with the browser. A session is saved when it changes
# and, to move its end, at most once a minute while it is used (accounts.middleware.
# IdleSessionMiddleware), not on every request. With Redis the sessions are read from the cache
# (and written to the database too, so a restart of Redis signs nobody out).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS else "django.contrib.sessions.backends.db"
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS and browser security headers (production defaults; the demo serves plain HTTP locally)
HTTPS = env_bool("HTTPS", default=not LOCAL)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Mail (password reset, invitations)
EMAIL_HOST = env_str("EMAIL_HOST", "") or ""
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "wohnbuendnis@localhost") or ""
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Language and time
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# Static files: served by whitenoise. With STATIC_ROOT set (production), run
# `wohnbuendnis manage collectstatic` once per release; otherwise files come from the package.
STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT") or None
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_ROOT
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or DATA_DIR / "media")

# Uploads (docs/configuration.md): files above UPLOAD_MEMORY_KB go to temporary files in
# UPLOAD_TEMP_DIR, never whole into memory; each kind of upload has its own limit in MB, checked
# before the file is read (UPLOAD_LIMITS_MB="genesis=100,meeting_document=50" overrides); import
# files never committed are deleted after UPLOAD_RETENTION_HOURS.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MEMORY_KB", 2560) * 1024
FILE_UPLOAD_TEMP_DIR = env_str("UPLOAD_TEMP_DIR") or None
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "wohnbuendnis.lib.uploads.CappedUploadHandler",
]


def _upload_limits() -> dict[str, int]:
    limits = {
        **dict.fromkeys(["observations", "genesis", "boundaries", "forecast_inputs"], 50),
        "official_projection": 10,
        **dict.fromkeys(["koeln_population", "hamburg_profile", "kiel_population"], 20),
        **dict.fromkeys(
            ["kiel_households", "konstanz", "zensus_municipalities", "zensus_rent"], 20
        ),
        "meeting_document": 20,
        "concept_decision": 20,
        "consultation_document": 20,
        "concept_workbook": 10,
        "alliance_logo": 2,
        "register_import": 20,
    }
    for item in env_list("UPLOAD_LIMITS_MB", []):
        kind, _sep, mb = (part.strip() for part in item.partition("="))
        if kind not in limits or not mb.isdigit():
            raise ImproperlyConfigured(
                f"UPLOAD_LIMITS_MB: {item!r} is not KIND=MB with KIND one of {', '.join(limits)}"
            )
        limits[kind] = int(mb)
    return limits


UPLOAD_LIMITS_MB = _upload_limits()
UPLOAD_RETENTION_HOURS = env_int("UPLOAD_RETENTION_HOURS", 24)
# Personal data of event registrations (name, e-mail, organisation) are deleted this many days
# after the event (events.services.delete_expired_registrations); the counts stay.
EVENT_REGISTRATION_RETENTION_DAYS = env_int("EVENT_REGISTRATION_RETENTION_DAYS", 30)

# The instance's public address (https://wohnen.example.de) for links in e-mails that the worker
# sends without a request (the allocation's reminders); empty: those reminders are left to cron.
BASE_URL = (env_str("BASE_URL") or "").rstrip("/")

# Background tasks (forecast runs): the database backend, processed by `wohnbuendnis manage
# db_worker`; TASKS_IMMEDIATE=1 runs them inline in the request (tests, demo).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("TASKS_IMMEDIATE")
        else "django_tasks_db.DatabaseBackend"
    }
}
# Address of a Dask distributed scheduler for forecast runs (tcp://host:8786); empty = in-process.
FORECAST_DASK_SCHEDULER = env_str("FORECAST_DASK_SCHEDULER") or None

# Logs go to stderr; they carry no personal data (ids only), see docs/data-protection.md.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

ADMINS = [("Admin", address) for address in env_list("ADMIN_EMAILS", [])]
