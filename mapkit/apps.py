from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapkitConfig(AppConfig):
    name = "mapkit"
    verbose_name = _("Map toolkit")

    def ready(self) -> None:
        from django.core import checks

        from .assets import check_assets, localise_folium

        localise_folium()
        checks.register(check_assets, "staticfiles")
