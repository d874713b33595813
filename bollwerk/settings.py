"""Bollwerk settings, read from the environment (see README "Configuration").

Without configuration Bollwerk runs embedded: SQLite and a file-system Celery
transport under ``var/``. ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to
PostgreSQL and Redis. ``DEBUG`` defaults to off; production refuses to start
without ``SECRET_KEY``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from bollwerk.env import (
    ConfigError,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BOLLWERK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ConfigError(
            "SECRET_KEY is not set. Production mode (DEBUG off) needs a secret key: "
            "set SECRET_KEY or SECRET_KEY_FILE, or set DEBUG=1 for development."
        )
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "django_htmx",
    "bollwerk",
    "assets",
    "compliance",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bollwerk.uploads.UploadSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "bollwerk.middleware.LoginRequiredMiddleware",
    "bollwerk.middleware.SecondFactorRequiredMiddleware",
    "bollwerk.middleware.ActiveOrganizationMiddleware",
    "bollwerk.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bollwerk.urls"
WSGI_APPLICATION = "bollwerk.wsgi.application"
ASGI_APPLICATION = "bollwerk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bollwerk.context_processors.organization",
            ],
        },
    }
]

DATABASES = {"default": database_config("DATABASE_URL", VAR_DIR / "bollwerk.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "bollwerk.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection: five wrong passwords lock the account for a while.
AXES_FAILURE_LIMIT = env_int("BOLLWERK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("BOLLWERK_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Sessions: HTTP-only, secure outside development, idle timeout sliding.
SESSION_COOKIE_AGE = 60 * env_int("BOLLWERK_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("BOLLWERK_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BOLLWERK_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = env_str("BOLLWERK_LANGUAGE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("BOLLWERK_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("BOLLWERK_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
BOLLWERK_UPLOAD_MAX_BYTES = env_int("BOLLWERK_UPLOAD_MAX_MB", 50, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = BOLLWERK_UPLOAD_MAX_BYTES
# The dashboard shows the stored score; writes to assessments, evidence and the classification
# mark it stale at once, other inputs (inventory, SBOMs, findings, MFA) count after this age.
BOLLWERK_SCORE_MAX_AGE_MINUTES = env_int("BOLLWERK_SCORE_MAX_AGE_MINUTES", 15, minimum=1)
# Vulnerability matching: folder of advisory files the vulnerability_rematch check imports, and
# optional OSV/CSAF/KEV feed URLs it fetches when the instance has internet (skipped if not).
BOLLWERK_ADVISORY_IMPORT_DIR = env_str("BOLLWERK_ADVISORY_IMPORT_DIR", "")
BOLLWERK_ADVISORY_FEED_URLS = env_list("BOLLWERK_ADVISORY_FEED_URLS", [])
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "bollwerk.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Third-party corpora for tests (../shared/data by default).
BOLLWERK_EXTERNAL_DATA = Path(
    env_str("BOLLWERK_EXTERNAL_DATA", str(BASE_DIR.parent / "shared" / "data"))
)
BOLLWERK_SCAN_ALLOWED = env_networks("BOLLWERK_SCAN_ALLOWED", "127.0.0.0/8")

# --- Reports: optional PAdES signature (PEM paths; the passphrase may come from *_FILE) ---
BOLLWERK_REPORT_SIGNING_KEY = env_str("BOLLWERK_REPORT_SIGNING_KEY") or None
BOLLWERK_REPORT_SIGNING_CERT = env_str("BOLLWERK_REPORT_SIGNING_CERT") or None
BOLLWERK_REPORT_SIGNING_PASSPHRASE = env_str("BOLLWERK_REPORT_SIGNING_PASSPHRASE") or None

# --- Celery -----------------------------------------------------------------
_CELERY_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    for sub in ("queue", "processed"):
        (_CELERY_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_CELERY_DIR / "queue"),
        "data_folder_out": str(_CELERY_DIR / "queue"),
        "processed_folder": str(_CELERY_DIR / "processed"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("BOLLWERK_CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60),
    }
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("BOLLWERK_TASK_SOFT_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("BOLLWERK_TASK_TIME_LIMIT", 660, minimum=1)
CELERY_TASK_ALWAYS_EAGER = env_bool("BOLLWERK_CELERY_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
BOLLWERK_HEARTBEAT_INTERVAL_S = env_int("BOLLWERK_HEARTBEAT_INTERVAL_S", 30, minimum=5)

# --- Checks and findings (bollwerk.checks) ----------------------------------
BOLLWERK_CHECK_SOFT_TIME_LIMIT = env_int(
    "BOLLWERK_CHECK_SOFT_TIME_LIMIT", CELERY_TASK_SOFT_TIME_LIMIT, minimum=1
)
BOLLWERK_CHECK_TIME_LIMIT = env_int("BOLLWERK_CHECK_TIME_LIMIT", CELERY_TASK_TIME_LIMIT, minimum=1)
BOLLWERK_CHECK_HEARTBEAT_S = env_int("BOLLWERK_CHECK_HEARTBEAT_S", 15, minimum=1)
# A running run whose heartbeat is older than this is taken for dead (worker lost).
BOLLWERK_CHECK_STALE_S = env_int("BOLLWERK_CHECK_STALE_S", 120, minimum=2)
# A queued run no worker took within this time is failed (its message was lost).
BOLLWERK_CHECK_QUEUED_MAX_S = env_int("BOLLWERK_CHECK_QUEUED_MAX_S", 6 * 3600, minimum=60)
BOLLWERK_STALE_ACCOUNT_DAYS = env_int("BOLLWERK_STALE_ACCOUNT_DAYS", 90, minimum=1)
# Days from first sight until a finding of that severity is due.
BOLLWERK_FINDING_SLA_DAYS = {
    "critical": env_int("BOLLWERK_SLA_CRITICAL_DAYS", 7, minimum=1),
    "high": env_int("BOLLWERK_SLA_HIGH_DAYS", 30, minimum=1),
    "medium": env_int("BOLLWERK_SLA_MEDIUM_DAYS", 90, minimum=1),
    "low": env_int("BOLLWERK_SLA_LOW_DAYS", 180, minimum=1),
}
BOLLWERK_WEBHOOK_TIMEOUT_S = env_int("BOLLWERK_WEBHOOK_TIMEOUT_S", 10, minimum=1)
# A dedicated Celery queue for check runs and notifications (empty: the default queue).
BOLLWERK_CHECK_QUEUE = env_str("BOLLWERK_CHECK_QUEUE", "") or None

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "bollwerk.api.authentication.BearerTokenAuthentication",
        "bollwerk.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bollwerk.api.permissions.RolePermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bollwerk API",
    "DESCRIPTION": "NIS2/CER compliance and cyber-risk data of one organization.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SectorEnum": "bollwerk.models.tenancy.Sector",
        "ProtectionNeedEnum": "assets.models.asset.Need",
        # Choice sets whose field names ("status", "source") recur with other values:
        "AdvisorySourceEnum": "assets.advisories.models.Advisory.Source",
        "ScanSourceEnum": "assets.models.scans.ScanRun.Source",
        "ScanStatusEnum": "assets.models.scans.ScanRun.Status",
        "VexStatusEnum": "assets.models.matching.VexStatus",  # also an advisory entry's status
    },
}

# --- Mail and logging -------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "bollwerk@localhost")
OTP_TOTP_ISSUER = env_str("BOLLWERK_TOTP_ISSUER", "Bollwerk")
# Security keys (WebAuthn) are a second factor only: never a password replacement.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "bollwerk.services.webauthn.BollwerkWebAuthnHelper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "bollwerk.services.webauthn.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "bollwerk.services.webauthn.relying_party_name"
BOLLWERK_WEBAUTHN_ORIGINS = env_list(
    "BOLLWERK_WEBAUTHN_ORIGINS",
    [f"https://{h}" for h in ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")]
    or ["https://localhost"],
)
OTP_WEBAUTHN_ALLOWED_ORIGINS = BOLLWERK_WEBAUTHN_ORIGINS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
