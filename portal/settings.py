"""One settings module, driven by the environment (django-environ).

Nothing set: the embedded default, with DEBUG on only when DEBUG=true is set (the Makefile does).
DEBUG off (production) refuses to start without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and PORTAL_BASE_URL.
"""

import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _required_in_production(name: str, default):
    """Read a variable; without DEBUG a missing one stops start-up with one line naming it."""
    value = env(name, default=None)
    if value:
        return value
    if DEBUG:
        return default
    sys.exit(f"Configuration error: set the {name} environment variable (required when DEBUG is off).")


SECRET_KEY = _required_in_production("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or (
    ["127.0.0.1", "localhost", "[::1]", "testserver"]
    if DEBUG
    else _required_in_production("ALLOWED_HOSTS", [])
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so translated fields show in it
    "portal.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site (portal/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "guideline_content",
    "assessments",
    "api",
    "notifications",
    "reviews",
    "csp",
    "audits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.request_checks.RequestSizeLimitMiddleware",
    "portal.request_checks.RejectNulMiddleware",
    "portal.request_checks.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.request_context.RequestContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.request_checks.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.two_factor.RequireTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
if DEBUG and not env("PORTAL_BASE_URL", default=""):
    MIDDLEWARE.append("portal.base_url.RememberServedAddressMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

# ---------------------------------------------------------------- database
_sqlite_default = f"sqlite:///{BASE_DIR / 'portal.sqlite3'}"
DATABASES = {
    "default": env.db("DATABASE_URL", default=_required_in_production("DATABASE_URL", _sqlite_default))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool: without it every request pays a connection handshake. While PostgreSQL is down
    # or restarting, a request waits at most a few seconds for a connection and then gets the portal's
    # "briefly unavailable" page (portal/request_checks.py) instead of hanging; with health checks on,
    # Django's pool checks a connection before handing it out, so after a restart no request is given
    # a broken one.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "pool": {"timeout": env.float("DB_POOL_TIMEOUT", default=5.0)},
            "connect_timeout": env.int("DB_CONNECT_TIMEOUT", default=3),
            # no statement may hold a worker (and its locks) for long
            "options": f"-c statement_timeout={env.int('DB_STATEMENT_TIMEOUT_MS', default=15000)}",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "assessments:dashboard"

# ---------------------------------------------------------------- accounts (django-allauth)
ACCOUNT_ADAPTER = "accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Behind a reverse proxy every request comes from the proxy's address: say how many proxies to trust
# (their X-Forwarded-For), or which header the one in front sets, so that limits and the audit trail see
# the client. Never set these without a proxy that overwrites the header: clients could pick an address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
# allauth counts these in the cache. Guessing is stopped per account (5 failures in 5 minutes); the
# per-address limits are wide enough for a room of people behind one NAT logging in at once (allauth's
# default of 30 logins a minute per address refused a training room of 50) and still stop a sprayer.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "60/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GenAI Guideline Portal"
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# How long the DPO dashboard's figures for one set of filters are kept before being computed again.
DPO_DASHBOARD_CACHE_SECONDS = env.int("DPO_DASHBOARD_CACHE_SECONDS", default=300)
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="GenAI Guideline Portal <no-reply@localhost>")
# The public address printed in issued PDFs (which never change) and in invitation e-mails: production must
# say it. In development an unset one is taken from the address actually served (portal/base_url.py).
PORTAL_BASE_URL = _required_in_production("PORTAL_BASE_URL", "").rstrip("/")
if PORTAL_BASE_URL and not PORTAL_BASE_URL.startswith(("http://", "https://")):
    sys.exit(f"Configuration error: PORTAL_BASE_URL must start with http:// or https://: {PORTAL_BASE_URL}")
# Reports rendered as soon as a result is stored; others are generated on request.
REPORTS_AUTOMATIC_LANGUAGES = env.list("REPORTS_AUTOMATIC_LANGUAGES", default=["en"])
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---------------------------------------------------------------- languages
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Hong_Kong"
# Dates as each language writes them, every time with its zone (portal/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]
# The language choice outlives the browser session (and is also stored on the user's account).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------- static files
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_MB", default=20) * 1024 * 1024
# Whole request bodies: a section form may attach several evidence files at once (five at the limit by
# default); /verify/ (anonymous) takes one report, a few MB. Larger bodies are refused from their
# Content-Length before a byte is read (portal/request_checks.py).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_MB", default=5 * EVIDENCE_MAX_BYTES // (1024 * 1024)) * 1024 * 1024
VERIFY_MAX_BYTES = 30 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields; files stream to disk past FILE_UPLOAD_MAX_MEMORY_SIZE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence files: never under a public URL, served only through a permission-checked view.
    "evidence": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": env("EVIDENCE_ROOT", default=str(MEDIA_ROOT / "private"))},
    },
    # Issued reports: local disk by default; an S3-compatible store when REPORTS_S3_BUCKET is set
    # (needs the project's [s3] extra, django-storages with boto3).
    "reports": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("REPORTS_S3_BUCKET", default=""),
            "endpoint_url": env("REPORTS_S3_ENDPOINT_URL", default=None),
            "region_name": env("REPORTS_S3_REGION", default=None),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
    if env("REPORTS_S3_BUCKET", default="")
    else {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": env("REPORTS_ROOT", default=str(MEDIA_ROOT / "reports"))},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# ---------------------------------------------------------------- Celery
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL  # no broker: tasks run in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # results are stored on our own rows
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Reports render on their own queue (and worker, in compose): scoring never waits behind a render.
CELERY_TASK_ROUTES = {"assessments.tasks.render_report": {"queue": "reports"}}
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule")
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task a dead worker held is redelivered after visibility_timeout; it must exceed the longest task.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}

# ---------------------------------------------------------------- API (see api/ and docs/api.md)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # Counted in the default cache: use a shared one (CACHE_URL) with several web processes.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle", "api.throttling.PerAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_RATE_PER_TOKEN", default="300/min"),
        "address": env("API_RATE_PER_ADDRESS", default="600/min"),
    },
    # Proxies in front of the portal that append to X-Forwarded-For; 0 trusts only the socket address.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=ALLAUTH_TRUSTED_PROXY_COUNT),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GenAI Guideline Portal API",
    "DESCRIPTION": "Everything an organisation does in the portal, as JSON. Errors are RFC 9457 problem "
    "documents. Walk-through: docs/api.md.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "assessments.models.Membership.Role",
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "ReportStatusEnum": "assessments.models.Report.Status",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_links"],
    "TAGS": [
        {"name": "guideline", "description": "The guideline's published versions and content (public)."},
        {"name": "account", "description": "Who you are, and the token you use."},
        {"name": "organisations", "description": "Organisations, their members and invitations."},
        {"name": "systems", "description": "The register of AI systems."},
        {"name": "assessments", "description": "Self-assessments: start, triage, submit, copy."},
        {"name": "answers", "description": "Answers, one at a time or many at once."},
        {"name": "evidence", "description": "Files attached to answers."},
        {"name": "results", "description": "Scores computed by workers."},
        {"name": "reports", "description": "PDF reports and auditor packages."},
        {"name": "audit", "description": "What happened to an assessment, and who did it."},
    ],
}

# ---------------------------------------------------------------- security (production)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Every script and style comes from static/: no inline script or style is allowed anywhere, so an
# injected one would not run. (The API's ReDoc page alone needs inline styles: api/urls.py.) The QR
# code of the TOTP set-up is a data: image.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO and, at WARNING, every CSS property of inline SVG it
    # leaves to the SVG renderer and every URL our fetcher refuses (by design); fontTools its subsetting.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}
