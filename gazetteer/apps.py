from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GazetteerConfig(AppConfig):
    name = "gazetteer"
    verbose_name = _("Gazetteer")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (refresh the geocoder index on edits)
