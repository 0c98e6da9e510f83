"""`manage.py ensure_admin` (an events command): creates one superuser, writes its password where the
README says, and leaves an existing superuser alone."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_creates_one_admin_and_says_how_to_log_in(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert password in out.getvalue()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    assert get_user_model().objects.count() == 1
    assert "existing superuser" in out.getvalue()
