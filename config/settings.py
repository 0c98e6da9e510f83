"""The only settings file. Every value can come from the environment (see .env.example);
development defaults work with no set-up. Bad values raise ImproperlyConfigured at start-up.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional; real environment wins

DEBUG = env.bool("DJANGO_DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or (_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
if DEBUG:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "gazetteer",
    "events",
    "mapping",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'conflictmap.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while a batch import writes; wait instead of failing on a lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fa", "فارسی"), ("ar", "العربية")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
# Leaflet and the plugins folium uses, from the npm packages `make` installs (mapping/assets.py).
NODE_MODULES = Path(env.str("CONFLICTMAP_NODE_MODULES", default=str(BASE_DIR / "node_modules")))
from mapping.assets import vendor_dirs  # noqa: E402

STATICFILES_DIRS = vendor_dirs(NODE_MODULES)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- gazetteer ---------------------------------------------------------------------------
# Seconds between checks whether the gazetteer changed in the database (another process
# loaded places); edits in this process refresh the geocoder index at once.
GAZETTEER_INDEX_TTL = env.float("GAZETTEER_INDEX_TTL", default=5.0)
# Where `load_gazetteer geonames --download` fetches country dumps (optional, online).
GEONAMES_DOWNLOAD_URL = env.str("GEONAMES_DOWNLOAD_URL", default="https://download.geonames.org/export/dump/")

# --- maps ---------------------------------------------------------------------------------
# Public maps show machine-extracted events too; off: only verified or edited ones (staff see all).
MAP_SHOW_UNVERIFIED = env.bool("MAP_SHOW_UNVERIFIED", default=True)
# Optional raster tiles under the vector basemap, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
# (online; off by default so that nothing leaves the machine).
MAP_TILES_URL = env.str("MAP_TILES_URL", default="")
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default="")
# A locality claims ground up to this distance (km); farther is left unclaimed.
MAP_AREA_CAP_KM = env.float("MAP_AREA_CAP_KM", default=25.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

if GAZETTEER_INDEX_TTL < 0:
    raise ImproperlyConfigured("GAZETTEER_INDEX_TTL must be zero or positive.")

try:  # optional, git-ignored overrides
    from .local_settings import *  # noqa: F403
except ImportError:
    pass
