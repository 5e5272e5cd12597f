"""Project wiring. Everything deployment-specific comes from LAWTRAIL_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from lawtrail.paths import var_dir

VAR_DIR = var_dir()
BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("LAWTRAIL_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _database() -> dict:
    url = os.environ.get("LAWTRAIL_DATABASE_URL", "")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("LAWTRAIL_SQLITE_PATH", str(VAR_DIR / "lawtrail.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two writers can never
                # both read the same ledger head and fork the chain (R-INT-2).
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            "TEST": {"NAME": os.environ.get("LAWTRAIL_SQLITE_TEST_PATH") or None},
        }
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise RuntimeError(f"LAWTRAIL_DATABASE_URL: unsupported scheme {parsed.scheme!r}, expected postgresql://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = _secret_key()
DEBUG = _env_bool("LAWTRAIL_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("LAWTRAIL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LAWTRAIL_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs page from its bundled files, not a CDN (no network where we run)
    "lawtrail.ledger",
    "lawtrail.registry",
    "lawtrail.access",
    "lawtrail.workdays",
    "lawtrail.procedures",
    "lawtrail.cases",
    "lawtrail.evidence",
    "lawtrail.review",
    "lawtrail.archive",
    "lawtrail.web",
    "lawtrail.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lawtrail.access.middleware.PartyPortalOnly",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lawtrail.urls"
WSGI_APPLICATION = "lawtrail.wsgi.application"

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
                "lawtrail.web.context.view_watermark",
                "lawtrail.web.context.lawtrail",
                "lawtrail.web.context.menu",
            ],
        },
    },
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from the finders; keep it quiet
MEDIA_ROOT = Path(os.environ.get("LAWTRAIL_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads larger than this are refused before parsing (imports, photos). Audio-video goes through
# its own streaming upload, never through this limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LAWTRAIL = {
    # Ed25519 key that signs ledger checkpoints; kept outside the database (R-INT-3).
    "SIGNING_KEY_PATH": os.environ.get("LAWTRAIL_SIGNING_KEY", str(VAR_DIR / "keys" / "checkpoint-ed25519.pem")),
    # Name of this log in signed checkpoints, so checkpoints of two deployments cannot be confused.
    "LOG_ORIGIN": os.environ.get("LAWTRAIL_LOG_ORIGIN", "lawtrail.local/ledger"),
    # A checkpoint is signed automatically whenever the tree has grown by this many entries.
    "CHECKPOINT_EVERY": int(os.environ.get("LAWTRAIL_CHECKPOINT_EVERY", "1000")),
    # And at least this often (seconds) while `lawtrail serve` runs.
    "CHECKPOINT_INTERVAL": int(os.environ.get("LAWTRAIL_CHECKPOINT_INTERVAL", "300")),
    "SWEEP_INTERVAL": int(os.environ.get("LAWTRAIL_SWEEP_INTERVAL", "600")),
    "FIXITY_INTERVAL": int(os.environ.get("LAWTRAIL_FIXITY_INTERVAL", "86400")),
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 5000,
    "PHOTO_MAX_BYTES": 2 * 1024 * 1024,
    # Audio-video and other files (evidence/storage.py): "local" (files under BLOB_ROOT) or "s3".
    "BLOB_STORE": os.environ.get("LAWTRAIL_BLOB_STORE", "local"),
    "BLOB_ROOT": os.environ.get("LAWTRAIL_BLOB_ROOT", str(VAR_DIR / "blobs")),
    # Uploads in progress (tus): partial files on local disk, on the same filesystem as BLOB_ROOT so a
    # finished upload is moved into place rather than copied.
    "UPLOAD_ROOT": os.environ.get("LAWTRAIL_UPLOAD_ROOT", str(VAR_DIR / "uploads")),
    "UPLOAD_MAX_BYTES": int(os.environ.get("LAWTRAIL_UPLOAD_MAX_BYTES", str(64 * 1024**3))),
    "S3_ENDPOINT": os.environ.get("LAWTRAIL_S3_ENDPOINT", ""),
    "S3_BUCKET": os.environ.get("LAWTRAIL_S3_BUCKET", "lawtrail"),
    "S3_REGION": os.environ.get("LAWTRAIL_S3_REGION", ""),
    "S3_ACCESS_KEY": os.environ.get("LAWTRAIL_S3_ACCESS_KEY", ""),
    "S3_SECRET_KEY": os.environ.get("LAWTRAIL_S3_SECRET_KEY", ""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LAWTRAIL_LOG_LEVEL", "WARNING")},
}
