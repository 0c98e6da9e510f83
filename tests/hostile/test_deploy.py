"""Deployment: with production settings ``manage.py check --deploy`` is clean; the security
settings come from the environment with production defaults; the admin needs a (staff) login;
``MAP_LOGIN_REQUIRED`` makes every page and API need a login."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse

from .procs import ROOT

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "conflictmap.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://conflictmap.example.org",
}
SETTINGS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "ALLOWED_HOSTS",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "MAP_LOGIN_REQUIRED",
    "REPORT_MAX_BYTES",
)


def python(env: dict, *args: str) -> subprocess.CompletedProcess:
    """Python in the project folder with only these DJANGO_/MAP_/REPORT_ variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAP_", "REPORT_"))}
    clean.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return python(env, "manage.py", *args)


def settings_of(env: dict) -> dict:
    """The settings module as it loads with this environment (no Django set-up: fast)."""
    code = (
        "import json, config.settings as s, django.conf.global_settings as g; "
        f"print(json.dumps({{k: getattr(s, k, getattr(g, k, None)) for k in {SETTINGS!r}}}))"
    )
    result = python(env, "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings():
    result = manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_notices_an_unsafe_override():
    result = manage(
        {**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SESSION_COOKIE_SECURE": "0"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0 and "security.W008" in result.stderr and "security.W012" in result.stderr


def test_production_defaults_and_environment_overrides():
    prod = settings_of(PRODUCTION)
    assert prod["DEBUG"] is False
    assert prod["SECURE_SSL_REDIRECT"] and prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    assert (
        prod["SECURE_HSTS_SECONDS"] == 31_536_000
        and prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
        and not prod["SECURE_HSTS_PRELOAD"]
    )
    assert prod["CSRF_TRUSTED_ORIGINS"] == ["https://conflictmap.example.org"]
    assert prod["ALLOWED_HOSTS"] == ["conflictmap.example.org"]
    assert prod["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when set
    assert prod["SESSION_COOKIE_HTTPONLY"] and prod["SECURE_CONTENT_TYPE_NOSNIFF"] and prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["MAP_LOGIN_REQUIRED"] is False and prod["REPORT_MAX_BYTES"] == 2 * 1024 * 1024
    custom = settings_of(
        {
            **PRODUCTION,
            "DJANGO_SECURE_HSTS_SECONDS": "3600",
            "DJANGO_SECURE_HSTS_PRELOAD": "1",
            "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
            "MAP_LOGIN_REQUIRED": "1",
            "REPORT_MAX_BYTES": "5000",
        }
    )
    assert custom["SECURE_HSTS_SECONDS"] == 3600 and custom["SECURE_HSTS_PRELOAD"]
    assert custom["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert custom["MAP_LOGIN_REQUIRED"] is True and custom["REPORT_MAX_BYTES"] == 5000
    dev = settings_of({"DJANGO_DEBUG": "1"})
    assert (
        dev["DEBUG"]
        and not dev["SECURE_SSL_REDIRECT"]
        and not dev["SESSION_COOKIE_SECURE"]
        and dev["SECURE_HSTS_SECONDS"] == 0
    )


@pytest.mark.parametrize(
    "env,message",
    [
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY must be set"),
        (
            {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"},
            "is the development key",
        ),
        (
            {**PRODUCTION, "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"},
            "DJANGO_SECURE_PROXY_SSL_HEADER is HEADER,VALUE",
        ),
        ({**PRODUCTION, "REPORT_MAX_BYTES": "0"}, "REPORT_MAX_BYTES must be positive"),
    ],
)
def test_unsafe_or_broken_production_settings_stop_the_start(env, message):
    result = python(env, "-c", "import config.settings")
    assert result.returncode != 0 and message in result.stderr


def test_https_redirect_hsts_and_headers_in_production(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/gazetteer/search/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    response = client.get("/gazetteer/search/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    api = client.get("/gazetteer/search.json?q=<script>alert(1)</script>", secure=True)
    assert api["Content-Type"].startswith("application/json") and api["X-Content-Type-Options"] == "nosniff"


ADMIN_URLS = [
    "/admin/",
    "/admin/events/report/",
    "/admin/events/report/add/",
    "/admin/events/event/",
    "/admin/events/actor/",
    "/admin/gazetteer/place/",
]


def test_the_admin_requires_a_staff_login(client, db):
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    assert client.post("/admin/events/report/add/", {"text": "x"}).status_code == 302
    get_user_model().objects.create_user("reader", password="reader-password-1")
    # logged in, not staff (the lockout's backend needs the request: django-axes)
    assert client.login(request=HttpRequest(), username="reader", password="reader-password-1")
    for url in ADMIN_URLS:
        assert client.get(url)["Location"].startswith("/admin/login/"), url
    staff = get_user_model().objects.create_superuser("boss", password="boss-password-1")
    client.force_login(staff)
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url


PUBLIC_PAGES = ["/", "/map/events/", "/map/control/", "/map/changes/", "/map/timeline/", "/gazetteer/search/?q=x"]
PUBLIC_APIS = [
    "/api/events.geojson",
    "/api/events.csv",
    "/api/events/points.json",
    "/api/events/list.json?place=1",
    "/api/control.geojson",
    "/api/frontlines.geojson",
    "/gazetteer/search.json?q=x",
]


def test_maps_are_public_by_default(client, db):
    for url in PUBLIC_PAGES + PUBLIC_APIS:
        assert client.get(url).status_code == 200, url


def test_one_setting_makes_every_page_and_api_need_a_login(client, settings, db):
    from events.models import Report

    settings.MAP_LOGIN_REQUIRED = True
    report = Report.objects.create(text="ارتش سوریه شهر رقه را از داعش پس گرفت.")
    pages = [*PUBLIC_PAGES, f"/reports/{report.pk}/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    for url in PUBLIC_APIS:
        response = client.get(url)
        assert response.status_code == 401 and "log in" in response.json()["errors"][0], url
    assert client.get(reverse("login")).status_code == 200
    assert client.get("/admin/login/").status_code == 200
    get_user_model().objects.create_user("reader", password="reader-password-1")
    response = client.post(
        reverse("login") + "?next=/map/control/",
        {"username": "reader", "password": "reader-password-1", "next": "/map/control/"},
    )
    assert response.status_code == 302 and response["Location"] == "/map/control/"
    for url in pages + PUBLIC_APIS:
        assert client.get(url).status_code == 200, url
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_the_login_page_never_redirects_off_site(client, db):
    get_user_model().objects.create_user("reader", password="reader-password-1")
    for target in ("https://evil.example/", "javascript:alert(1)", "//evil.example/"):
        response = client.post(
            reverse("login"), {"username": "reader", "password": "reader-password-1", "next": target}
        )
        assert response.status_code == 302 and response["Location"] == reverse("mapping:home"), target
        client.logout()
