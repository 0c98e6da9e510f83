"""App configurations the settings name for third-party apps, to give them our labels."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout) with a name the admin index shows in the reader's language.

    Its `ready()` also installs the admin's labelled user and group pages (`auth_admin.install`):
    here, when the apps are loaded and the admin has discovered every app's admin module, not when
    the URLconf is imported. `runserver`'s reloader imports the URLconf in its own thread while
    the system checks iterate the admin's registry, and re-registering a model then broke the
    checks ("dictionary keys changed during iteration") now and then."""

    verbose_name = _("Login attempts")

    def ready(self) -> None:
        super().ready()
        from django.contrib import admin

        from .auth_admin import install

        install(admin.site)
