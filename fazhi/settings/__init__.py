"""Settings from environment variables.

DATABASE_URL        database (default: SQLite file var/fazhi.sqlite3 in the project directory)
FAZHI_SECRET_KEY    secret key (required in production)
FAZHI_DEBUG         "1"/"true" to enable debug pages (default off)
FAZHI_ALLOWED_HOSTS comma-separated host names (default: localhost names)
FAZHI_VAR_DIR       where the SQLite file, uploads and job files live (default: var/)
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY", "fazhi-insecure-development-key-change-me-in-production")
DEBUG = env_bool("FAZHI_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
                 if h.strip()]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several job workers and the web server share one file: wait for locks instead of failing.
    # WAL: pages keep reading while an import or a job writes.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE",
                                       "init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "fazhi.core",
    "fazhi.calendar",
    "fazhi.procedures",
    "fazhi.figures",
    "fazhi.dashboard",
    "fazhi.imports",
    "fazhi.rulemaking",
    "fazhi.legislation",
    "fazhi.library",
    "fazhi.tasks",
    "fazhi.inspections",
    "fazhi.meetings",
    "fazhi.dutyreports",
    "fazhi.projects",
    "fazhi.study",
    "fazhi.assessment",
    "fazhi.enforcement",
    "fazhi.randominspections",
    "fazhi.cases",
    "fazhi.reports",
    "fazhi.casereviews",
    "fazhi.portal",
    "fazhi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "fazhi.core.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese is the source language of the UI; English is a translation (locale/en).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "fazhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "fazhi" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
}

# Platform knobs (administrators override the legal ones per region in the database).
FAZHI = {
    # An import with more rows than this runs as a background job with a progress bar.
    "IMPORT_BACKGROUND_ROWS": int(os.environ.get("FAZHI_IMPORT_BACKGROUND_ROWS", "500")),
    # A running time limit is "due soon" this many working days before its due date.
    "DUE_SOON_WORKING_DAYS": 3,
    "API_PAGE_SIZE": 50,
    # Files that may be attached to a record (evidence, opinions, minutes…): office documents, PDF/OFD,
    # images, recordings. Executables, scripts and archives (which could hide either) never.
    "ATTACHMENT_EXTENSIONS": (".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".csv", ".txt",
                              ".jpg", ".jpeg", ".png", ".mp3", ".mp4"),
    "ATTACHMENT_MAX_MB": 20,
}
