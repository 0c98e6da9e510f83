from django.apps import AppConfig


class MapkitConfig(AppConfig):
    name = "mapkit"
    verbose_name = "Map toolkit"

    def ready(self) -> None:
        from django.core import checks

        from .assets import check_assets, localise_folium

        localise_folium()
        checks.register(check_assets, "staticfiles")
