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
    "portal.logs.RequestIdMiddleware",
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
# allauth counts these in the cache (a shared one in production: CACHE_URL). A lock-out must stop the
# guesser without locking the owner out, so a failed password is counted where it came from
# (accounts/adapter.py):
# - from a browser this account has logged in with before (a signed cookie, accounts/devices.py): in that
#   browser's own count (login_failed_device), which nobody else's failures touch;
# - from any other browser: per account and address (login_failed's key: 5 in 5 minutes), so a guesser at
#   one address cannot lock out the owner at another; per address over all accounts (login_failed's ip:
#   60 a minute, wide enough for a room of people behind one NAT, still stops a sprayer); and per account
#   over all addresses, looser (login_failed_account), which stops a guesser who spreads over many
#   addresses. Only while that one is exhausted does the owner need a browser they used before (or a
#   password reset, which clears the account's counts). A guesser behind the owner's own address can
#   lock out only browsers the owner never used: nothing tells those apart from the guesser's.
# allauth also counts wrong second-factor codes with login_failed (key: the account, 5 in 5 minutes).
# allauth's default of 30 logins a minute per address refused a training room of 50.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "60/m/ip,5/5m/key",
    "login_failed_account": "20/h/key",
    "login_failed_device": "5/5m/key",
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
# an SMTP server that hangs never holds a worker past its task's time limit (CELERY_TASK_SOFT_TIME_LIMIT)
EMAIL_TIMEOUT = EMAIL_CONFIG.get("EMAIL_TIMEOUT") or env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="GenAI Guideline Portal <no-reply@localhost>")
# The public address printed in issued PDFs (which never change) and in invitation e-mails: production must
# say it. In development an unset one is taken from the address actually served (portal/base_url.py).
PORTAL_BASE_URL = _required_in_production("PORTAL_BASE_URL", "").rstrip("/")
if PORTAL_BASE_URL and not PORTAL_BASE_URL.startswith(("http://", "https://")):
    sys.exit(f"Configuration error: PORTAL_BASE_URL must start with http:// or https://: {PORTAL_BASE_URL}")
# Reports rendered as soon as a result is stored; others are generated on request.
REPORTS_AUTOMATIC_LANGUAGES = env.list("REPORTS_AUTOMATIC_LANGUAGES", default=["en"])
# Reports asked for by people (the reports queue is shared by every organisation): per person per hour,
# and per assessment per 24 hours (assessments/services/reports.py). The portal's own are not counted.
REPORTS_PER_USER_PER_HOUR = env.int("REPORTS_PER_USER_PER_HOUR", default=10)
REPORTS_PER_ASSESSMENT_PER_DAY = env.int("REPORTS_PER_ASSESSMENT_PER_DAY", default=20)
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
# Work held by a worker that dies (killed, out of memory, host lost) is redelivered once it has been
# unacknowledged for the visibility timeout of its queue (a warm shutdown hands it back at once). With
# Redis the timeout belongs to a connection, not a queue, so each worker takes the options of the
# queues it consumes (portal/celery.py), and keeps its own list of unacknowledged messages: a scoring
# worker's short timeout never redelivers a report that is still rendering. Every timeout exceeds its
# tasks' hard time limit, so nothing is delivered twice while it runs. Worst case from a crash to the
# work running again, with another worker of the queue alive (or the dead one restarted by compose):
#   scoring, e-mails, notifications ("celery"): 60 s + the 10 s restore sweep = 70 s
#   reports ("reports"): 180 s + 10 s = 190 s (the render's lease, 150 s, has expired by then)
# CELERY_VISIBILITY_TIMEOUT, when set, replaces both (the worker tests use 15 s).
CELERY_TASK_TIME_LIMIT = 45  # seconds; scoring takes well under one, an e-mail at most EMAIL_TIMEOUT
CELERY_TASK_SOFT_TIME_LIMIT = 30
REPORT_RENDER_TIME_LIMIT = env.int("REPORT_RENDER_TIME_LIMIT", default=120)  # a 21-page report: ~3 s
REPORT_RENDER_LEASE_SECONDS = REPORT_RENDER_TIME_LIMIT + 30
CELERY_TASK_ANNOTATIONS = {
    # the soft limit marks the report failed with its cause (it can be retried); the hard one is a backstop
    "assessments.tasks.render_report": {
        "time_limit": REPORT_RENDER_TIME_LIMIT,
        "soft_time_limit": REPORT_RENDER_TIME_LIMIT - 20,
    }
}
CELERY_QUEUE_VISIBILITY_TIMEOUTS = {
    "celery": CELERY_TASK_TIME_LIMIT + 15,
    "reports": REPORT_RENDER_LEASE_SECONDS + 30,
}
CELERY_VISIBILITY_TIMEOUT_OVERRIDE = env.int("CELERY_VISIBILITY_TIMEOUT", default=0) or None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # for processes that consume no queue of their own (web, beat, `celery inspect`): the "celery" queue's
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_OVERRIDE or CELERY_QUEUE_VISIBILITY_TIMEOUTS["celery"],
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=1),
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

# One JSON object a line in production (LOG_FORMAT=text for plain lines), each with the request's id
# (X-Request-ID, also sent back in the response), which the tasks it queued log too.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING too
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO and, at WARNING, every CSS property of inline SVG it
    # leaves to the SVG renderer and every URL our fetcher refuses (by design); fontTools its subsetting.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}
