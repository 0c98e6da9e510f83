from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = "Maps"

    def ready(self) -> None:
        from .assets import localise_folium

        localise_folium()
