"""The only settings file. Every value can come from the environment (see .env.example);
development defaults work with no set-up. Bad values raise ImproperlyConfigured at start-up.
"""

import contextlib
import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

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

# --- security (issue 7) --------------------------------------------------------------------
# With DJANGO_DEBUG off the defaults are the production ones `manage.py check --deploy` asks
# for (HTTPS only, secure cookies, HSTS for a year); in development they are off. Serving plain
# http with DEBUG off (a test server) needs DJANGO_SECURE_SSL_REDIRECT=0 and the two cookie
# settings at 0. Behind a proxy that terminates TLS and sets X-Forwarded-Proto, set
# DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (only then: a client could send it).
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is the development key: set a random one when DJANGO_DEBUG is off.")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Asking browsers to preload the domain is the operator's decision (hard to undo): off, and
# check --deploy's reminder about it (security.W021) silenced while it is off.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
_PROXY_HEADER = env.list("DJANGO_SECURE_PROXY_SSL_HEADER", default=[])
if _PROXY_HEADER and len(_PROXY_HEADER) != 2:
    raise ImproperlyConfigured("DJANGO_SECURE_PROXY_SSL_HEADER is HEADER,VALUE, e.g. HTTP_X_FORWARDED_PROTO,https")
SECURE_PROXY_SSL_HEADER = tuple(_PROXY_HEADER) if _PROXY_HEADER else None
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The site's login page (readers); the admin has its own. MAP_LOGIN_REQUIRED=true makes every
# page and API need a logged-in user (mapping/access.py).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "mapping:home"
LOGOUT_REDIRECT_URL = "mapping:home"
MAP_LOGIN_REQUIRED = env.bool("MAP_LOGIN_REQUIRED", default=False)
# The largest report accepted (bytes of text), by ingest, the admin's upload and extract.
REPORT_MAX_BYTES = env.int("REPORT_MAX_BYTES", default=2 * 1024 * 1024)
if REPORT_MAX_BYTES <= 0:
    raise ImproperlyConfigured("REPORT_MAX_BYTES must be positive.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "config.apps.AxesConfig",  # django-axes, named in the reader's language
    "mapkit",
    "gazetteer",
    "events",
    "monitoring",
    "mapping",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, pre-compressed: before GZip
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag; 304 when If-None-Match matches
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mapping.access.MapLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the locked-out page
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
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
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
# Persistent connections (a URL's ?conn_max_age= wins): a new SQLite connection per request
# costs more than a cached page (bench/load.py: 120 → 477 req/s on the control page).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

TIME_ZONE = "UTC"
USE_TZ = True

# --- interface languages, compression, Content-Security-Policy (issue 14) -----------------
# English, Persian and Arabic: LocaleMiddleware picks the language from the reader's choice (the
# switcher, kept in the `django_language` cookie, or `?lang=`) or Accept-Language. Catalogues
# live in locale/ as .po files; `make install` compiles them (compilemessages), no .mo is kept.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fa", "فارسی"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# Pages and API answers are gzipped (GZipMiddleware; static files by whitenoise) and carry an
# ETag, so an unchanged control snapshot is answered with 304 Not Modified.
# Every page and the admin send a CSP: scripts only from this site or with the request's nonce
# (folium's inline scripts carry it), no 'unsafe-inline' for scripts. Styles may be inline
# (Leaflet and folium position and colour elements with style attributes). Images may come from
# MAP_TILES_URL's host when tiles are configured.


def _tiles_origin(url: str) -> list[str]:
    """The scheme and host of a tile URL template ("https://tile.example/{z}/{x}/{y}.png")."""
    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", *_tiles_origin(env.str("MAP_TILES_URL", default=""))],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
# Leaflet and the plugins folium uses, from the npm packages `make` installs, served as vendor/<name>/
# by mapkit's finder (mapkit/assets.py, mapkit/finders.py).
MAPKIT_NODE_MODULES = Path(env.str("CONFLICTMAP_NODE_MODULES", default=str(BASE_DIR / "node_modules")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "mapkit.finders.VendorFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- login lockout (issue 16) ---------------------------------------------------------------
# django-axes counts failed logins per user name and client address, on the admin's login and
# the site's (MAP_LOGIN_REQUIRED) alike, and after AXES_FAILURE_LIMIT failures refuses that pair,
# even with the right password, for AXES_COOLOFF_TIME minutes (0: until staff lift it with
# `manage.py axes_reset` or in the admin). Any user name counts, existing or not, and the
# locked-out page is the same for all. The client address is REMOTE_ADDR; X-Forwarded-For is
# believed only behind the TLS proxy of DJANGO_SECURE_PROXY_SSL_HEADER (mapping/access.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT must be 1 or more.")
_COOLOFF_MINUTES = env.float("AXES_COOLOFF_TIME", default=30.0)
if _COOLOFF_MINUTES < 0:
    raise ImproperlyConfigured("AXES_COOLOFF_TIME is minutes: zero (locked until lifted) or more.")
AXES_COOLOFF_TIME = dt.timedelta(minutes=_COOLOFF_MINUTES) if _COOLOFF_MINUTES else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful login clears that pair's failures
AXES_CLIENT_IP_CALLABLE = "mapping.access.client_ip"
AXES_LOCKOUT_CALLABLE = "mapping.access.locked_out"

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

# --- areas of control as territory (issue 14; mapping/territory.py explains each rule) ------
# A place claims ground out to MAP_AREA_REACH_FACTOR times the median distance to its natural
# neighbours, never less than MAP_AREA_MIN_REACH_KM nor more than MAP_AREA_CAP_KM (km): a
# desert outpost reaches farther than a village among villages; farther land stays unclaimed.
MAP_AREA_CAP_KM = env.float("MAP_AREA_CAP_KM", default=100.0)
MAP_AREA_MIN_REACH_KM = env.float("MAP_AREA_MIN_REACH_KM", default=8.0)
MAP_AREA_REACH_FACTOR = env.float("MAP_AREA_REACH_FACTOR", default=1.5)
# The land between neighbouring places is claimed whole when each gap is at most this many
# times the two places' reaches.
MAP_AREA_FILL_FACTOR = env.float("MAP_AREA_FILL_FACTOR", default=1.0)
# An enclave (a place at most MAP_AREA_ENCLAVE_SHARE of whose natural neighbours its side
# holds) keeps half the way to its nearest neighbour, at most MAP_AREA_ENCLAVE_KM; the rest of
# its cell goes to the side around it.
MAP_AREA_ENCLAVE_SHARE = env.float("MAP_AREA_ENCLAVE_SHARE", default=0.2)
MAP_AREA_ENCLAVE_KM = env.float("MAP_AREA_ENCLAVE_KM", default=4.0)
# Clean-up: parts holding no place under this size (km²) are dropped; unclaimed holes under
# MAP_AREA_MAX_HOLE_KM2 are filled by the side around them.
MAP_AREA_MIN_PART_KM2 = env.float("MAP_AREA_MIN_PART_KM2", default=50.0)
# Parts holding a place but smaller than this are dropped too (the place's dot still shows it).
MAP_AREA_MIN_HELD_PART_KM2 = env.float("MAP_AREA_MIN_HELD_PART_KM2", default=5.0)
# Cracks narrower than this inside one side's land (two reaches just missing) are closed.
MAP_AREA_CRACK_KM = env.float("MAP_AREA_CRACK_KM", default=2.0)
MAP_AREA_MAX_HOLE_KM2 = env.float("MAP_AREA_MAX_HOLE_KM2", default=500.0)
# Rivers (gazetteer boundaries of level "river" whose name contains one of these words) that
# areas do not cross; empty for none. Loaded by `load_gazetteer boundaries` from ../shared.
MAP_AREA_BARRIER_RIVERS = env.list("MAP_AREA_BARRIER_RIVERS", default=["Euphrates", "Tigris"])
# The borders between the map's countries are barriers too: a town's land ends at the border.
MAP_AREA_BARRIER_BORDERS = env.bool("MAP_AREA_BARRIER_BORDERS", default=True)

# --- cache and background ingestion (issue 6) ---------------------------------------------
# Control snapshots and rendered control maps are cached under keys that carry the data's
# version. Without REDIS_URL they are files under var/cache (CONFLICTMAP_CACHE_DIR), which every
# process of this machine shares and `manage.py warm_maps` fills before the server starts; with
# it (e.g. redis://127.0.0.1:6379/0) every app process and worker shares Redis.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "conflictmap",
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.str("CONFLICTMAP_CACHE_DIR", default=str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# `manage.py ingest` hands reports to Celery workers when a broker is set (e.g.
# amqp://guest:guest@127.0.0.1:5672// or redis://127.0.0.1:6379/1); see config/celery.py.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="rpc://" if CELERY_BROKER_URL else "")
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="conflictmap")  # workers consume this queue

# --- monitoring outlets (issue 13) -----------------------------------------------------------
# `manage.py fetch_feeds` and the scheduled fetch (Celery beat, every FEEDS_EVERY, when a broker
# is set). Loopback, private and link-local hosts are refused (server-side request forgery)
# unless FEEDS_ALLOW_PRIVATE_HOSTS is on (a feed on your own network, the tests' local server).
FEEDS_ALLOW_PRIVATE_HOSTS = env.bool("FEEDS_ALLOW_PRIVATE_HOSTS", default=False)
FEEDS_USER_AGENT = env.str(
    "FEEDS_USER_AGENT", default="conflictmap-monitor/0.1 (+news monitoring for conflict mapping; honours robots.txt)"
)
FEEDS_TIMEOUT = env.float("FEEDS_TIMEOUT", default=10.0)  # seconds to connect, and between two reads
FEEDS_MAX_BYTES = env.int("FEEDS_MAX_BYTES", default=5 * 1024 * 1024)  # largest feed or page read
FEEDS_HOST_DELAY = env.float("FEEDS_HOST_DELAY", default=1.0)  # seconds between two requests to one host
FEEDS_EVERY = env.str("FEEDS_EVERY", default="15m")  # the beat schedule's interval
if FEEDS_TIMEOUT <= 0 or FEEDS_MAX_BYTES <= 0 or FEEDS_HOST_DELAY < 0:
    raise ImproperlyConfigured("FEEDS_TIMEOUT and FEEDS_MAX_BYTES must be positive, FEEDS_HOST_DELAY zero or more.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

if GAZETTEER_INDEX_TTL < 0:
    raise ImproperlyConfigured("GAZETTEER_INDEX_TTL must be zero or positive.")

with contextlib.suppress(ImportError):  # optional, git-ignored overrides
    from .local_settings import *  # noqa: F403
