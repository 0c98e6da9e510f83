"""App configurations the settings name for third-party apps, to give them our labels."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout) with a name the admin index shows in the reader's language."""

    verbose_name = _("Login attempts")
