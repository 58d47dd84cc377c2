"""Kefu's one settings module. Everything that differs between machines comes from KEFU_* env vars.

See `.env.example` for the full list with defaults.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent  # src/kefu
PROJECT_DIR = BASE_DIR.parent.parent  # the checkout


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


KEFU_HOME = Path(env("KEFU_HOME", str(PROJECT_DIR / "var"))).resolve()
KEFU_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = env("KEFU_SECRET_KEY")
    if configured:
        return configured
    key_file = KEFU_HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("KEFU_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in env("KEFU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env("KEFU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.forms",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs assets locally instead of from a CDN
    "kefu.core",
    "kefu.accounts",
    "kefu.catalog",
    "kefu.customers",
    "kefu.knowledge",
    "kefu.service",
    "kefu.strategies",
    "kefu.demo",
]

MIDDLEWARE = [
    # First: every response carries the request id; the metrics see every request.
    "kefu.core.request_context.RequestContextMiddleware",
    "kefu.core.metrics.MetricsMiddleware",
    "kefu.core.health.ProbeMiddleware",  # before the Host check: balancers probe by IP
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kefu.accounts.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kefu.core.middleware.ApplicationErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kefu.urls"
ASGI_APPLICATION = "kefu.asgi.application"
WSGI_APPLICATION = "kefu.wsgi.application"

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
                "kefu.core.navigation.navigation",
                "kefu.service.context.notifications",
            ],
        },
    },
]
FORM_RENDERER = "kefu.core.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("KEFU_DATABASE_URL", f"sqlite:///{KEFU_HOME / 'kefu.sqlite3'}"),
        conn_max_age=int(env("KEFU_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the job consumer write while pages read; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and env("KEFU_DB_POOL_SIZE", "10") != "0"
):
    # Under ASGI each request may run in another thread, so persistent per-thread connections
    # pile up ("too many clients"); a pool per process bounds them and saves the connect.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # With a pool, Django's health checks mean the pool checks a connection before handing it
    # out: after a database restart the dead ones are replaced instead of failing a request each.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(env("KEFU_DB_POOL_SIZE", "10")),
        "timeout": 20,
    }
if env("KEFU_REPLICA_DATABASE_URL"):
    # A read replica for reports: only reads marked with kefu.core.replica.replica_reads() go
    # there (it lags the primary); tests read the primary in its place.
    DATABASES["replica"] = dj_database_url.parse(
        env("KEFU_REPLICA_DATABASE_URL"),
        conn_max_age=int(env("KEFU_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if "pool" in DATABASES["default"].get("OPTIONS", {}):
        DATABASES["replica"].update(CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=True)
        DATABASES["replica"]["OPTIONS"] = {"pool": dict(DATABASES["default"]["OPTIONS"]["pool"])}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["kefu.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kefu.accounts.backends.CachedPermissionsBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes), counted per username and address.
AXES_FAILURE_LIMIT = int(env("KEFU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("KEFU_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = env("KEFU_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("KEFU_TIME_ZONE", "Asia/Shanghai")
PHONE_REGION = env("KEFU_PHONE_REGION", "CN")

STATIC_URL = "/static/"
STATIC_ROOT = KEFU_HOME / "static"
NODE_MODULES = Path(env("KEFU_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
# Front-end libraries come from npm (package.json) and are served locally: never a CDN.
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # The CSP build of Alpine: no `new Function`, so script-src needs no 'unsafe-eval'.
    ("vendor/alpinejs", NODE_MODULES / "@alpinejs" / "csp" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (prefix, path) for prefix, path in STATICFILES_DIRS if path.exists()
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = KEFU_HOME / "media"
MEDIA_URL = "/media/"
for _folder in (STATIC_ROOT, MEDIA_ROOT):
    _folder.mkdir(parents=True, exist_ok=True)

# Uploaded files (attachments): MEDIA_ROOT by default, S3-compatible object storage (AWS S3,
# MinIO, Aliyun OSS, Tencent COS …) with KEFU_STORAGE=s3. Code reaches files only through the
# storage API, never a local path.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env("KEFU_STORAGE", "local") == "s3":
    if not env("KEFU_S3_BUCKET"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("KEFU_STORAGE=s3 needs KEFU_S3_BUCKET.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("KEFU_S3_BUCKET"),
            "endpoint_url": env("KEFU_S3_ENDPOINT_URL") or None,
            "region_name": env("KEFU_S3_REGION") or None,
            # Unset: boto3 finds credentials itself (instance role, ~/.aws, AWS_* variables).
            "access_key": env("KEFU_S3_ACCESS_KEY") or None,
            "secret_key": env("KEFU_S3_SECRET_KEY") or None,
            "addressing_style": env("KEFU_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # private: files are served through Kefu's permission checks
            "querystring_auth": True,
            "file_overwrite": False,  # two uploads named alike must not replace each other
        },
    }

REDIS_URL = env("KEFU_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis that is down is a cache miss, not an error page (kefu.core.cache).
            "BACKEND": "kefu.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kefu",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "kefu",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": int(env("KEFU_WORKERS", "4")), "worker_type": "thread"},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(KEFU_HOME / "cache"),
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "kefu",
        "filename": str(KEFU_HOME / "jobs.sqlite3"),
        "immediate": False,
        "consumer": {"workers": int(env("KEFU_WORKERS", "2")), "worker_type": "thread"},
    }
if env_bool("KEFU_JOBS_IMMEDIATE", False):
    HUEY["immediate"] = True
# The job ledger (ADR 0004): a run whose worker stops is claimed again after its lease; a queued
# run not started this long after it was due is sent again; finished runs are kept this long.
KEFU_JOB_LEASE_SECONDS = int(env("KEFU_JOB_LEASE_SECONDS", "300"))
KEFU_JOB_RESEND_SECONDS = int(env("KEFU_JOB_RESEND_SECONDS", "120"))
KEFU_JOB_KEEP_DAYS = int(env("KEFU_JOB_KEEP_DAYS", "30"))

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Cookies over HTTPS only unless in debug; the plain-http demo sets KEFU_SECURE_COOKIES=off.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG and env_bool("KEFU_SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # Browsers only honour HSTS over HTTPS, so plain-http installations are not locked out.
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# TLS usually ends at the proxy, which redirects http itself; health checks come in on plain http.
SECURE_SSL_REDIRECT = env_bool("KEFU_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz", r"^readyz", r"^metrics"]
if env_bool("KEFU_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preloading puts the domain into the browsers' built-in lists for good: a decision
    # for the domain's owner (hstspreload.org), not a default the software can make.
    "security.W021",
]

# No inline scripts, no eval (Alpine's CSP build, htmx with allowEval off), no inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Administrators (role "admin" and superusers) confirm each login with a TOTP code.
ADMIN_TWO_FACTOR = env_bool("KEFU_ADMIN_2FA", True)
OTP_TOTP_ISSUER = "Kefu"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_CLASS = "kefu.core.api_paging.CappedLimitOffsetPagination"

# Logs go to stderr, one line each: readable text, or JSON objects (KEFU_LOG_FORMAT=json) for a
# log collector. Both carry the request id; kefu.access writes one line per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "kefu.core.logs.ContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "kefu.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "json" if env("KEFU_LOG_FORMAT", "text") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("KEFU_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "kefu.access": {"level": "INFO" if env_bool("KEFU_ACCESS_LOG", True) else "WARNING"},
        # A handler of its own here keeps the consumer from adding Huey's (each line twice).
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# /metrics answers loopback, or anyone sending "Authorization: Bearer <this token>".
METRICS_TOKEN = env("KEFU_METRICS_TOKEN")
