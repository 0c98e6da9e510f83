"""The admin's labelled user and group pages are installed when the apps are loaded, not when the
URLconf is imported: `runserver`'s reloader imports the URLconf in its own thread while the system
checks iterate the admin's registry, and a re-registration then broke the checks now and then."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import django
django.setup()
from django.contrib import admin
from django.contrib.auth.models import Group, User
print("urls imported" if "config.urls" in sys.modules else "urls not imported")
print(type(admin.site._registry[User]).__name__, type(admin.site._registry[Group]).__name__)
"""


def test_the_labelled_auth_admins_are_installed_before_any_urlconf_is_imported(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{tmp_path}/db"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "urls not imported"
    assert out[1] == "LabelledUserAdmin LabelledGroupAdmin"
