from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "mapping"
    verbose_name = "Maps"

    def ready(self) -> None:
        from django.core import checks

        from .assets import check_assets, localise_folium

        localise_folium()
        checks.register(check_assets, "staticfiles")
