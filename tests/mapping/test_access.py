"""The login lockout (django-axes, configured in settings and ``mapping/access.py``): failures
are counted per user name and client address on the admin's login and the site's
(``MAP_LOGIN_REQUIRED``); after ``AXES_FAILURE_LIMIT`` of them even the right password is refused
with the locked-out page until the cool-off ends (time is moved, not slept) or staff lift it
with ``manage.py axes_reset``; X-Forwarded-For counts only behind the documented proxy."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from mapping.access import client_ip

from ..hostile.test_deploy import python

PASSWORD = "right-password-7"
LOGINS = {"admin": "/admin/login/", "site": "/accounts/login/"}


@pytest.fixture(autouse=True)
def _site_login_required(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAP_LOGIN_REQUIRED = True  # the site's own login is the one readers meet


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice", password=PASSWORD, is_staff=True)


def attempt(client, login: str, username: str, password: str, address: str = "10.0.0.1", **extra):
    return client.post(
        LOGINS[login], {"username": username, "password": password}, REMOTE_ADDR=address, follow=False, **extra
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_ten_times(client, login: str, username: str = "alice", address: str = "10.0.0.1", **extra) -> None:
    for _ in range(10):
        attempt(client, login, username, "wrong-password", address, **extra)


@pytest.mark.parametrize("login", list(LOGINS))
def test_ten_wrong_passwords_lock_the_login_until_axes_reset(client, alice, login):
    for n in range(9):
        response = attempt(client, login, "alice", f"wrong-{n}")
        assert response.status_code == 200 and not logged_in(client)  # the form again, with its error
    attempt(client, login, "alice", "wrong-9")
    response = attempt(client, login, "alice", PASSWORD)
    assert response.status_code == 429 and not logged_in(client)
    page = response.content.decode()
    assert "Too many failed logins" in page and "paused for 30 minutes" in page
    assert response["Retry-After"] == "1800"
    assert AccessAttempt.objects.get(username="alice", ip_address="10.0.0.1").failures_since_start >= 10

    out = io.StringIO()
    call_command("axes_reset", stdout=out)
    assert "attempts removed" in out.getvalue() and not AccessAttempt.objects.exists()
    response = attempt(client, login, "alice", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


@pytest.mark.parametrize("login", list(LOGINS))
def test_the_lock_ends_after_the_cool_off_and_a_try_during_it_starts_it_again(client, alice, login):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail_ten_times(client, login)
        clock.move_to(start + dt.timedelta(minutes=29))
        assert attempt(client, login, "alice", PASSWORD).status_code == 429  # still locked; the wait restarts
        clock.move_to(start + dt.timedelta(minutes=29 + 29))
        assert attempt(client, login, "alice", PASSWORD).status_code == 429
        clock.move_to(start + dt.timedelta(minutes=29 + 29 + 31))
        response = attempt(client, login, "alice", PASSWORD)
        assert response.status_code == 302 and logged_in(client)


def test_the_locked_out_page_does_not_tell_whether_the_user_exists(client, alice):
    fail_ten_times(client, "admin", "alice")
    fail_ten_times(client, "admin", "nobody-by-this-name")
    known = attempt(client, "admin", "alice", PASSWORD)
    unknown = attempt(client, "admin", "nobody-by-this-name", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content
    assert b"alice" not in known.content


def test_failures_count_per_user_name_and_address(client, alice):
    get_user_model().objects.create_user("bob", password=PASSWORD)
    fail_ten_times(client, "site", "alice", "10.0.0.1")
    assert attempt(client, "site", "alice", PASSWORD, "10.0.0.1").status_code == 429
    assert attempt(client, "site", "alice", PASSWORD, "10.0.0.2").status_code == 302  # another address
    client.logout()
    assert attempt(client, "site", "bob", PASSWORD, "10.0.0.1").status_code == 302  # another user


def test_a_successful_login_clears_the_failures_before_it(client, alice):
    for _ in range(9):
        attempt(client, "admin", "alice", "wrong-password")
    assert attempt(client, "admin", "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(9):
        attempt(client, "admin", "alice", "wrong-password")
    assert attempt(client, "admin", "alice", PASSWORD).status_code == 302  # 9 + 9 failures, never 10 in a row


def test_x_forwarded_for_is_believed_only_behind_the_documented_proxy(client, alice, settings):
    # Without DJANGO_SECURE_PROXY_SSL_HEADER, made-up forwarded addresses change nothing.
    for n in range(10):
        attempt(client, "admin", "alice", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(client, "admin", "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}

    call_command("axes_reset", stdout=io.StringIO())
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind the proxy the right-most address is the client the proxy saw; what the client put
    # left of it is not believed.
    for n in range(10):
        attempt(client, "admin", "alice", "wrong", "127.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5")
    assert (
        attempt(client, "admin", "alice", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    )
    assert (
        attempt(client, "admin", "alice", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_client_ip_falls_back_to_the_connection_for_a_missing_or_bad_header(settings):
    factory = RequestFactory()
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="192.0.2.1")) == "10.1.1.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="192.0.2.1")) == "192.0.2.1"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=" 2001:db8::1 ")) == "2001:db8::1"
    for bad in ("", "<script>", "192.0.2.1, not-an-address", "999.1.1.1"):
        assert client_ip(factory.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=bad)) == "10.1.1.1", bad


def test_staff_see_attempts_and_logins_in_the_admin_and_can_lift_a_lock_there(client, alice):
    fail_ten_times(client, "admin", "alice", "10.0.0.7")
    boss = get_user_model().objects.create_superuser("boss", password=PASSWORD)
    assert attempt(client, "admin", "boss", PASSWORD, "10.0.0.8").status_code == 302
    page = client.get("/admin/axes/accessattempt/").content.decode()
    assert "alice" in page and "10.0.0.7" in page
    assert "10.0.0.8" in client.get("/admin/axes/accesslog/").content.decode()  # boss's login
    locked = AccessAttempt.objects.get(username="alice")
    response = client.post(f"/admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.filter(username="alice").exists()
    client.logout()
    assert attempt(client, "admin", "alice", PASSWORD, "10.0.0.7").status_code == 302
    assert AccessLog.objects.filter(username=boss.username).exists()


def test_the_lockout_settings_come_from_the_environment():
    code = "import config.settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_LOCKOUT_PARAMETERS)"
    assert python({}, "-c", code).stdout.split("\n")[-2] == "10 0:30:00 [['username', 'ip_address']]"
    assert python({"AXES_FAILURE_LIMIT": "5", "AXES_COOLOFF_TIME": "90"}, "-c", code).stdout.startswith("5 1:30:00")
    assert python({"AXES_COOLOFF_TIME": "0"}, "-c", code).stdout.startswith("10 None")  # until lifted
    for env in ({"AXES_FAILURE_LIMIT": "0"}, {"AXES_COOLOFF_TIME": "-1"}):
        result = python(env, "-c", code)
        assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr
