"""The app's settings with caching switched off (Django's DummyCache): the baseline of the load
benchmark (bench/load.py), where every request computes control, areas and front lines and
renders the map again. Used as DJANGO_SETTINGS_MODULE=bench.settings_nocache; never in production."""

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
