"""Create an admin account if none exists, and say how to log in.

The generated password is kept in var/admin-password.txt (readable by the owner only) so
that `make run` can repeat it; change it with `manage.py changepassword admin`.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser 'admin' with a random password if no superuser exists."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **opts) -> None:
        User = get_user_model()
        password_file = settings.VAR_DIR / "admin-password.txt"
        if User.objects.filter(is_superuser=True).exists():
            hint = f"the password in {password_file}" if password_file.exists() else "your password"
            self.stdout.write(f"Admin: log in at /admin/ as an existing superuser ({hint}).")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n", encoding="utf-8")
        os.chmod(password_file, 0o600)
        self.stdout.write(f"Admin: created user '{username}' with password {password} (saved in {password_file}).")
