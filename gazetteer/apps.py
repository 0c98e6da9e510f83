from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    name = "gazetteer"
    verbose_name = "Gazetteer"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (refresh the geocoder index on edits)
